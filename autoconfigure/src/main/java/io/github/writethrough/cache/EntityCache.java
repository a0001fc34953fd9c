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

package io.github.writethrough.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.persistence.PersistenceUnitUtil;
import jakarta.persistence.metamodel.EntityType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The Redis cache of one entity type: reads entries, and prepares the fenced writes that
 * fill it after a read or update it after a commit.
 * <p>
 * Every entry is stamped with the cache's epoch; advancing the epoch invalidates all
 * entries at once. Writes are stamped with the last epoch this instance saw, which is
 * never newer than the epoch in Redis when the writing transaction commits, so an
 * invalidation that commits later always wins.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class EntityCache {

	/**
	 * Fence of a delete marker written when the deleted row's version is not known: it
	 * keeps out every older state. Exact in the script's floating-point numbers.
	 */
	public static final long UNKNOWN_VERSION_FENCE = (1L << 53) - 1;

	private static final long DELETE_MARKER_TTL_MILLIS = Duration.ofMinutes(10).toMillis();

	private static final long LEASE_MILLIS = Duration.ofSeconds(10).toMillis();

	private static final Log logger = LogFactory.getLog(EntityCache.class);

	private final String name;

	private final CacheKeys keys;

	private final EntityCodec<?> codec;

	private final CacheSettings settings;

	private final RedisEntryStore store;

	private final PersistenceUnitUtil persistenceUnitUtil;

	private final AtomicLong knownEpoch = new AtomicLong();

	private final AtomicBoolean decodeFailureLogged = new AtomicBoolean();

	private final AtomicInteger pendingRepairs = new AtomicInteger();

	private final CacheStatistics statistics = new CacheStatistics();

	private final Class<?> idType;

	private EntityCache(String name, EntityCodec<?> codec, CacheSettings settings, RedisEntryStore store,
			PersistenceUnitUtil persistenceUnitUtil, Class<?> idType) {
		this.name = name;
		this.keys = new CacheKeys(settings.keyPrefix(), name);
		this.codec = codec;
		this.settings = settings;
		this.store = store;
		this.persistenceUnitUtil = persistenceUnitUtil;
		this.idType = idType;
	}

	/**
	 * Create the cache of an entity type.
	 * @param name the cache name
	 * @param entityType the entity's metamodel type
	 * @param persistenceUnitUtil the persistence unit's utilities
	 * @param references resolves to-one associations of cached entities
	 * @param settings the cache settings
	 * @param store the Redis store
	 * @return the cache
	 * @throws io.github.writethrough.WriteThroughConfigurationException if the entity
	 * cannot be cached
	 */
	public static EntityCache create(String name, EntityType<?> entityType, PersistenceUnitUtil persistenceUnitUtil,
			ReferenceResolver references, CacheSettings settings, RedisEntryStore store) {
		EntityCodec<?> codec = EntityCodec.of(entityType, persistenceUnitUtil, references);
		return new EntityCache(name, codec, settings, store, persistenceUnitUtil, entityType.getIdType().getJavaType());
	}

	/**
	 * Return the name of the cache.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Return the cached entity type.
	 * @return the entity type
	 */
	public Class<?> entityType() {
		return this.codec.entityType();
	}

	/**
	 * Return the settings of the cache.
	 * @return the settings
	 */
	public CacheSettings settings() {
		return this.settings;
	}

	/**
	 * Return the pattern of the cache's keys, such as {@code wt:profiles:<id>}.
	 * @return the key pattern
	 */
	public String keyPattern() {
		return this.keys.entryPrefix() + "<id>";
	}

	/**
	 * Return how many updates of this cache wait for repair.
	 * @return the number of waiting repairs
	 */
	public int pendingRepairs() {
		return this.pendingRepairs.get();
	}

	/**
	 * Parse an id as it appears in a key.
	 * @param text the id as rendered in keys
	 * @return the id
	 * @throws IllegalArgumentException if the text is not an id of this cache
	 */
	public Object parseId(String text) {
		return this.keys.parseId(text, this.idType);
	}

	/**
	 * Return the id rendered in a key of this cache, or {@code null} if the key is not an
	 * entry key of this cache.
	 * @param key the key
	 * @return the rendered id
	 */
	public @Nullable String renderedIdOf(String key) {
		String prefix = this.keys.entryPrefix();
		return key.startsWith(prefix) ? key.substring(prefix.length()) : null;
	}

	/**
	 * Compare the entry of an id with the committed state of its row.
	 * @param id the id
	 * @param committed the committed entity, or {@code null} if the row does not exist;
	 * element collections are loaded if needed, so pass a managed entity
	 * @return the comparison
	 */
	public Inspection inspect(Object id, @Nullable Object committed) {
		byte[] key = this.keys.entryKey(id);
		RedisEntryStore.Values values = this.store.read(this.keys.epochKey(), key);
		byte[] raw = values.entries().get(0);
		String cached = (raw != null) ? new String(raw, StandardCharsets.UTF_8) : null;
		String row = null;
		boolean consistent = true;
		if (committed != null) {
			byte[] encoded = this.codec.encode(committed, values.epoch(), this.codec.fence(committed), true);
			row = (encoded != null) ? new String(encoded, StandardCharsets.UTF_8) : null;
		}
		if (raw != null) {
			try {
				CacheEntry entry = this.codec.decode(raw);
				if (entry.epoch() == values.epoch() && entry.kind() == EntryKind.ENTITY) {
					consistent = row != null && state(cached).equals(state(row));
				}
				else if (entry.epoch() == values.epoch() && entry.kind() == EntryKind.ABSENT) {
					consistent = committed == null;
				}
			}
			catch (EntryDecodingException ex) {
				consistent = true;
			}
		}
		return new Inspection(this.keys.renderedKey(id), cached, row, consistent);
	}

	private static String state(String entry) {
		int format = entry.indexOf("\"@format\"");
		return (format >= 0) ? entry.substring(format) : entry;
	}

	/**
	 * Remove the entry of one id. The next read fills it again.
	 * @param id the id
	 * @return whether an entry was removed
	 */
	public boolean evict(Object id) {
		boolean removed = this.store.delete(this.keys.entryKey(id));
		if (removed) {
			this.statistics.invalidated();
		}
		return removed;
	}

	/**
	 * Invalidate every entry of the cache at once by advancing its epoch.
	 */
	public void invalidate() {
		long[] epochs = this.store.write(List.of(), List.of(this.keys.epochKey()), List.of(this.keys.epochKey()))
			.epochs();
		epochObserved(epochs[0]);
		this.statistics.invalidated();
	}

	/**
	 * Record that the consistency auditor found an entry different from its row and
	 * removed it.
	 */
	public void auditMismatch() {
		this.statistics.auditMismatch();
	}

	/**
	 * Return the id of an entity.
	 * @param entity the entity
	 * @return its id, or {@code null} when it has none yet
	 */
	public @Nullable Object idOf(Object entity) {
		return this.persistenceUnitUtil.getIdentifier(entity);
	}

	/**
	 * Return the version of an entity, or {@code 0} if it has none.
	 * @param entity the entity
	 * @return the version
	 */
	public long versionOf(Object entity) {
		return this.codec.fence(entity);
	}

	/**
	 * Read the entry of one id.
	 * @param id the id
	 * @return the lookup
	 */
	public Lookup lookup(Object id) {
		List<Lookup> lookups = lookupAll(List.of(id));
		return (lookups != null) ? lookups.get(0) : Lookup.UNAVAILABLE;
	}

	/**
	 * Read the entries of several ids in one round trip.
	 * @param ids the ids
	 * @return the lookups, in the order of the ids, or {@code null} when the cache cannot
	 * be read
	 */
	public @Nullable List<Lookup> lookupAll(List<?> ids) {
		List<Lookup> lookups = read(ids);
		for (int i = 0; i < ids.size(); i++) {
			if (lookups != null && lookups.get(i).status() == Lookup.Status.HIT) {
				this.statistics.hit();
			}
			else {
				this.statistics.miss();
			}
		}
		return lookups;
	}

	private @Nullable List<Lookup> read(List<?> ids) {
		if (!isTrusted()) {
			return null;
		}
		try {
			List<byte[]> keys = ids.stream().map(this.keys::entryKey).toList();
			byte[] lease = EntityCodec.encodeLease();
			RedisEntryStore.Values values = this.store.lookup(this.keys.epochKey(), keys, lease, LEASE_MILLIS);
			if (!isTrusted()) {
				// an update sent before this read failed: the entries may be older than
				// it
				return null;
			}
			this.knownEpoch.accumulateAndGet(values.epoch(), Math::max);
			List<Lookup> lookups = new ArrayList<>(ids.size());
			for (int i = 0; i < keys.size(); i++) {
				lookups.add(toLookup(keys.get(i), values.entries().get(i), values.epoch(), lease));
			}
			return lookups;
		}
		catch (CacheUnavailableException ex) {
			return null;
		}
	}

	private Lookup toLookup(byte[] key, byte @Nullable [] bytes, long epoch, byte[] lease) {
		if (bytes == null) {
			return Lookup.miss(epoch, lease);
		}
		CacheEntry entry;
		try {
			entry = this.codec.decode(bytes);
		}
		catch (EntryDecodingException ex) {
			discard(key, ex);
			return Lookup.miss(epoch, null);
		}
		if (entry.epoch() != epoch) {
			return Lookup.miss(epoch, bytes);
		}
		return switch (entry.kind()) {
			case ENTITY, ABSENT -> new Lookup(Lookup.Status.HIT, entry.entity(), epoch, null);
			case EVICTED -> Lookup.miss(epoch, bytes);
			case DELETED, LEASE -> Lookup.miss(epoch, null);
		};
	}

	private void discard(byte[] key, EntryDecodingException ex) {
		this.statistics.decodeFailed();
		if (this.decodeFailureLogged.compareAndSet(false, true)) {
			logger.warn("Cache '" + this.name + "' holds entries that no longer decode as "
					+ this.codec.entityType().getName() + "; they are removed and read from the database ("
					+ ex.getMessage() + "). Further failures are logged at debug level.");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Removing undecodable entry of cache '" + this.name + "': " + ex.getMessage());
		}
		try {
			this.store.delete(key);
		}
		catch (CacheUnavailableException unavailable) {
			// the entry stays a miss and is overwritten by the next write
		}
	}

	/**
	 * Prepare the write that fills the cache after a read from the database. Call it
	 * while the entity is still managed, so that its element collections can be read.
	 * @param id the id that was read
	 * @param entity the entity read, or {@code null} if the row does not exist
	 * @param lookup the lookup that missed
	 * @return the write, or {@code null} if there is nothing to fill or the reader may
	 * not fill
	 */
	public @Nullable EntryWrite prepareFill(Object id, @Nullable Object entity, Lookup lookup) {
		byte[] expected = lookup.expected();
		if (expected == null) {
			return null;
		}
		long epoch = lookup.epoch();
		if (entity == null) {
			long millis = this.settings.negativeTtl().toMillis();
			return (millis > 0) ? EntryWrite.fill(this.keys.entryKey(id), epoch, 0, millis,
					EntityCodec.encodeMarker(EntryKind.ABSENT, epoch, 0), expected) : null;
		}
		try {
			long fence = this.codec.fence(entity);
			byte[] entry = this.codec.encode(entity, epoch, fence, true);
			return (entry != null) ? EntryWrite.fill(this.keys.entryKey(id), epoch, fence,
					this.settings.ttl().nextMillis(), entry, expected) : null;
		}
		catch (RuntimeException ex) {
			logger.debug("Not filling cache '" + this.name + "': the entity could not be encoded", ex);
			return null;
		}
	}

	/**
	 * Apply fills, ignoring Redis failures: the next read loads from the database again.
	 * @param fills the fills
	 */
	public void fill(List<EntryWrite> fills) {
		if (fills.isEmpty()) {
			return;
		}
		try {
			boolean[] applied = this.store.write(fills, List.of(), List.of()).applied();
			for (int i = 0; i < applied.length; i++) {
				this.statistics.written(fills.get(i), applied[i]);
			}
		}
		catch (CacheUnavailableException ex) {
			// the next read is a miss again
		}
	}

	/**
	 * Prepare the write of an entity's committed state. Call it when the transaction has
	 * been flushed and before it commits.
	 * @param id the entity's id
	 * @param entity the entity
	 * @param fence the fence of the state: its version, or a value of the fence sequence
	 * for entities without a version
	 * @return the write
	 */
	public EntryWrite prepareUpdate(Object id, Object entity, long fence) {
		long epoch = writeEpoch();
		byte[] entry = this.codec.encode(entity, epoch, fence, false);
		if (entry == null) {
			entry = EntityCodec.encodeMarker(EntryKind.EVICTED, epoch, fence);
		}
		return new EntryWrite(this.keys.entryKey(id), epoch, fence, 'w', this.settings.ttl().nextMillis(), entry);
	}

	/**
	 * Prepare the write that marks a row as deleted.
	 * @param id the id of the deleted row
	 * @param fence the fence of the deletion: the deleted row's version,
	 * {@link #UNKNOWN_VERSION_FENCE}, or a value of the fence sequence
	 * @return the write
	 */
	public EntryWrite prepareDelete(Object id, long fence) {
		long epoch = writeEpoch();
		return new EntryWrite(this.keys.entryKey(id), epoch, fence, 'd', DELETE_MARKER_TTL_MILLIS,
				EntityCodec.encodeMarker(EntryKind.DELETED, epoch, fence));
	}

	/**
	 * Return the epoch to stamp a write with: the last one this instance saw, read from
	 * Redis once if it saw none yet. Either is never newer than the epoch when the
	 * writing transaction commits.
	 */
	private long writeEpoch() {
		if (this.knownEpoch.get() == 0) {
			try {
				epochObserved(this.store.epoch(this.keys.epochKey()));
			}
			catch (CacheUnavailableException ex) {
				// stamped 0, the entry is a miss: safe
			}
		}
		return this.knownEpoch.get();
	}

	/**
	 * Whether entries are ordered by the entity's version; when not, the caller provides
	 * the fences of committed states.
	 * @return whether the entity has a numeric version
	 */
	public boolean isVersioned() {
		return this.codec.isVersioned();
	}

	/**
	 * Whether the cache may answer reads. It may not while updates of committed
	 * transactions wait to be applied, so that a reader never sees the older entries they
	 * replace.
	 * @return whether the cache is trusted
	 */
	public boolean isTrusted() {
		return this.pendingRepairs.get() == 0;
	}

	void repairsPending(int count) {
		this.pendingRepairs.set(count);
	}

	/**
	 * Return the key of the cache's epoch counter.
	 * @return the epoch key
	 */
	public byte[] epochKey() {
		return this.keys.epochKey();
	}

	/**
	 * Return the counters of this cache.
	 * @return the statistics
	 */
	public CacheStatistics statistics() {
		return this.statistics;
	}

	/**
	 * Record what became of an update of a committed transaction.
	 * @param write the write
	 * @param applied whether it was applied, or skipped because a newer entry was there
	 */
	public void updateApplied(EntryWrite write, boolean applied) {
		this.statistics.written(write, applied);
	}

	/**
	 * Record that the whole cache was invalidated.
	 */
	public void invalidationApplied() {
		this.statistics.invalidated();
	}

	/**
	 * Record that an update of a committed transaction did not reach Redis.
	 */
	public void updateFailed() {
		this.statistics.updateFailed();
	}

	/**
	 * Record the epoch read from Redis after an update.
	 * @param epoch the epoch
	 */
	public void epochObserved(long epoch) {
		this.knownEpoch.accumulateAndGet(epoch, Math::max);
	}

	/**
	 * An entry next to the committed state of its row.
	 *
	 * @param key the key
	 * @param cached the entry as stored, or {@code null} if there is none
	 * @param committed the committed row encoded as an entry, or {@code null} if the row
	 * does not exist
	 * @param consistent whether the entry agrees with the row: it is not a hit, or it
	 * holds the row's state
	 */
	public record Inspection(String key, @Nullable String cached, @Nullable String committed, boolean consistent) {

	}

	/**
	 * The result of reading one entry.
	 *
	 * @param status whether the entry answered the read
	 * @param entity the cached entity on a hit, {@code null} for a cached absence
	 * @param epoch the epoch read with the entry, for filling the cache after a miss
	 * @param expected on a miss, what the reader found in the key and may replace: its
	 * lease or a marker; {@code null} when it may not fill
	 */
	public record Lookup(Status status, @Nullable Object entity, long epoch, byte @Nullable [] expected) {

		static final Lookup UNAVAILABLE = new Lookup(Status.UNAVAILABLE, null, 0, null);

		static Lookup miss(long epoch, byte @Nullable [] expected) {
			return new Lookup(Status.MISS, null, epoch, expected);
		}

		/**
		 * Whether a read was answered.
		 */
		public enum Status {

			/** The cache answered: an entity, or a recorded absence. */
			HIT,

			/** Not in the cache. */
			MISS,

			/** Redis could not be read. */
			UNAVAILABLE

		}

	}

}
