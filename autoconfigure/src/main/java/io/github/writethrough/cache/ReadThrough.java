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

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.writethrough.store.CacheUnavailableException;
import io.github.writethrough.store.EntryRead;
import io.github.writethrough.store.EntryStore;
import io.github.writethrough.store.EntryWrite;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Reads entities through their cache: looks the ids up in the cache's near tier where it
 * has one, then in Redis, leaving a lease where an entry is absent, lets the caller load
 * the rest from the database, and fills the cache from what it loaded where the leases
 * are still there. Redis hits fill the near tier.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class ReadThrough {

	private static final long LEASE_MILLIS = Duration.ofSeconds(10).toMillis();

	private static final Log logger = LogFactory.getLog(ReadThrough.class);

	private final EntryStore store;

	private final WritePreparation preparation;

	private final CacheWriter writer;

	/**
	 * Create a new instance.
	 * @param store the store
	 * @param preparation prepares the fills
	 * @param writer applies the fills
	 */
	public ReadThrough(EntryStore store, WritePreparation preparation, CacheWriter writer) {
		Assert.notNull(store, "store must not be null");
		Assert.notNull(preparation, "preparation must not be null");
		Assert.notNull(writer, "writer must not be null");
		this.store = store;
		this.preparation = preparation;
		this.writer = writer;
	}

	/**
	 * Read entities of a cache: those it holds from Redis, the others by the loader.
	 * @param <R> the type of what the loader returns
	 * @param cache the cache
	 * @param ids the ids, without duplicates
	 * @param loader loads what the cache did not answer
	 * @return the entries found, and what the loader returned
	 * @throws Throwable what the loader threw
	 */
	public <R> Reading<R> read(EntityCache cache, List<?> ids, Loader<R> loader) throws Throwable {
		List<Lookup> lookups = lookup(cache, ids);
		if (lookups == null) {
			return new Reading<>(Status.UNAVAILABLE, List.of(), loader.load(new ArrayList<>(ids), null));
		}
		List<Hit> hits = new ArrayList<>(ids.size());
		Map<Object, Lookup> missed = null;
		for (int i = 0; i < ids.size(); i++) {
			Lookup lookup = lookups.get(i);
			if (lookup.hit()) {
				hits.add(new Hit(ids.get(i), lookup.entity()));
			}
			else {
				missed = (missed != null) ? missed : new LinkedHashMap<>();
				missed.put(ids.get(i), lookup);
			}
		}
		if (missed == null) {
			return new Reading<>(Status.HIT, hits, null);
		}
		Fills fills = new Fills(cache, missed);
		R loaded = loader.load(new ArrayList<>(missed.keySet()), fills);
		this.writer.fill(cache, fills.writes);
		return new Reading<>(Status.MISS, hits, loaded);
	}

	/**
	 * Read the entries of several ids in one round trip, counting hits and misses.
	 * @return the lookups, in the order of the ids, or {@code null} when the cache cannot
	 * be read
	 */
	private @Nullable List<Lookup> lookup(EntityCache cache, List<?> ids) {
		List<Lookup> lookups = readTrusted(cache, ids);
		for (int i = 0; i < ids.size(); i++) {
			if (lookups != null && lookups.get(i).hit()) {
				cache.statistics().hit();
			}
			else {
				cache.statistics().miss();
			}
		}
		return lookups;
	}

	private @Nullable List<Lookup> readTrusted(EntityCache cache, List<?> ids) {
		if (!cache.trust().isTrusted()) {
			return null;
		}
		NearCache near = cache.near();
		List<byte[]> keys = new ArrayList<>(ids.size());
		for (Object id : ids) {
			keys.add(cache.keys().entryKey(id));
		}
		if (near == null) {
			return readRedis(cache, ids, keys, null);
		}
		List<@Nullable Lookup> lookups = new ArrayList<>(ids.size());
		List<Object> unansweredIds = null;
		List<byte[]> unansweredKeys = null;
		for (int i = 0; i < ids.size(); i++) {
			Lookup lookup = near.lookup(ids.get(i), keys.get(i));
			lookups.add(lookup);
			if (lookup == null) {
				unansweredIds = (unansweredIds != null) ? unansweredIds : new ArrayList<>(ids.size());
				unansweredKeys = (unansweredKeys != null) ? unansweredKeys : new ArrayList<>(ids.size());
				unansweredIds.add(ids.get(i));
				unansweredKeys.add(keys.get(i));
			}
		}
		if (unansweredIds == null || unansweredKeys == null) {
			return lookups;
		}
		long[] changes = new long[unansweredKeys.size()];
		for (int i = 0; i < changes.length; i++) {
			changes[i] = near.changesOf(unansweredKeys.get(i));
		}
		List<Lookup> read = readRedis(cache, unansweredIds, unansweredKeys, changes);
		if (read == null) {
			return null;
		}
		for (int i = 0, next = 0; i < lookups.size(); i++) {
			if (lookups.get(i) == null) {
				lookups.set(i, read.get(next++));
			}
		}
		return lookups;
	}

	/**
	 * Read entries from Redis; where the cache has a near tier, keep its hits there
	 * unless a change of their key was told since the given counts were taken.
	 */
	private @Nullable List<Lookup> readRedis(EntityCache cache, List<?> ids, List<byte[]> keys,
			long @Nullable [] changes) {
		try {
			byte[] lease = EntityCodec.encodeLease();
			EntryRead read = this.store.lookup(cache.epoch().key(), keys, lease, LEASE_MILLIS,
					cache.settings().maxEntryBytes());
			if (!cache.trust().isTrusted()) {
				// an invalidation sent before this read failed: the entries may be older
				// than it
				return null;
			}
			cache.epoch().observed(read.epoch());
			List<Lookup> lookups = new ArrayList<>(ids.size());
			for (int i = 0; i < keys.size(); i++) {
				// a waiting write of the key replaces what Redis holds: read the row
				// and fill nothing
				Lookup lookup = cache.trust().isTrusted(keys.get(i)) ? toLookup(cache, ids.get(i), keys.get(i),
						read.entries().get(i), read.epoch(), lease, changes, i) : Lookup.miss(read.epoch(), null);
				lookups.add(lookup);
			}
			return lookups;
		}
		catch (CacheUnavailableException ex) {
			return null;
		}
	}

	private Lookup toLookup(EntityCache cache, Object id, byte[] key, byte @Nullable [] bytes, long epoch, byte[] lease,
			long @Nullable [] changes, int index) {
		if (bytes == null) {
			return Lookup.miss(epoch, lease);
		}
		CacheEntry entry;
		try {
			if (bytes.length > cache.settings().maxEntryBytes()) {
				throw new EntryDecodingException("Entry is larger than max-entry-size");
			}
			entry = cache.codec().decode(bytes);
			if (entry.entity() != null && !CacheKeys.sameId(id, cache.codec().idOf(entry.entity()))) {
				throw new EntryDecodingException("Entry holds the state of another row");
			}
		}
		catch (EntryDecodingException ex) {
			discard(cache, key, ex);
			return Lookup.miss(epoch, null);
		}
		if (entry.epoch() != epoch) {
			return Lookup.miss(epoch, bytes);
		}
		byte[] otherStates = entry.otherStates();
		if (otherStates != null) {
			cache.statistics().otherShape();
			return Lookup.otherShape(epoch, bytes, entry.fence(), otherStates);
		}
		return switch (entry.kind()) {
			case ENTITY, ABSENT -> hit(cache, id, key, entry, bytes, changes, index);
			case EVICTED -> Lookup.miss(epoch, bytes, entry.fence());
			case DELETED, LEASE -> Lookup.miss(epoch, null);
		};
	}

	private static Lookup hit(EntityCache cache, Object id, byte[] key, CacheEntry entry, byte[] bytes,
			long @Nullable [] changes, int index) {
		NearCache near = cache.near();
		if (near != null && changes != null) {
			near.fill(id, key, entry, bytes, changes[index]);
		}
		return Lookup.hit(entry.entity(), entry.epoch());
	}

	private void discard(EntityCache cache, byte[] key, EntryDecodingException ex) {
		cache.statistics().decodeFailed();
		if (cache.firstDecodeFailure()) {
			logger.warn("Cache '" + cache.name() + "' holds entries that are not " + cache.entityType().getName()
					+ " entries of their key; they are removed and read from the database (" + ex.getMessage()
					+ "). Further failures are logged at debug level.");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Removing undecodable entry of cache '" + cache.name() + "': " + ex.getMessage());
		}
		try {
			this.store.delete(key);
		}
		catch (CacheUnavailableException unavailable) {
			// the entry stays a miss and is overwritten by the next write
		}
	}

	/**
	 * Loads from the database what the cache did not answer.
	 *
	 * @param <R> the type of what it returns
	 */
	@FunctionalInterface
	public interface Loader<R> {

		/**
		 * Load the rows of the given ids, and hand each loaded entity to the fills while
		 * it is still managed.
		 * @param ids the ids the cache did not answer
		 * @param fills takes what the cache may be filled with, or {@code null} when the
		 * cache could not be read and nothing may be filled
		 * @return what the caller wants back
		 * @throws Throwable what loading threw
		 */
		R load(List<Object> ids, @Nullable Fills fills) throws Throwable;

	}

	/**
	 * Takes what was loaded after a miss and prepares the fills of the ids whose lease
	 * the reader holds.
	 */
	public final class Fills {

		private final EntityCache cache;

		private final Map<Object, Lookup> missed;

		private final List<EntryWrite> writes = new ArrayList<>();

		Fills(EntityCache cache, Map<Object, Lookup> missed) {
			this.cache = cache;
			this.missed = missed;
		}

		/**
		 * Take the row of an id as loaded, while the entity is still managed.
		 * @param id the id
		 * @param entity the entity, or {@code null} when there is no such row
		 */
		public void loaded(Object id, @Nullable Object entity) {
			Lookup lookup = this.missed.get(id);
			if (lookup != null) {
				EntryWrite fill = ReadThrough.this.preparation.fill(this.cache, id, entity, lookup);
				if (fill != null) {
					this.writes.add(fill);
				}
			}
		}

		/**
		 * Fill nothing: the rows were read from a standby server, which may lag behind
		 * the primary.
		 */
		public void readFromStandby() {
			this.cache.statistics().readFromStandby(this.missed.size());
		}

	}

	/**
	 * What a read found in the cache and what its loader returned.
	 *
	 * @param <R> the type of what the loader returned
	 * @param status whether the cache answered every id
	 * @param hits the ids the cache answered, in the order they were asked
	 * @param loaded what the loader returned, or {@code null} when it was not called
	 */
	public record Reading<R>(Status status, List<Hit> hits, @Nullable R loaded) {

	}

	/**
	 * An id answered by the cache.
	 *
	 * @param id the id
	 * @param entity the cached entity, or {@code null} for a cached absence
	 */
	public record Hit(Object id, @Nullable Object entity) {

	}

	/**
	 * Whether a read was answered by the cache.
	 */
	public enum Status {

		/** The cache answered every id: an entity, or a recorded absence. */
		HIT,

		/** Some ids were loaded from the database. */
		MISS,

		/** Redis could not be read, or the cache waits for repairs. */
		UNAVAILABLE

	}

}
