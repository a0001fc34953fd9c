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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import io.github.writethrough.store.EntryWrite;

import org.springframework.util.Assert;

/**
 * The updates Redis acknowledged lately, the one of the highest fence per key, so that
 * they can be sent again to a master that may have lost them: Redis replicates
 * asynchronously, and a replica that takes over from a failed master, or a server that
 * restarts, may not hold what the master acknowledged last.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class AcknowledgedUpdates {

	private final long windowNanos;

	private final int maxKeys;

	private final LongSupplier clock;

	private final Map<String, Acknowledged> writes = new ConcurrentHashMap<>();

	private final Map<EntityCache, Long> invalidations = new ConcurrentHashMap<>();

	private final Map<EntityCache, Long> overflows = new ConcurrentHashMap<>();

	/**
	 * Create a new record.
	 * @param window how long an acknowledged update is kept
	 * @param maxKeys how many keys are kept at most; beyond that, the caches of the
	 * updates left out are invalidated instead of sent again
	 */
	public AcknowledgedUpdates(Duration window, int maxKeys) {
		this(window, maxKeys, System::nanoTime);
	}

	AcknowledgedUpdates(Duration window, int maxKeys, LongSupplier clock) {
		Assert.isTrue(!window.isNegative(), "window must not be negative");
		Assert.isTrue(maxKeys > 0, "maxKeys must be positive");
		this.windowNanos = window.toNanos();
		this.maxKeys = maxKeys;
		this.clock = clock;
	}

	/**
	 * Record updates Redis acknowledged.
	 * @param updates the updates
	 */
	void record(CacheUpdates updates) {
		if (this.windowNanos == 0) {
			return;
		}
		long now = this.clock.getAsLong();
		for (PreparedWrite write : updates.writes()) {
			String key = write.key();
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
	 * Return the updates acknowledged within the window whose keys a master served, and
	 * forget those older than the window: the writes, and where the record was full, an
	 * invalidation of the caches it left writes out of.
	 * @param served whether one of the masters that may have lost updates served a key
	 * @return the updates to send again
	 */
	public CacheUpdates since(Predicate<byte[]> served) {
		long oldest = this.clock.getAsLong() - this.windowNanos;
		forgetOlderThan(oldest);
		List<PreparedWrite> writes = new ArrayList<>();
		this.writes.values().forEach((acknowledged) -> {
			if (served.test(acknowledged.write().write().key())) {
				writes.add(acknowledged.write());
			}
		});
		Set<EntityCache> invalidations = new LinkedHashSet<>();
		this.invalidations.keySet()
			.stream()
			.filter((cache) -> served.test(cache.epoch().key()))
			.forEach(invalidations::add);
		invalidations.addAll(this.overflows.keySet());
		return new CacheUpdates(writes, new ArrayList<>(invalidations));
	}

	/**
	 * Forget the updates older than the window.
	 */
	public void forgetOld() {
		forgetOlderThan(this.clock.getAsLong() - this.windowNanos);
	}

	private void forgetOlderThan(long oldest) {
		this.writes.values().removeIf((acknowledged) -> acknowledged.at() - oldest < 0);
		this.invalidations.values().removeIf((at) -> at - oldest < 0);
		this.overflows.values().removeIf((at) -> at - oldest < 0);
	}

	private record Acknowledged(PreparedWrite write, long at) {

	}

}
