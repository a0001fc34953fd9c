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

import io.github.writethrough.store.EntryRead;
import io.github.writethrough.store.EntryStore;
import io.github.writethrough.store.KeyPage;
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

	/**
	 * Create a new instance.
	 * @param store the store
	 * @param writer invalidates caches
	 */
	public CacheOperations(EntryStore store, CacheWriter writer) {
		Assert.notNull(store, "store must not be null");
		Assert.notNull(writer, "writer must not be null");
		this.store = store;
		this.writer = writer;
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
	 * Compare the entry of an id with the committed state of its row.
	 * @param cache the cache
	 * @param id the id
	 * @param committed the committed entity, or {@code null} if the row does not exist;
	 * element collections are loaded if needed, so pass a managed entity
	 * @return the comparison
	 */
	public Inspection inspect(EntityCache cache, Object id, @Nullable Object committed) {
		int maxBytes = cache.settings().maxEntryBytes();
		EntryRead read = this.store.read(cache.epoch().key(), cache.keys().entryKey(id), maxBytes);
		byte[] raw = read.entries().get(0);
		String cached = (raw != null) ? new String(raw, StandardCharsets.UTF_8) : null;
		String row = null;
		if (committed != null) {
			byte[] encoded = cache.codec().encode(committed, read.epoch(), cache.versionOf(committed), true);
			row = (encoded != null) ? new String(encoded, StandardCharsets.UTF_8) : null;
		}
		if (raw != null && raw.length > maxBytes) {
			return new Inspection(cache.keys().renderedKey(id), OVERSIZED, row, false);
		}
		boolean consistent = true;
		if (raw != null && cached != null) {
			try {
				CacheEntry entry = cache.codec().decode(raw);
				if (entry.epoch() == read.epoch() && entry.kind() == EntryKind.ENTITY) {
					// a fence above the row's version would keep every later write out
					consistent = row != null && EntityCodec.sameState(cached, row)
							&& (!cache.isVersioned() || entry.fence() == cache.versionOf(committed));
				}
				else if (entry.epoch() == read.epoch() && entry.kind() == EntryKind.ABSENT) {
					consistent = committed == null;
				}
			}
			catch (EntryDecodingException ex) {
				// not a hit: the next read removes it
			}
		}
		return new Inspection(cache.keys().renderedKey(id), cached, row, consistent);
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
