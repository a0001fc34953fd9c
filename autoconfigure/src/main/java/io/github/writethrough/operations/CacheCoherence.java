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

package io.github.writethrough.operations;

import java.util.ArrayList;
import java.util.List;

import io.github.writethrough.cache.CacheOperations;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.cache.Inspection;
import io.github.writethrough.jpa.PrimaryReads;
import io.github.writethrough.store.KeyPage;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Compares the entries of a cache with the committed rows they hold, for tests that prove
 * the cache coherent, the way the starter's own tests do: inject it into a
 * {@code @SpringBootTest}, let the writes settle, and call
 * {@link #assertEveryEntryMatchesItsRow(String)}.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class CacheCoherence {

	private static final int SCAN_COUNT = 500;

	private final EntityCaches caches;

	private final CacheOperations operations;

	private final PrimaryReads primaryReads;

	/**
	 * Create a new instance.
	 * @param caches the caches
	 * @param operations compares entries with rows
	 * @param primaryReads reads committed rows from the primary
	 */
	public CacheCoherence(EntityCaches caches, CacheOperations operations, PrimaryReads primaryReads) {
		Assert.notNull(caches, "caches must not be null");
		Assert.notNull(operations, "operations must not be null");
		Assert.notNull(primaryReads, "primaryReads must not be null");
		this.caches = caches;
		this.operations = operations;
		this.primaryReads = primaryReads;
	}

	/**
	 * Compare the entry of an id with its committed row.
	 * @param cache the cache
	 * @param id the id
	 * @return the comparison
	 */
	public Inspection inspect(EntityCache cache, Object id) {
		return this.primaryReads
			.read((entityManager) -> this.operations.inspect(cache, id, entityManager.find(cache.entityType(), id)));
	}

	/**
	 * Compare every entry of a cache with its committed row.
	 * @param cacheName the name of the cache
	 * @return the entries that a read would answer with a state other than their row's,
	 * with that row; empty when the cache is coherent
	 * @throws IllegalArgumentException if no cache has that name
	 */
	public List<Inspection> mismatches(String cacheName) {
		EntityCache cache = this.caches.get(cacheName);
		Assert.isTrue(cache != null, () -> "No cache is named '" + cacheName + "'");
		List<Inspection> mismatches = new ArrayList<>();
		KeyPage page = null;
		do {
			page = this.operations.scan(cache, page, SCAN_COUNT);
			for (String key : page.keys()) {
				Object id = idOf(cache, key);
				Inspection inspection = (id != null) ? inspect(cache, id) : null;
				if (inspection != null && !inspection.consistent()) {
					mismatches.add(inspection);
				}
			}
		}
		while (!page.isLast());
		return mismatches;
	}

	/**
	 * Return the id of an entry key of a cache.
	 * @param cache the cache
	 * @param key a key of its entries
	 * @return the id, or {@code null} when the key holds no id of the cache
	 */
	static @Nullable Object idOf(EntityCache cache, String key) {
		String renderedId = cache.renderedIdOf(key);
		try {
			return (renderedId != null) ? cache.parseId(renderedId) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Check that every entry of a cache a read would answer holds the committed state of
	 * its row. Call it once the writes under test have settled: an update still on its
	 * way to Redis counts as a mismatch.
	 * @param cacheName the name of the cache
	 * @throws AssertionError naming each entry that differs from its row, with both
	 */
	public void assertEveryEntryMatchesItsRow(String cacheName) {
		List<Inspection> mismatches = mismatches(cacheName);
		if (!mismatches.isEmpty()) {
			StringBuilder message = new StringBuilder().append(mismatches.size())
				.append(" entries of cache '")
				.append(cacheName)
				.append("' differ from their rows:");
			for (Inspection mismatch : mismatches) {
				message.append("\n  ")
					.append(mismatch.key())
					.append("\n    cached: ")
					.append(mismatch.cached())
					.append("\n    row:    ")
					.append(mismatch.committed());
			}
			throw new AssertionError(message.toString());
		}
	}

}
