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
import java.util.function.LongSupplier;

import io.github.writethrough.store.EntryStore;
import io.github.writethrough.store.KeyPage;
import io.github.writethrough.store.StoredEntry;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What operators and the auditor do to caches: walk their keys, compare an entry with its
 * row, remove an entry, invalidate a whole cache.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class CacheOperations {

	/**
	 * What an inspection shows in place of an entry larger than the cache's largest
	 * entry.
	 */
	static final String OVERSIZED = "(an entry larger than max-entry-size)";

	private final EntryStore store;

	private final CacheWriter writer;

	private final LongSupplier fenceCeiling;

	/**
	 * Create a new instance.
	 * @param store the store
	 * @param writer invalidates caches
	 * @param fenceCeiling returns a fence above every fence that writers of entities
	 * without a version have taken so far
	 */
	public CacheOperations(EntryStore store, CacheWriter writer, LongSupplier fenceCeiling) {
		Assert.notNull(store, "store must not be null");
		Assert.notNull(writer, "writer must not be null");
		Assert.notNull(fenceCeiling, "fenceCeiling must not be null");
		this.store = store;
		this.writer = writer;
		this.fenceCeiling = fenceCeiling;
	}

	/**
	 * Return the next page of a cache's entry keys.
	 * @param cache the cache
	 * @param previous the previous page, or {@code null} (or the last page) to start over
	 * @param count how many keys to look at
	 * @return the page
	 */
	public KeyPage scan(EntityCache cache, @Nullable KeyPage previous, int count) {
		return this.store.scan(cache.keyPattern().replace("<id>", "*"), previous, count);
	}

	/**
	 * Compare the entry of an id with the committed state of its row. Besides the state,
	 * an entry must carry an epoch and a fence that a writer could have given it, and
	 * expire where the cache's entries do. An entry that holds only states of other
	 * shapes of the entity class is no hit here, and agrees.
	 * @param cache the cache
	 * @param id the id
	 * @param committed the committed entity, or {@code null} if the row does not exist
	 * @return the comparison
	 */
	public Inspection inspect(EntityCache cache, Object id, @Nullable Object committed) {
		int maxBytes = cache.settings().maxEntryBytes();
		StoredEntry stored = this.store.read(cache.epoch().key(), cache.keys().entryKey(id), maxBytes);
		byte[] raw = stored.value();
		String row = null;
		if (committed != null) {
			row = new String(cache.codec().encode(committed, stored.epoch(), cache.versionOf(committed)),
					StandardCharsets.UTF_8);
		}
		String key = cache.keys().renderedKey(id);
		if (raw == null) {
			return new Inspection(key, null, row, true);
		}
		if (raw.length > maxBytes) {
			return new Inspection(key, OVERSIZED, row, false);
		}
		String cached = new String(raw, StandardCharsets.UTF_8);
		return new Inspection(key, cached, row, isConsistent(cache, stored, cached, committed));
	}

	private boolean isConsistent(EntityCache cache, StoredEntry stored, String cached, @Nullable Object committed) {
		CacheEntry entry;
		try {
			entry = cache.codec().decode(cached.getBytes(StandardCharsets.UTF_8));
		}
		catch (EntryDecodingException ex) {
			// not a hit: the next read removes it
			return true;
		}
		if (entry.epoch() > stored.epoch() || (stored.ttlMillis() == StoredEntry.NO_EXPIRY && expires(cache, entry))) {
			// an epoch no writer has had turns every fill away, and an entry without
			// expiry
			// outlives every bound the cache promises
			return false;
		}
		if (entry.epoch() < stored.epoch()) {
			return true;
		}
		// a fence above any a writer gave keeps every later write out
		return switch (entry.kind()) {
			case ENTITY -> (entry.entity() != null) ? holdsCommittedState(cache, entry, committed)
					: hasWrittenFence(cache, entry, committed);
			case ABSENT ->
				committed == null && (cache.isVersioned() ? entry.fence() == 0 : isTakenSequenceFence(entry.fence()));
			case DELETED, EVICTED, LEASE -> cache.isVersioned() ? entry
				.fence() <= ((committed != null) ? cache.versionOf(committed) : WritePreparation.UNKNOWN_VERSION_FENCE)
					: isTakenSequenceFence(entry.fence());
		};
	}

	private boolean holdsCommittedState(EntityCache cache, CacheEntry entry, @Nullable Object committed) {
		return committed != null && cache.codec().holds(entry, committed) && (cache.isVersioned()
				? entry.fence() == cache.versionOf(committed) : isTakenSequenceFence(entry.fence()));
	}

	/**
	 * Whether an entry that holds only other shapes' states, which their instances
	 * compare, has a fence a writer of the row gave.
	 */
	private boolean hasWrittenFence(EntityCache cache, CacheEntry entry, @Nullable Object committed) {
		return cache.isVersioned() ? committed != null && entry.fence() <= cache.versionOf(committed)
				: isTakenSequenceFence(entry.fence());
	}

	private static boolean expires(EntityCache cache, CacheEntry entry) {
		EntryKind kind = entry.kind();
		return (kind != EntryKind.ENTITY && kind != EntryKind.EVICTED) || !cache.settings().ttl().ttl().isZero();
	}

	private boolean isTakenSequenceFence(long fence) {
		// fills write fence 0; a committed write's fence was taken before the entry was
		// read
		return fence == 0 || (fence > 0 && fence < this.fenceCeiling.getAsLong());
	}

	/**
	 * Remove the entry of one id. The next read fills it again.
	 * @param cache the cache
	 * @param id the id
	 * @return whether an entry was removed
	 */
	public boolean evict(EntityCache cache, Object id) {
		boolean removed = this.store.delete(cache.keys().entryKey(id));
		if (removed) {
			cache.statistics().invalidated();
		}
		return removed;
	}

	/**
	 * Invalidate every entry of a cache at once by advancing its epoch.
	 * @param cache the cache
	 */
	public void invalidate(EntityCache cache) {
		this.writer.invalidate(cache);
	}

	/**
	 * Remove an entry that the auditor found different from its row, and count it.
	 * @param cache the cache
	 * @param id the id
	 */
	public void removeMismatch(EntityCache cache, Object id) {
		evict(cache, id);
		cache.statistics().auditMismatch();
	}

}
