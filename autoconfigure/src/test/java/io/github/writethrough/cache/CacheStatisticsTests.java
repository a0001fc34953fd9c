/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package io.github.writethrough.cache;

import java.nio.charset.StandardCharsets;

import io.github.writethrough.store.EntryWrite;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CacheStatistics}.
 *
 * @author Write-Through contributors
 */
class CacheStatisticsTests {

	private static final byte[] KEY = "wt:members:1".getBytes(StandardCharsets.UTF_8);

	private final CacheStatistics statistics = new CacheStatistics();

	@Test
	void hitRatioIsNotANumberBeforeAnyRead() {
		assertThat(this.statistics.hitRatio()).isNaN();
	}

	@Test
	void hitRatioIsTheShareOfHits() {
		this.statistics.hit();
		this.statistics.hit();
		this.statistics.hit();
		this.statistics.miss();
		assertThat(this.statistics.hits()).isEqualTo(3);
		assertThat(this.statistics.misses()).isEqualTo(1);
		assertThat(this.statistics.hitRatio()).isEqualTo(0.75);
	}

	@Test
	void hitRatioIsZeroWithMissesOnly() {
		this.statistics.miss();
		assertThat(this.statistics.hitRatio()).isZero();
	}

	@Test
	void appliedCommitsAndFillsArePuts() {
		this.statistics.written(commit(), true);
		this.statistics.written(EntryWrite.fill(KEY, 1, 1, 0, entry(EntryKind.ABSENT), entry(EntryKind.LEASE)), true);
		assertThat(this.statistics.puts()).isEqualTo(2);
		assertThat(this.statistics.skippedPuts()).isZero();
		assertThat(this.statistics.evictions()).isZero();
	}

	@Test
	void appliedDeleteMarkersAreEvictions() {
		this.statistics.written(delete(), true);
		assertThat(this.statistics.evictions()).isEqualTo(1);
		assertThat(this.statistics.puts()).isZero();
	}

	@Test
	void skippedWritesAreSkippedPuts() {
		this.statistics.written(commit(), false);
		this.statistics.written(delete(), false);
		assertThat(this.statistics.skippedPuts()).isEqualTo(2);
		assertThat(this.statistics.puts()).isZero();
		assertThat(this.statistics.evictions()).isZero();
	}

	@Test
	void invalidationsAreEvictions() {
		this.statistics.invalidated();
		this.statistics.invalidated();
		assertThat(this.statistics.evictions()).isEqualTo(2);
	}

	@Test
	void failuresAndMismatchesAreCounted() {
		this.statistics.updateFailed();
		this.statistics.decodeFailed();
		this.statistics.decodeFailed();
		this.statistics.auditMismatch();
		assertThat(this.statistics.failedUpdates()).isEqualTo(1);
		assertThat(this.statistics.decodeFailures()).isEqualTo(2);
		assertThat(this.statistics.auditMismatches()).isEqualTo(1);
	}

	private static EntryWrite commit() {
		return EntryWrite.commit(KEY, 1, 1, 0, entry(EntryKind.EVICTED));
	}

	private static EntryWrite delete() {
		return EntryWrite.delete(KEY, 1, 1, 0, entry(EntryKind.DELETED));
	}

	private static byte[] entry(EntryKind kind) {
		return EntityCodec.encodeMarker(kind, 1, 1);
	}

}
