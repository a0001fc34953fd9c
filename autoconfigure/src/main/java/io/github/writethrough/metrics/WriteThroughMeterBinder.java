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

import java.util.Collection;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.github.writethrough.cache.CacheStatistics;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.NearCache;
import io.github.writethrough.store.EntryStore;
import io.github.writethrough.transaction.CacheRepairs;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.util.Assert;

/**
 * Binds the meters of the write-through caches: per cache the meters Micrometer's own
 * cache binders use ({@code cache.gets}, {@code cache.puts}, {@code cache.evictions},
 * tagged {@code cache} and {@code cache.manager}), so existing cache dashboards work, and
 * the write-through meters.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public class WriteThroughMeterBinder implements MeterBinder {

	/**
	 * Value of the {@code cache.manager} tag.
	 */
	public static final String CACHE_MANAGER = "writeThrough";

	private final Supplier<Collection<EntityCache>> caches;

	private final CacheRepairs repairs;

	private final EntryStore store;

	/**
	 * Create a new binder.
	 * @param caches the caches, read when the binder is bound
	 * @param repairs the repairs, for the pending repairs gauge
	 * @param store the store, for the circuit breaker gauge
	 */
	public WriteThroughMeterBinder(Supplier<Collection<EntityCache>> caches, CacheRepairs repairs, EntryStore store) {
		Assert.notNull(caches, "caches must not be null");
		Assert.notNull(repairs, "repairs must not be null");
		Assert.notNull(store, "store must not be null");
		this.caches = caches;
		this.repairs = repairs;
		this.store = store;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (EntityCache cache : this.caches.get()) {
			Tags tags = Tags.of("cache", cache.name(), "cache.manager", CACHE_MANAGER);
			CacheStatistics statistics = cache.statistics();
			counter(registry, "cache.gets", tags.and("result", "hit"), statistics, CacheStatistics::hits,
					"Reads, by whether the cache answered them");
			counter(registry, "cache.gets", tags.and("result", "miss"), statistics, CacheStatistics::misses,
					"Reads, by whether the cache answered them");
			counter(registry, "cache.puts", tags, statistics, CacheStatistics::puts, "Entries written");
			counter(registry, "cache.evictions", tags, statistics, CacheStatistics::evictions,
					"Entries marked deleted or removed, and whole-cache invalidations");
			counter(registry, "writethrough.writes", tags.and("outcome", "applied"), statistics,
					CacheStatistics::appliedWrites, "Cache writes by outcome");
			counter(registry, "writethrough.writes", tags.and("outcome", "skipped"), statistics,
					CacheStatistics::skippedPuts, "Cache writes by outcome");
			counter(registry, "writethrough.writes", tags.and("outcome", "failed"), statistics,
					CacheStatistics::failedUpdates, "Cache writes by outcome");
			counter(registry, "writethrough.decode.failures", tags, statistics, CacheStatistics::decodeFailures,
					"Entries that did not decode and were removed");
			counter(registry, "writethrough.audit.mismatches", tags, statistics, CacheStatistics::auditMismatches,
					"Entries the consistency auditor found different from their row");
			counter(registry, "writethrough.entries.oversized", tags, statistics, CacheStatistics::oversized,
					"States not cached because their entry would exceed the cache's max-entry-size");
			counter(registry, "writethrough.fills.standby", tags, statistics, CacheStatistics::standbyReads,
					"Ids read after a miss and not cached, because the read went to a standby server");
			counter(registry, "writethrough.entries.other.shape", tags, statistics, CacheStatistics::otherShapes,
					"Reads that missed because the entry was written by another shape of the entity class");
			NearCache near = cache.near();
			if (near != null) {
				bindNear(registry, tags, near);
			}
		}
		Gauge.builder("writethrough.repairs.pending", this.repairs, CacheRepairs::pending)
			.description("Cache updates of committed transactions waiting for Redis")
			.register(registry);
		Gauge.builder("writethrough.circuit.open", this.store, (store) -> store.isAvailable() ? 0 : 1)
			.description("1 while the circuit breaker skips Redis after a failure, 0 otherwise")
			.register(registry);
	}

	private static void bindNear(MeterRegistry registry, Tags tags, NearCache near) {
		nearCounter(registry, "writethrough.near.gets", tags.and("result", "hit"), near, NearCache::hits,
				"Reads of the near tier, by whether it answered them");
		nearCounter(registry, "writethrough.near.gets", tags.and("result", "miss"), near, NearCache::misses,
				"Reads of the near tier, by whether it answered them");
		nearCounter(registry, "writethrough.near.evictions", tags, near, NearCache::evictions,
				"Near entries removed to keep the near tier within max-entries or ttl");
		nearCounter(registry, "writethrough.near.invalidations", tags, near, NearCache::invalidations,
				"Near entries removed because their key changed");
		nearCounter(registry, "writethrough.near.flushes", tags, near, NearCache::flushes,
				"Times the near tier was emptied: whole-cache invalidations, and times Redis could not prove "
						+ "it told every change");
		Gauge.builder("writethrough.near.entries", near, NearCache::size)
			.tags(tags)
			.description("Entries the near tier holds, approximately")
			.register(registry);
	}

	private static void nearCounter(MeterRegistry registry, String name, Tags tags, NearCache near,
			ToDoubleFunction<NearCache> count, String description) {
		FunctionCounter.builder(name, near, count).tags(tags).description(description).register(registry);
	}

	private static void counter(MeterRegistry registry, String name, Tags tags, CacheStatistics statistics,
			ToDoubleFunction<CacheStatistics> count, String description) {
		FunctionCounter.builder(name, statistics, count).tags(tags).description(description).register(registry);
	}

}
