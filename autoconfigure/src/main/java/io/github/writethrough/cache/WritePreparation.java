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

import io.github.writethrough.store.EntryStore;
import io.github.writethrough.store.EntryWrite;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Prepares the fenced writes of cache entries: committed states and delete markers,
 * before a transaction commits, and fills after a read from the database. Each is stamped
 * with the epoch and fence that decide, in Redis, whether it lands.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class WritePreparation {

	/**
	 * Fence of a delete marker written when the deleted row's version is not known: it
	 * keeps out every older state. Exact in the script's floating-point numbers.
	 */
	public static final long UNKNOWN_VERSION_FENCE = (1L << 53) - 1;

	private static final long DELETE_MARKER_TTL_MILLIS = Duration.ofMinutes(10).toMillis();

	private static final Log logger = LogFactory.getLog(WritePreparation.class);

	private final EntryStore store;

	/**
	 * Create a new instance.
	 * @param store reads the epoch of a cache that this instance has not seen yet
	 */
	public WritePreparation(EntryStore store) {
		Assert.notNull(store, "store must not be null");
		this.store = store;
	}

	/**
	 * Prepare the write of an entity's committed state. Call it when the transaction has
	 * been flushed and before it commits.
	 * @param cache the entity's cache
	 * @param entity the entity
	 * @param sequenceFence the fence of the transaction, for entities without a version
	 * @return the write, or {@code null} when the entity has no id
	 */
	public @Nullable PreparedWrite saved(EntityCache cache, Object entity, long sequenceFence) {
		Object id = cache.idOf(entity);
		if (id == null) {
			return null;
		}
		long fence = cache.isVersioned() ? cache.versionOf(entity) : sequenceFence;
		long epoch = cache.epoch().forWrite(this.store);
		byte[] entry = withinLimit(cache, cache.codec().encode(entity, epoch, fence));
		if (entry == null) {
			entry = EntityCodec.encodeMarker(EntryKind.EVICTED, epoch, fence);
		}
		return new PreparedWrite(cache,
				EntryWrite.commit(cache.keys().entryKey(id), epoch, fence, cache.settings().ttl().nextMillis(), entry));
	}

	/**
	 * Prepare the write that marks a row as deleted.
	 * @param cache the entity's cache
	 * @param id the id of the deleted row
	 * @param version the version of the deleted row, or {@link #UNKNOWN_VERSION_FENCE}
	 * @param sequenceFence the fence of the transaction, for entities without a version
	 * @return the write
	 */
	public PreparedWrite deleted(EntityCache cache, Object id, long version, long sequenceFence) {
		long fence = cache.isVersioned() ? version : sequenceFence;
		long epoch = cache.epoch().forWrite(this.store);
		return new PreparedWrite(cache, EntryWrite.delete(cache.keys().entryKey(id), epoch, fence,
				DELETE_MARKER_TTL_MILLIS, EntityCodec.encodeMarker(EntryKind.DELETED, epoch, fence)));
	}

	/**
	 * Prepare the write that brings the entry of a row in line with a committed change
	 * found in the database's log, whoever made it: a marker that replaces every entry
	 * older than the change, and that no fill of a state read before the change can
	 * replace.
	 * @param cache the cache of the row's entity
	 * @param id the row's id
	 * @param change what the change did to the row
	 * @param fence the row's version after the change for an entity with a version
	 * ({@link #UNKNOWN_VERSION_FENCE} for a delete), a fence taken after the change
	 * committed for an entity without one
	 * @param position the change's position in the log, which makes the marker unique
	 * @return the write
	 */
	public PreparedWrite logged(EntityCache cache, Object id, LoggedChange change, long fence, String position) {
		long epoch = cache.epoch().forWrite(this.store);
		byte[] key = cache.keys().entryKey(id);
		byte[] marker = EntityCodec.encodeChangeMarker(
				(change == LoggedChange.DELETED) ? EntryKind.DELETED : EntryKind.EVICTED, epoch, fence, position,
				change == LoggedChange.CHANGED);
		EntryWrite write = (change == LoggedChange.DELETED)
				? EntryWrite.delete(key, epoch, fence, DELETE_MARKER_TTL_MILLIS, marker) : EntryWrite.logged(key, epoch,
						fence, DELETE_MARKER_TTL_MILLIS, marker, change == LoggedChange.NEW_VERSION);
		return new PreparedWrite(cache, write);
	}

	/**
	 * What a change found in the database's log did to its row.
	 */
	public enum LoggedChange {

		/**
		 * The row was inserted, or updated to a version no earlier change of it had: an
		 * entry of that version or a newer one holds this change or a later one, and
		 * stays.
		 */
		NEW_VERSION,

		/**
		 * The row was changed in a way its fence does not tell apart from an earlier
		 * state (an update that kept the version, or any change of an entity without
		 * one): every entry that is not newer is replaced.
		 */
		CHANGED,

		/** The row was deleted. */
		DELETED

	}

	/**
	 * Prepare the write that fills the cache after a read from the database.
	 * @return the write, or {@code null} if there is nothing to fill or the reader may
	 * not fill
	 */
	@Nullable EntryWrite fill(EntityCache cache, Object id, @Nullable Object entity, Lookup lookup) {
		byte[] expected = lookup.expected();
		if (expected == null) {
			return null;
		}
		long epoch = lookup.epoch();
		if (entity == null) {
			long millis = cache.settings().negativeTtl().toMillis();
			long fence = cache.isVersioned() ? 0 : lookup.expectedFence();
			return (millis > 0) ? EntryWrite.fill(cache.keys().entryKey(id), epoch, fence, millis,
					EntityCodec.encodeMarker(EntryKind.ABSENT, epoch, fence), expected) : null;
		}
		try {
			long fence = cache.isVersioned() ? cache.versionOf(entity) : lookup.expectedFence();
			byte[] entry = withinLimit(cache, cache.codec().encode(entity, epoch, fence));
			if (entry == null) {
				return null;
			}
			long ttl = cache.settings().ttl().nextMillis();
			byte[] key = cache.keys().entryKey(id);
			byte[] keptStates = keptStates(lookup, fence);
			if (keptStates != null && entry.length + 1 + keptStates.length <= cache.settings().maxEntryBytes()) {
				return EntryWrite.fillKeepingStates(key, epoch, fence, ttl,
						EntityCodec.withOtherStates(entry, keptStates), expected);
			}
			return EntryWrite.fill(key, epoch, fence, ttl, entry, expected);
		}
		catch (RuntimeException ex) {
			logger.debug("Not filling cache '" + cache.name() + "': the entity could not be encoded", ex);
			return null;
		}
	}

	/**
	 * Return the states of other shapes that a fill keeps, so that another version of the
	 * entity class keeps reading its own state of this row: those of the entry it
	 * replaces when the fill is of the same fence. The fill lands only where that entry
	 * still is, so the states kept are exactly those Redis held, and it lives no longer
	 * than they had left.
	 */
	private static byte @Nullable [] keptStates(Lookup lookup, long fence) {
		byte[] otherStates = lookup.otherStates();
		return (otherStates != null && otherStates.length > 0 && fence == lookup.expectedFence()) ? otherStates : null;
	}

	/**
	 * Return the entry, or {@code null} when it is larger than the cache's largest entry:
	 * the state is then not cached, and counted.
	 */
	private static byte @Nullable [] withinLimit(EntityCache cache, byte[] entry) {
		if (entry.length > cache.settings().maxEntryBytes()) {
			cache.statistics().oversizedState();
			return null;
		}
		return entry;
	}

}
