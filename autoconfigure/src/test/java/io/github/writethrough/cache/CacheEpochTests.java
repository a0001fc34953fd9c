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

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CacheEpoch}.
 *
 * @author Write-Through contributors
 */
class CacheEpochTests {

	private final FakeEntryStore store = new FakeEntryStore();

	private final CacheEpoch epoch = new CacheEpoch("wt:members".getBytes(StandardCharsets.UTF_8));

	@Test
	void epochIsZeroBeforeAnyWasSeen() {
		assertThat(this.epoch.known()).isZero();
	}

	@Test
	void epochOnlyGrows() {
		this.epoch.observed(5);
		this.epoch.observed(3);
		assertThat(this.epoch.known()).isEqualTo(5);
		this.epoch.observed(8);
		assertThat(this.epoch.known()).isEqualTo(8);
	}

	@Test
	void forWriteReadsTheEpochFromTheStoreOnce() {
		assertThat(this.epoch.forWrite(this.store)).isEqualTo(FakeEntryStore.INITIAL_EPOCH);
		assertThat(this.epoch.forWrite(this.store)).isEqualTo(FakeEntryStore.INITIAL_EPOCH);
		assertThat(this.store.epochCalls()).isEqualTo(1);
		assertThat(this.epoch.known()).isEqualTo(FakeEntryStore.INITIAL_EPOCH);
	}

	@Test
	void forWriteGivesTheKnownEpochWithoutReadingIt() {
		this.epoch.observed(42);
		assertThat(this.epoch.forWrite(this.store)).isEqualTo(42);
		assertThat(this.store.calls()).isZero();
	}

	@Test
	void forWriteGivesZeroWhenTheStoreFailsAndReadsAgainLater() {
		this.store.unavailable(true);
		assertThat(this.epoch.forWrite(this.store)).isZero();
		this.store.unavailable(false);
		assertThat(this.epoch.forWrite(this.store)).isEqualTo(FakeEntryStore.INITIAL_EPOCH);
		assertThat(this.store.epochCalls()).isEqualTo(2);
	}

}
