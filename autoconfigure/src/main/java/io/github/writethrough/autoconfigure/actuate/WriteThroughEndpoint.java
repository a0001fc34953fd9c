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

package io.github.writethrough.autoconfigure.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.writethrough.cache.CacheOperations;
import io.github.writethrough.cache.CacheStatistics;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.cache.NearCache;
import io.github.writethrough.cache.NearCacheSettings;
import io.github.writethrough.cache.Inspection;
import io.github.writethrough.cache.LogSafe;
import io.github.writethrough.feed.ChangeFeedStatus;
import io.github.writethrough.operations.CacheCoherence;
import io.github.writethrough.store.EntryStore;
import io.github.writethrough.transaction.CacheRepairs;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@link Endpoint @Endpoint} that shows the write-through caches, compares an entry with
 * its row, and evicts entries or whole caches.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
@Endpoint(id = "writethrough")
public class WriteThroughEndpoint {

	private final EntityCaches caches;

	private final CacheOperations operations;

	private final CacheRepairs repairs;

	private final EntryStore store;

	private final CacheCoherence coherence;

	private final @Nullable ChangeFeedStatus changeFeed;

	/**
	 * Create a new endpoint.
	 * @param caches the caches
	 * @param operations inspects, evicts and invalidates
	 * @param repairs the repairs
	 * @param store the store
	 * @param coherence compares entries with their committed rows
	 * @param changeFeed the status of the change feed, {@code null} when it is off
	 */
	public WriteThroughEndpoint(EntityCaches caches, CacheOperations operations, CacheRepairs repairs, EntryStore store,
			CacheCoherence coherence, @Nullable ChangeFeedStatus changeFeed) {
		this.caches = caches;
		this.operations = operations;
		this.repairs = repairs;
		this.store = store;
		this.coherence = coherence;
		this.changeFeed = changeFeed;
	}

	/**
	 * Describe every cache.
	 * @return the description
	 */
	@ReadOperation
	public CachesDescriptor caches() {
		List<CacheDescriptor> caches = this.caches.all().stream().map(WriteThroughEndpoint::describe).toList();
		return new CachesDescriptor(this.store.isAvailable(), this.repairs.pending(),
				(this.changeFeed != null) ? ChangeFeedDescriptor.of(this.changeFeed) : null, caches);
	}

	/**
	 * Show the entry of an id next to its committed row.
	 * @param cache the cache name
	 * @param id the id as it appears in keys
	 * @return the comparison, or {@code null} (404) for an unknown cache
	 */
	@ReadOperation
	public @Nullable Inspection entry(@Selector String cache, @Selector String id) {
		EntityCache entityCache = this.caches.get(cache);
		if (entityCache == null) {
			return null;
		}
		return this.coherence.inspect(entityCache, parseId(entityCache, id));
	}

	/**
	 * Remove the entry of an id.
	 * @param cache the cache name
	 * @param id the id as it appears in keys
	 * @return whether there was an entry, or {@code null} (404) for an unknown cache
	 */
	@DeleteOperation
	public @Nullable Map<String, Object> evict(@Selector String cache, @Selector String id) {
		EntityCache entityCache = this.caches.get(cache);
		return (entityCache != null) ? Map.of("evicted", this.operations.evict(entityCache, parseId(entityCache, id)))
				: null;
	}

	/**
	 * Invalidate every entry of a cache at once.
	 * @param cache the cache name
	 * @return confirmation, or {@code null} (404) for an unknown cache
	 */
	@DeleteOperation
	public @Nullable Map<String, Object> invalidate(@Selector String cache) {
		EntityCache entityCache = this.caches.get(cache);
		if (entityCache == null) {
			return null;
		}
		this.operations.invalidate(entityCache);
		return Map.of("invalidated", cache);
	}

	/**
	 * Parse an id of a cache, answering 400 for text that is not one.
	 */
	private static Object parseId(EntityCache cache, String id) {
		try {
			return cache.parseId(id);
		}
		catch (RuntimeException ex) {
			throw new InvalidEndpointRequestException(
					"'%s' is not an id of cache '%s'".formatted(LogSafe.text(id), cache.name()),
					"Not an id of cache '" + cache.name() + "'");
		}
	}

	private static CacheDescriptor describe(EntityCache cache) {
		CacheStatistics statistics = cache.statistics();
		NearCache near = cache.near();
		NearCacheSettings nearSettings = cache.settings().near();
		NearDescriptor nearDescriptor = (near != null && nearSettings != null)
				? new NearDescriptor(near.isAnswering(), nearSettings.maxEntries(), nearSettings.ttl(),
						nearSettings.maxStaleness(), near.size(), near.hits(), near.misses(), near.flushes())
				: null;
		return new CacheDescriptor(cache.name(), cache.entityType().getName(), cache.shape(), cache.keyPattern(),
				cache.settings().ttl().ttl(), cache.settings().ttl().jitter() * 100 + "%",
				cache.settings().negativeTtl(), statistics.hits(), statistics.misses(), statistics.hitRatio(),
				cache.trust().pendingRepairs(), nearDescriptor);
	}

	/**
	 * Description of every cache.
	 *
	 * @param redisAvailable whether the last call to Redis succeeded
	 * @param pendingRepairs how many updates wait for Redis
	 * @param changeFeed what the change feed of this instance is doing, {@code null} when
	 * it is off
	 * @param caches the caches
	 */
	public record CachesDescriptor(boolean redisAvailable, int pendingRepairs,
			@Nullable ChangeFeedDescriptor changeFeed, List<CacheDescriptor> caches) {

	}

	/**
	 * Description of one cache.
	 *
	 * @param name the cache name
	 * @param entity the entity class
	 * @param shape the fingerprint of the entity class's shape, under which this instance
	 * reads and writes states
	 * @param keyPattern the pattern of its keys
	 * @param ttl the time-to-live of entries
	 * @param ttlJitter the jitter of the time-to-live
	 * @param negativeTtl the time-to-live of negative entries
	 * @param hits reads answered by the cache
	 * @param misses reads that went to the database
	 * @param hitRatio the share of hits
	 * @param pendingRepairs updates of this cache waiting for Redis
	 * @param near its near tier, {@code null} when it has none
	 */
	public record CacheDescriptor(String name, String entity, String shape, String keyPattern, Duration ttl,
			String ttlJitter, Duration negativeTtl, long hits, long misses, double hitRatio, int pendingRepairs,
			@Nullable NearDescriptor near) {

	}

	/**
	 * Description of the near tier of a cache.
	 *
	 * @param answering whether it answers reads now: Redis proved within max-staleness
	 * that it told this instance of every change
	 * @param maxEntries the most entries it holds
	 * @param ttl the longest time an entry stays
	 * @param maxStaleness the longest time reads trust it without proof from Redis
	 * @param entries about how many entries it holds
	 * @param hits reads it answered
	 * @param misses reads it did not answer
	 * @param flushes times it was emptied
	 */
	public record NearDescriptor(boolean answering, int maxEntries, Duration ttl, Duration maxStaleness, long entries,
			long hits, long misses, long flushes) {

	}

}
