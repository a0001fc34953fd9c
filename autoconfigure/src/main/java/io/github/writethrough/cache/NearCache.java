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

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

/**
 * The near tier of one cache: entries this instance keeps in its own memory, filled from
 * what Redis answered and removed when Redis tells of a change to their key.
 * <p>
 * Entries are kept by the bytes of their Redis key, as Redis tells of changes. A fill
 * lands only if no change of its key was told since the reader looked in the tier, before
 * it read Redis: changes are counted per stripe of keys, and a fill compares the count it
 * saw. A removal counts first and removes next, and a fill checks and lands atomically
 * for its key, so a change told while a reader was in Redis either stops the fill or
 * removes it. Hits are copies: the tier keeps the values of an entity's attributes, or
 * its entry where an attribute may hold a mutable value.
 *
 * @author Write-Through contributors
 * @since 0.3.0
 */
public final class NearCache {

	private static final int STRIPES = 64;

	private final EntityCache cache;

	private final NearTier tier;

	private final Duration maxStaleness;

	private final long maxStalenessNanos;

	private final @Nullable EntityCopier copier;

	private final Cache<ByteBuffer, NearEntry> entries;

	private final AtomicLongArray changes = new AtomicLongArray(STRIPES);

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder evictions = new LongAdder();

	private final LongAdder invalidations = new LongAdder();

	private final LongAdder flushes = new LongAdder();

	NearCache(EntityCache cache, NearCacheSettings settings, NearTier tier) {
		this.cache = cache;
		this.tier = tier;
		this.copier = EntityCopier.of(cache.model(), cache.access());
		this.maxStaleness = settings.maxStaleness();
		this.maxStalenessNanos = settings.maxStaleness().toNanos();
		this.entries = Caffeine.newBuilder()
			.maximumSize(settings.maxEntries())
			.expireAfterWrite(settings.ttl().toNanos(), TimeUnit.NANOSECONDS)
			.evictionListener((key, entry, cause) -> this.evictions.increment())
			.build();
	}

	EntityCache cache() {
		return this.cache;
	}

	Duration maxStaleness() {
		return this.maxStaleness;
	}

	/**
	 * Whether the tier answers reads now: Redis proved within max-staleness that it told
	 * this instance of every change.
	 * @return whether it answers
	 */
	public boolean isAnswering() {
		return this.tier.isConfirmedWithin(this.maxStalenessNanos);
	}

	/**
	 * Look an id up: a hit is a copy the caller owns.
	 * @param id the id
	 * @param key the key of its entry
	 * @return the hit, or {@code null} when the tier does not answer: no entry, or Redis
	 * did not prove recently enough that it told of every change
	 */
	@Nullable Lookup lookup(Object id, byte[] key) {
		if (!isAnswering()) {
			this.misses.increment();
			return null;
		}
		NearEntry entry = this.entries.getIfPresent(ByteBuffer.wrap(key));
		if (entry == null || !CacheKeys.sameId(id, entry.id())
				|| (this.cache.trust().hasPendingKeys() && !this.cache.trust().isTrusted(key))) {
			this.misses.increment();
			return null;
		}
		this.hits.increment();
		return Lookup.hit(entry.copy(this.copier, this.cache.codec()), 0);
	}

	/**
	 * Return the count of changes told for the stripe of a key, to pass to {@link #fill}
	 * after reading Redis.
	 * @param key the key
	 * @return the count
	 */
	long changesOf(byte[] key) {
		return this.changes.get(stripe(key));
	}

	/**
	 * Keep what Redis answered for a key, unless a change of it was told since
	 * {@link #changesOf} or the tier holds a later state.
	 * @param id the id read
	 * @param key the key of its entry
	 * @param entry the decoded entry: an entity or a recorded absence
	 * @param bytes the entry as stored
	 * @param changes what {@link #changesOf} returned before Redis was read
	 */
	void fill(Object id, byte[] key, CacheEntry entry, byte[] bytes, long changes) {
		if (!isAnswering()) {
			return;
		}
		NearEntry filled = NearEntry.of(id, entry, bytes, this.copier);
		int stripe = stripe(key);
		this.entries.asMap().compute(ByteBuffer.wrap(key), (buffer, held) -> {
			if (this.changes.get(stripe) != changes || (held != null && held.fence() > filled.fence())) {
				return held;
			}
			return filled;
		});
	}

	/**
	 * Remove the entry of a key, and stop the fills of it that read Redis before now.
	 * @param key the key
	 */
	void invalidate(byte[] key) {
		this.changes.incrementAndGet(stripe(key));
		if (this.entries.asMap().remove(ByteBuffer.wrap(key)) != null) {
			this.invalidations.increment();
		}
	}

	/**
	 * Remove every entry, and stop every fill that read Redis before now.
	 */
	void flush() {
		for (int i = 0; i < STRIPES; i++) {
			this.changes.incrementAndGet(i);
		}
		this.entries.invalidateAll();
		this.flushes.increment();
	}

	/**
	 * Return how many reads the tier answered.
	 * @return the count
	 */
	public long hits() {
		return this.hits.sum();
	}

	/**
	 * Return how many reads the tier did not answer, those it was bypassed for included.
	 * @return the count
	 */
	public long misses() {
		return this.misses.sum();
	}

	/**
	 * Return how many entries were removed to keep the tier within its size.
	 * @return the count
	 */
	public long evictions() {
		return this.evictions.sum();
	}

	/**
	 * Return how many entries were removed because Redis or this instance told of a
	 * change.
	 * @return the count
	 */
	public long invalidations() {
		return this.invalidations.sum();
	}

	/**
	 * Return how many times every entry was removed.
	 * @return the count
	 */
	public long flushes() {
		return this.flushes.sum();
	}

	/**
	 * Return about how many entries the tier holds.
	 * @return the count
	 */
	public long size() {
		return this.entries.estimatedSize();
	}

	private static int stripe(byte[] key) {
		int hash = Arrays.hashCode(key);
		return (hash ^ (hash >>> 16)) & (STRIPES - 1);
	}

	/**
	 * What the tier keeps of an entry.
	 *
	 * @param id the id of the row
	 * @param fence the fence of the state
	 * @param absent whether the entry records that the row does not exist
	 * @param values the values of the entity's attributes, or {@code null} to decode the
	 * entry for each copy
	 * @param bytes the entry as stored, where there are no values to copy
	 */
	private record NearEntry(Object id, long fence, boolean absent, @Nullable Object @Nullable [] values,
			byte @Nullable [] bytes) {

		static NearEntry of(Object id, CacheEntry entry, byte[] bytes, @Nullable EntityCopier copier) {
			Object entity = entry.entity();
			Object[] values = (entity != null && copier != null) ? copier.values(entity) : null;
			return new NearEntry(id, entry.fence(), entity == null, values,
					(entity != null && values == null) ? bytes : null);
		}

		@Nullable Object copy(@Nullable EntityCopier copier, EntityCodec<?> codec) {
			if (this.absent) {
				return null;
			}
			Object[] values = this.values;
			return (values != null && copier != null) ? copier.copy(values)
					: codec.decode(Objects.requireNonNull(this.bytes)).entity();
		}

	}

}
