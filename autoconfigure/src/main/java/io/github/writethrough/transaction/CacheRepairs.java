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
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Cache updates of committed transactions that Redis did not take, kept until it does.
 * <p>
 * While a cache has updates waiting here it is not trusted: reads go to the database, so
 * that nobody reads the older entries the updates replace. When more updates wait than
 * {@code maxPendingKeys}, the single entries are dropped and the whole cache is
 * invalidated instead, which is one command however many rows changed; so is an entry
 * that waited longer than a minute. As a lifecycle bean it retries them in the
 * background, and once more when it stops.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class CacheRepairs implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(CacheRepairs.class);

	/**
	 * How long an entry may wait before its whole cache is invalidated instead: well
	 * within the life of delete markers, so a late write never outlives the marker that
	 * keeps it out.
	 */
	static final Duration MAX_ENTRY_REPAIR_AGE = Duration.ofMinutes(1);

	private static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(10);

	/**
	 * Lifecycle phase of the beans that must outlive the web server's graceful shutdown.
	 */
	public static final int SHUTDOWN_PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private final RedisEntryStore store;

	private final int maxPendingKeys;

	private final Duration retryInterval;

	private @Nullable ScheduledExecutorService executor;

	private final Map<String, Repair> writes = new LinkedHashMap<>();

	private final Map<EntityCache, Long> invalidations = new LinkedHashMap<>();

	private final Set<EntityCache> known = new LinkedHashSet<>();

	private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

	private boolean stopped;

	/**
	 * Create a new instance.
	 * @param store the store that applies the repairs
	 * @param maxPendingKeys how many entries wait at most before whole caches are
	 * invalidated instead
	 * @param retryInterval how often waiting updates are tried again while running
	 */
	public CacheRepairs(RedisEntryStore store, int maxPendingKeys, Duration retryInterval) {
		Assert.notNull(store, "store must not be null");
		Assert.isTrue(maxPendingKeys > 0, "maxPendingKeys must be positive");
		Assert.isTrue(retryInterval.toMillis() > 0, "retryInterval must be at least 1ms");
		this.store = store;
		this.maxPendingKeys = maxPendingKeys;
		this.retryInterval = retryInterval;
	}

	@Override
	public synchronized void start() {
		this.stopped = false;
		if (this.executor == null) {
			this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
				Thread thread = new Thread(runnable, "write-through-repairs");
				thread.setDaemon(true);
				return thread;
			});
			long millis = this.retryInterval.toMillis();
			this.executor.scheduleWithFixedDelay(this::retry, millis, millis, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Wait for the updates in flight, then try once more to apply what waits. The last
	 * try runs without holding this instance's lock, so that an update completing on
	 * Lettuce's event loop can still hand its writes over.
	 */
	@Override
	public void stop() {
		awaitInFlight();
		ScheduledExecutorService executor;
		synchronized (this) {
			executor = this.executor;
			this.executor = null;
			this.stopped |= executor != null;
		}
		if (executor != null) {
			executor.shutdownNow();
			if (!retry()) {
				logger.warn(pending() + " cache updates of committed transactions were not applied before shutdown; "
						+ "entries they replace may stay in Redis until they expire (the outbox prevents this)");
			}
		}
	}

	/**
	 * Stop after the web server, so that updates of requests that drain at shutdown are
	 * still retried.
	 */
	@Override
	public int getPhase() {
		return SHUTDOWN_PHASE;
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	/**
	 * Follow updates that were sent without waiting for Redis, and that hand what Redis
	 * did not take to {@link #add}: stopping waits for them first.
	 * @param update the update, complete once it was applied or handed over
	 */
	public void inFlight(CompletableFuture<?> update) {
		this.inFlight.add(update);
		update.whenComplete((result, ex) -> this.inFlight.remove(update));
	}

	private void awaitInFlight() {
		try {
			CompletableFuture.allOf(this.inFlight.toArray(CompletableFuture[]::new))
				.exceptionally((ex) -> null)
				.get(IN_FLIGHT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn(this.inFlight.size() + " cache updates were still in flight at shutdown");
		}
	}

	/**
	 * Keep updates that could not be applied.
	 * @param writes the fenced writes, each with its cache
	 * @param invalidations the caches to invalidate
	 */
	public synchronized void add(Map<EntryWrite, EntityCache> writes, List<EntityCache> invalidations) {
		if (this.stopped) {
			logger.warn("Cache updates of a transaction that committed after shutdown began could not be applied; "
					+ "entries they replace may stay in Redis until they expire (the outbox prevents this)");
		}
		else if (this.writes.isEmpty() && this.invalidations.isEmpty()) {
			logger.warn("Cache updates of committed transactions could not be applied; the caches concerned are "
					+ "read from the database until Redis takes them");
		}
		long now = System.nanoTime();
		writes.forEach((write, cache) -> {
			if (!this.invalidations.containsKey(cache)) {
				this.writes.merge(new String(write.key(), StandardCharsets.UTF_8), new Repair(cache, write, now),
						CacheRepairs::newer);
			}
		});
		invalidations.forEach(this::invalidate);
		if (this.writes.size() > this.maxPendingKeys) {
			new ArrayList<>(this.writes.values()).forEach((repair) -> invalidate(repair.cache()));
		}
		updateTrust();
	}

	/**
	 * Of two waiting writes of one key, keep the one that the fenced write script would
	 * keep: the newer epoch, then the higher fence, then a delete marker.
	 */
	private static Repair newer(Repair waiting, Repair added) {
		EntryWrite a = waiting.write();
		EntryWrite b = added.write();
		if (a.epoch() != b.epoch()) {
			return (a.epoch() > b.epoch()) ? waiting : added;
		}
		if (a.fence() != b.fence()) {
			return (a.fence() > b.fence()) ? waiting : added;
		}
		return (a.mode() == 'd') ? waiting : added;
	}

	private void invalidate(EntityCache cache) {
		this.invalidations.merge(cache, 1L, Long::sum);
		this.writes.values().removeIf((repair) -> repair.cache() == cache);
	}

	/**
	 * Try to apply the waiting updates in one round trip.
	 * @return whether nothing waits any more
	 */
	public boolean retry() {
		List<EntryWrite> writes;
		List<EntityCache> invalidations;
		Map<EntityCache, Long> generations;
		synchronized (this) {
			if (this.writes.isEmpty() && this.invalidations.isEmpty()) {
				return true;
			}
			long now = System.nanoTime();
			new ArrayList<>(this.writes.values()).stream()
				.filter((repair) -> now - repair.since() > MAX_ENTRY_REPAIR_AGE.toNanos())
				.forEach((repair) -> invalidate(repair.cache()));
			writes = this.writes.values().stream().map(Repair::write).toList();
			generations = new LinkedHashMap<>(this.invalidations);
			invalidations = new ArrayList<>(generations.keySet());
		}
		try {
			List<byte[]> epochKeys = invalidations.stream().map(EntityCache::epochKey).toList();
			long[] epochs = this.store.write(writes, epochKeys, epochKeys).epochs();
			for (int i = 0; i < epochs.length; i++) {
				invalidations.get(i).epochObserved(epochs[i]);
				invalidations.get(i).invalidationApplied();
			}
		}
		catch (CacheUnavailableException ex) {
			return false;
		}
		synchronized (this) {
			Set<EntryWrite> applied = Collections.newSetFromMap(new IdentityHashMap<>());
			applied.addAll(writes);
			this.writes.values().removeIf((repair) -> applied.contains(repair.write()));
			// an invalidation asked for again while this one was sent waits for the next
			// retry
			generations.forEach(this.invalidations::remove);
			updateTrust();
			if (this.writes.isEmpty() && this.invalidations.isEmpty()) {
				logger.info("Waiting cache updates applied: " + writes.size() + " entries repaired, "
						+ invalidations.size() + " caches invalidated");
				return true;
			}
			return false;
		}
	}

	/**
	 * Return how many entries and caches wait to be repaired.
	 * @return the number of waiting repairs
	 */
	public synchronized int pending() {
		return this.writes.size() + this.invalidations.size();
	}

	private void updateTrust() {
		Map<EntityCache, Integer> counts = new HashMap<>();
		this.writes.values().forEach((repair) -> counts.merge(repair.cache(), 1, Integer::sum));
		this.invalidations.keySet().forEach((cache) -> counts.merge(cache, 1, Integer::sum));
		this.known.addAll(counts.keySet());
		this.known.forEach((cache) -> cache.repairsPending(counts.getOrDefault(cache, 0)));
	}

	/**
	 * An entry to write again, with its cache and since when it waits.
	 */
	private record Repair(EntityCache cache, EntryWrite write, long since) {

	}

}
