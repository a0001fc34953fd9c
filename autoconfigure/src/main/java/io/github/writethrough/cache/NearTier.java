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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongSupplier;

import io.github.writethrough.scheduling.BackgroundWork;
import io.github.writethrough.store.KeyTracking;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.Assert;

/**
 * The near tiers of all caches and what keeps them coherent: Redis tracks the keys of
 * their caches and tells of every change, and a heartbeat proves, several times within
 * the shortest {@code max-staleness}, that nothing was missed. While it cannot, the tiers
 * are flushed and bypassed.
 *
 * @author Write-Through contributors
 * @since 0.3.0
 */
public final class NearTier implements BackgroundWork, KeyTracking.Listener {

	private static final Duration LONGEST_HEARTBEAT = Duration.ofMillis(250);

	private final KeyTracking tracking;

	private final LongSupplier confirmedNanos;

	private final List<NearCache> caches = new CopyOnWriteArrayList<>();

	private @Nullable TaskScheduler scheduler;

	private @Nullable ScheduledFuture<?> heartbeats;

	/**
	 * Create a new instance.
	 * @param tracking tells of the changed keys
	 */
	public NearTier(KeyTracking tracking) {
		this(tracking, tracking::confirmedNanos);
	}

	NearTier(KeyTracking tracking, LongSupplier confirmedNanos) {
		Assert.notNull(tracking, "tracking must not be null");
		this.tracking = tracking;
		this.confirmedNanos = confirmedNanos;
	}

	/**
	 * Create the near tier of a cache; it answers once the tier is
	 * {@link #start(TaskScheduler) started} and Redis tracks its keys.
	 * @param cache the cache
	 * @param settings the settings of its near tier
	 * @return the near tier of the cache
	 */
	synchronized NearCache create(EntityCache cache, NearCacheSettings settings) {
		NearCache near = new NearCache(cache, settings, this);
		this.caches.add(near);
		if (this.scheduler != null) {
			// a cache created after the start: its keys are tracked on new connections
			track(this.scheduler);
		}
		return near;
	}

	@Override
	public synchronized void start(TaskScheduler scheduler) {
		if (this.scheduler == null) {
			this.scheduler = scheduler;
			track(scheduler);
		}
	}

	@Override
	public synchronized void stop() {
		this.scheduler = null;
		untrack();
		lost();
	}

	/**
	 * Track the keys of every near tier, with heartbeats four times within the shortest
	 * max-staleness, at least every 250 ms.
	 */
	private void track(TaskScheduler scheduler) {
		untrack();
		if (this.caches.isEmpty()) {
			return;
		}
		this.tracking.start(prefixes(), this);
		Duration interval = this.caches.stream()
			.map((near) -> near.maxStaleness().dividedBy(4))
			.min(Comparator.naturalOrder())
			.filter((shortest) -> shortest.compareTo(LONGEST_HEARTBEAT) < 0)
			.orElse(LONGEST_HEARTBEAT);
		this.heartbeats = scheduler.scheduleWithFixedDelay(this.tracking::heartbeat, interval);
	}

	private void untrack() {
		if (this.heartbeats != null) {
			this.heartbeats.cancel(false);
			this.heartbeats = null;
		}
		this.tracking.stop();
	}

	/**
	 * The key prefixes to track: the epoch keys of the caches, which begin their entry
	 * keys too, without those another begins, since Redis refuses prefixes that overlap.
	 */
	List<String> prefixes() {
		List<String> prefixes = new ArrayList<>();
		this.caches.stream().map((near) -> near.cache().epochKey()).sorted().forEach((prefix) -> {
			if (prefixes.isEmpty() || !prefix.startsWith(prefixes.get(prefixes.size() - 1))) {
				prefixes.add(prefix);
			}
		});
		return prefixes;
	}

	boolean isConfirmedWithin(long maxStalenessNanos) {
		long confirmed = this.confirmedNanos.getAsLong();
		return confirmed != KeyTracking.NEVER && System.nanoTime() - confirmed <= maxStalenessNanos;
	}

	@Override
	public void invalidated(byte[] key) {
		String text = new String(key, StandardCharsets.UTF_8);
		for (NearCache near : this.caches) {
			String epochKey = near.cache().epochKey();
			if (text.equals(epochKey)) {
				near.flush();
			}
			else if (text.startsWith(epochKey) && text.charAt(epochKey.length()) == ':') {
				near.invalidate(key);
			}
		}
	}

	@Override
	public void lost() {
		this.caches.forEach(NearCache::flush);
	}

}
