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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.springframework.util.Assert;

/**
 * The updates Redis acknowledged and that may not have reached a replica yet, the one of
 * the highest fence per key, so that they can be sent again to a master that may have
 * lost them: Redis replicates asynchronously, and a replica that takes over from a failed
 * master, or a server that restarts, may not hold what the master acknowledged last.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class AcknowledgedUpdates {

	private final int maxKeys;

	private final LongSupplier clock;

	private final Map<ByteBuffer, Acknowledged> writes = new ConcurrentHashMap<>();

	private final Map<EntityCache, Long> invalidations = new ConcurrentHashMap<>();

	private final Map<EntityCache, Long> overflows = new ConcurrentHashMap<>();

	/**
	 * Create a new record.
	 * @param maxKeys how many keys are kept at most; beyond that, the caches of the
	 * writes left out are invalidated instead of written again
	 */
	public AcknowledgedUpdates(int maxKeys) {
		this(maxKeys, System::nanoTime);
	}

	AcknowledgedUpdates(int maxKeys, LongSupplier clock) {
		Assert.isTrue(maxKeys > 0, "maxKeys must be positive");
		this.maxKeys = maxKeys;
		this.clock = clock;
	}

	/**
	 * Return the time on the clock the record stamps updates with.
	 * @return the time in nanoseconds
	 */
	public long now() {
		return this.clock.getAsLong();
	}

	/**
	 * Record updates Redis acknowledged.
	 * @param updates the updates
	 */
	void record(CacheUpdates updates) {
		long now = now();
		for (PreparedWrite write : updates.writes()) {
			ByteBuffer key = ByteBuffer.wrap(write.write().key());
			if (this.writes.size() >= this.maxKeys && !this.writes.containsKey(key)) {
				this.overflows.put(write.cache(), now);
				continue;
			}
			this.writes.merge(key, new Acknowledged(write, now),
					(kept, added) -> (added.write().write().fence() >= kept.write().write().fence()) ? added : kept);
		}
		updates.invalidations().forEach((cache) -> this.invalidations.put(cache, now));
	}

	/**
	 * Return the updates kept for the keys of masters that may have lost them.
	 * @param writesOf whether one of those masters served a key: its writes are returned
	 * @param invalidationsOf whether one of those that another master replaced served an
	 * epoch key: its invalidations are returned
	 * @param leftOut whether to return an invalidation of the caches the record left
	 * writes out of, where it was full
	 * @return the updates to send again
	 */
	public CacheUpdates of(Predicate<byte[]> writesOf, Predicate<byte[]> invalidationsOf, boolean leftOut) {
		List<PreparedWrite> writes = new ArrayList<>();
		this.writes.values().forEach((acknowledged) -> {
			if (writesOf.test(acknowledged.write().write().key())) {
				writes.add(acknowledged.write());
			}
		});
		Set<EntityCache> invalidations = new LinkedHashSet<>();
		if (leftOut) {
			invalidations.addAll(this.overflows.keySet());
		}
		this.invalidations.keySet()
			.stream()
			.filter((cache) -> invalidationsOf.test(cache.epoch().key()))
			.forEach(invalidations::add);
		return new CacheUpdates(writes, new ArrayList<>(invalidations));
	}

	/**
	 * Forget the updates of the keys a master serves that it acknowledged before a time:
	 * a replica holds them.
	 * @param served whether the master serves a key
	 * @param before the time, on {@link #now()}'s clock
	 */
	public void forget(Predicate<byte[]> served, long before) {
		this.writes.values()
			.removeIf((acknowledged) -> acknowledged.at() - before < 0
					&& served.test(acknowledged.write().write().key()));
		this.invalidations.entrySet()
			.removeIf((invalidation) -> invalidation.getValue() - before < 0
					&& served.test(invalidation.getKey().epoch().key()));
	}

	/**
	 * Forget the writes left out before a time: every master's replicas hold them.
	 * @param before the time, on {@link #now()}'s clock
	 */
	public void forgetLeftOut(long before) {
		this.overflows.values().removeIf((at) -> at - before < 0);
	}

	private record Acknowledged(PreparedWrite write, long at) {

	}

}
