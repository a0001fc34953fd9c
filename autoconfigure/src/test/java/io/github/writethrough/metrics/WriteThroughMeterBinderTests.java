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

package io.github.writethrough.metrics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.github.writethrough.cache.CacheOperations;
import io.github.writethrough.cache.CacheUpdates;
import io.github.writethrough.cache.CacheWriter;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.PreparedWrite;
import io.github.writethrough.cache.ReadThrough;
import io.github.writethrough.cache.WritePreparation;
import io.github.writethrough.transaction.CacheRepairs;
import io.github.writethrough.transaction.RecordingEntryStore;
import io.github.writethrough.transaction.TestCaches;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WriteThroughMeterBinder}.
 *
 * @author Write-Through contributors
 */
class WriteThroughMeterBinderTests {

	private final RecordingEntryStore store = new RecordingEntryStore();

	private final CacheWriter writer = new CacheWriter(this.store);

	private final CacheRepairs repairs = new CacheRepairs(this.writer, 100, Duration.ofMinutes(1));

	private final EntityCache items = TestCaches.cache("items");

	private final EntityCache others = TestCaches.cache("others");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@BeforeEach
	void bind() {
		new WriteThroughMeterBinder(() -> List.of(this.items, this.others), this.repairs, this.store)
			.bindTo(this.registry);
	}

	@Test
	void bindingRegistersTheCacheMetersOfEachCache() {
		for (String cache : List.of("items", "others")) {
			Tags tags = Tags.of("cache", cache, "cache.manager", WriteThroughMeterBinder.CACHE_MANAGER);
			assertThat(this.registry.get("cache.gets").tags(tags).tag("result", "hit").functionCounter()).isNotNull();
			assertThat(this.registry.get("cache.gets").tags(tags).tag("result", "miss").functionCounter()).isNotNull();
			assertThat(this.registry.get("cache.puts").tags(tags).functionCounter()).isNotNull();
			assertThat(this.registry.get("cache.evictions").tags(tags).functionCounter()).isNotNull();
			for (String outcome : List.of("applied", "skipped", "failed")) {
				assertThat(
						this.registry.get("writethrough.writes").tags(tags).tag("outcome", outcome).functionCounter())
					.isNotNull();
			}
			assertThat(this.registry.get("writethrough.decode.failures").tags(tags).functionCounter()).isNotNull();
			assertThat(this.registry.get("writethrough.audit.mismatches").tags(tags).functionCounter()).isNotNull();
			assertThat(this.registry.get("writethrough.fills.standby").tags(tags).functionCounter()).isNotNull();
		}
		assertThat(WriteThroughMeterBinder.CACHE_MANAGER).isEqualTo("writeThrough");
		assertThat(this.registry.get("writethrough.repairs.pending").gauge()).isNotNull();
		assertThat(this.registry.get("writethrough.circuit.open").gauge()).isNotNull();
	}

	@Test
	void getsFollowHitsAndMisses() throws Throwable {
		PreparedWrite cached = TestCaches.saved(this.items, 1, 10);
		this.store.entry(cached.write().key(), cached.write().entry());
		ReadThrough readThrough = new ReadThrough(this.store, new WritePreparation(this.store), this.writer);
		readThrough.read(this.items, List.of(1L, 2L, 3L), (ids, fills) -> ids);
		assertThat(count("cache.gets", "items", "result", "hit")).isEqualTo(1);
		assertThat(count("cache.gets", "items", "result", "miss")).isEqualTo(2);
		assertThat(count("cache.gets", "others", "result", "miss")).isZero();
	}

	@Test
	void putsEvictionsAndWritesFollowTheWritesOfTheCache() {
		this.writer.apply(new CacheUpdates(List.of(TestCaches.saved(this.items, 1, 10),
				TestCaches.saved(this.items, 2, 10), TestCaches.deleted(this.items, 3, 10)), List.of()));
		this.store.skipping(true);
		this.writer.apply(new CacheUpdates(List.of(TestCaches.saved(this.items, 4, 10)), List.of()));
		this.store.skipping(false);
		this.writer.invalidate(this.items);
		this.writer.recordFailure(new CacheUpdates(List.of(TestCaches.saved(this.items, 5, 10)), List.of()));
		assertThat(count("cache.puts", "items")).isEqualTo(2);
		assertThat(count("writethrough.writes", "items", "outcome", "applied")).isEqualTo(3);
		assertThat(count("writethrough.writes", "items", "outcome", "skipped")).isEqualTo(1);
		assertThat(count("writethrough.writes", "items", "outcome", "failed")).isEqualTo(1);
		assertThat(count("cache.evictions", "items")).isEqualTo(2);
		assertThat(count("cache.puts", "others")).isZero();
	}

	@Test
	void decodeFailuresFollowEntriesThatDoNotDecode() throws Throwable {
		byte[] key = "wt:items:1".getBytes(StandardCharsets.UTF_8);
		this.store.entry(key, "not an entry".getBytes(StandardCharsets.UTF_8));
		new ReadThrough(this.store, new WritePreparation(this.store), this.writer).read(this.items, List.of(1L),
				(ids, fills) -> ids);
		assertThat(count("writethrough.decode.failures", "items")).isEqualTo(1);
		assertThat(count("cache.gets", "items", "result", "miss")).isEqualTo(1);
	}

	@Test
	void standbyReadsFollowTheMissedRowsThatWereReadFromAStandby() throws Throwable {
		new ReadThrough(this.store, new WritePreparation(this.store), this.writer).read(this.items, List.of(1L, 2L),
				(ids, fills) -> {
					fills.readFromStandby();
					return ids;
				});
		assertThat(count("writethrough.fills.standby", "items")).isEqualTo(2);
	}

	@Test
	void auditMismatchesFollowTheEntriesTheAuditorRemoved() {
		PreparedWrite cached = TestCaches.saved(this.items, 1, 10);
		this.store.entry(cached.write().key(), cached.write().entry());
		new CacheOperations(this.store, this.writer, () -> Long.MAX_VALUE).removeMismatch(this.items, 1L);
		assertThat(count("writethrough.audit.mismatches", "items")).isEqualTo(1);
		assertThat(count("cache.evictions", "items")).isEqualTo(1);
	}

	@Test
	void pendingRepairsGaugeFollowsTheRepairs() {
		assertThat(this.registry.get("writethrough.repairs.pending").gauge().value()).isZero();
		this.repairs.add(new CacheUpdates(List.of(TestCaches.saved(this.items, 1, 10)), List.of(this.others)));
		assertThat(this.registry.get("writethrough.repairs.pending").gauge().value()).isEqualTo(2);
		this.repairs.retry();
		assertThat(this.registry.get("writethrough.repairs.pending").gauge().value()).isZero();
	}

	@Test
	void circuitOpenGaugeIsOneWhileTheStoreIsUnavailable() {
		assertThat(this.registry.get("writethrough.circuit.open").gauge().value()).isZero();
		this.store.failing(true);
		assertThat(this.registry.get("writethrough.circuit.open").gauge().value()).isOne();
		this.store.failing(false);
		assertThat(this.registry.get("writethrough.circuit.open").gauge().value()).isZero();
	}

	private double count(String name, String cache, String... tags) {
		return this.registry.get(name)
			.tags("cache", cache, "cache.manager", WriteThroughMeterBinder.CACHE_MANAGER)
			.tags(tags)
			.functionCounter()
			.count();
	}

}
