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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.github.writethrough.store.CacheUnavailableException;
import io.github.writethrough.store.EntryStore;
import io.github.writethrough.store.EntryWrite;
import io.github.writethrough.store.WriteBatch;
import io.github.writethrough.store.WriteResult;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Sends updates of any caches to Redis in one round trip, and records what they did: the
 * statistics of each write and invalidation, and the epochs read after them.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class CacheWriter {

	private final EntryStore store;

	private final @Nullable AcknowledgedUpdates acknowledged;

	/**
	 * Create a new writer.
	 * @param store the store
	 */
	public CacheWriter(EntryStore store) {
		this(store, null);
	}

	/**
	 * Create a new writer that records the updates Redis acknowledged.
	 * @param store the store
	 * @param acknowledged records the updates Redis acknowledged, or {@code null}
	 */
	public CacheWriter(EntryStore store, @Nullable AcknowledgedUpdates acknowledged) {
		Assert.notNull(store, "store must not be null");
		this.store = store;
		this.acknowledged = acknowledged;
	}

	/**
	 * Apply updates and wait until Redis took them.
	 * @param updates the updates
	 * @throws CacheUnavailableException if Redis did not take them
	 */
	public void apply(CacheUpdates updates) {
		if (!updates.isEmpty()) {
			Sent sent = new Sent(updates);
			try {
				sent.applied(this.store.write(sent.batch()));
			}
			finally {
				sent.invalidateNear();
			}
		}
	}

	/**
	 * Send updates without waiting for Redis to take them; see
	 * {@link EntryStore#writeAsync}.
	 * @param updates the updates
	 * @return completes when Redis took them, or with a {@link CacheUnavailableException}
	 */
	public CompletableFuture<Void> applyAsync(CacheUpdates updates) {
		if (updates.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		Sent sent = new Sent(updates);
		return this.store.writeAsync(sent.batch())
			.thenAccept(sent::applied)
			.whenComplete((applied, failure) -> sent.invalidateNear());
	}

	/**
	 * Record that updates of a committed transaction did not reach Redis at first.
	 * @param updates the updates
	 */
	public void recordFailure(CacheUpdates updates) {
		updates.writes().forEach((write) -> write.cache().statistics().updateFailed());
	}

	/**
	 * Advance the epoch of a cache, which invalidates all of its entries at once.
	 * @param cache the cache
	 * @throws CacheUnavailableException if Redis did not take it
	 */
	public void invalidate(EntityCache cache) {
		apply(new CacheUpdates(List.of(), List.of(cache)));
	}

	/**
	 * Advance the epochs of caches in one round trip: caches of this application, and
	 * caches it does not have, known by their epoch keys only (another version of the
	 * application may have them).
	 * @param caches the caches of this application
	 * @param foreignEpochKeys the epoch keys of other caches
	 * @throws CacheUnavailableException if Redis did not take them
	 */
	public void invalidate(List<EntityCache> caches, List<String> foreignEpochKeys) {
		Sent sent = new Sent(new CacheUpdates(List.of(), caches));
		List<byte[]> invalidations = new ArrayList<>(sent.batch().invalidations());
		foreignEpochKeys.forEach((key) -> invalidations.add(key.getBytes(StandardCharsets.UTF_8)));
		try {
			sent.applied(
					this.store.write(new WriteBatch(sent.batch().writes(), invalidations, sent.batch().epochReads())));
		}
		finally {
			sent.invalidateNear();
		}
	}

	/**
	 * Apply fills of one cache, ignoring Redis failures: the next read loads from the
	 * database again.
	 */
	void fill(EntityCache cache, List<EntryWrite> fills) {
		if (fills.isEmpty()) {
			return;
		}
		try {
			WriteResult result = this.store.write(WriteBatch.of(fills));
			fills.forEach((fill) -> cache.statistics().written(fill, result.isApplied(fill)));
		}
		catch (CacheUnavailableException ex) {
			// the next read is a miss again
		}
	}

	/**
	 * The batch of some updates, and what to record once it was applied.
	 */
	private final class Sent {

		private final CacheUpdates updates;

		private final List<EntityCache> observed;

		private final WriteBatch batch;

		Sent(CacheUpdates updates) {
			this.updates = updates;
			Set<EntityCache> caches = new LinkedHashSet<>(updates.invalidations());
			updates.writes().forEach((write) -> caches.add(write.cache()));
			this.observed = new ArrayList<>(caches);
			this.batch = new WriteBatch(updates.writes().stream().map(PreparedWrite::write).toList(),
					updates.invalidations().stream().map((cache) -> cache.epoch().key()).toList(),
					this.observed.stream().map((cache) -> cache.epoch().key()).toList());
			invalidateNear();
		}

		/**
		 * Remove what the near tiers of this instance hold of the updated keys, before
		 * the updates are sent and once Redis answered, whatever it answered: a thread
		 * then reads its own writes, and a fill that read Redis in between does not land.
		 */
		void invalidateNear() {
			for (PreparedWrite write : this.updates.writes()) {
				NearCache near = write.cache().near();
				if (near != null) {
					near.invalidate(write.write().key());
				}
			}
			for (EntityCache cache : this.updates.invalidations()) {
				NearCache near = cache.near();
				if (near != null) {
					near.flush();
				}
			}
		}

		WriteBatch batch() {
			return this.batch;
		}

		void applied(WriteResult result) {
			for (PreparedWrite write : this.updates.writes()) {
				write.cache().statistics().written(write.write(), result.isApplied(write.write()));
			}
			this.updates.invalidations().forEach((cache) -> cache.statistics().invalidated());
			this.observed.forEach((cache) -> cache.epoch().observed(result.epoch(cache.epoch().key())));
			if (CacheWriter.this.acknowledged != null) {
				CacheWriter.this.acknowledged.record(this.updates);
			}
		}

	}

}
