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

package io.github.writethrough.transaction;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import io.github.writethrough.cache.CacheUpdates;
import io.github.writethrough.cache.CacheWriter;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.PreparedWrite;
import io.github.writethrough.scheduling.BackgroundWork;
import io.github.writethrough.store.CacheUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.Assert;

/**
 * Cache updates of committed transactions that Redis did not take, kept until it does.
 * <p>
 * While a write of a key waits here, reads of that key go to the database, and while an
 * invalidation of a cache waits, reads of the whole cache do: nobody reads the older
 * entries the updates replace, and the other keys keep being read from Redis. Every
 * waiting write of a key is kept and sent again, all in one call: the fenced write script
 * keeps the newest, so the order of states is decided in one place. When more writes wait
 * than {@code maxPendingKeys}, the single entries are dropped and the whole cache is
 * invalidated instead, which is one command however many rows changed; so is an entry
 * that waited longer than a minute. It retries in the background, one retry at a time,
 * and once more when it stops.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class CacheRepairs implements BackgroundWork {

	private static final Log logger = LogFactory.getLog(CacheRepairs.class);

	/**
	 * How long an entry may wait before its whole cache is invalidated instead: well
	 * within the life of delete markers, so a late write never outlives the marker that
	 * keeps it out.
	 */
	static final Duration MAX_ENTRY_REPAIR_AGE = Duration.ofMinutes(1);

	private static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(10);

	private final CacheWriter writer;

	private final int maxPendingKeys;

	private final Duration retryInterval;

	private final LongSupplier clock;

	private final Map<String, List<Repair>> writes = new LinkedHashMap<>();

	private final Map<EntityCache, Long> invalidations = new LinkedHashMap<>();

	private final Set<EntityCache> known = new LinkedHashSet<>();

	private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

	private final List<Runnable> whenApplied = new ArrayList<>();

	private final ReentrantLock retrying = new ReentrantLock();

	private @Nullable ScheduledFuture<?> retries;

	private boolean stopped;

	/**
	 * Create a new instance.
	 * @param writer applies the repairs
	 * @param maxPendingKeys how many writes wait at most before whole caches are
	 * invalidated instead
	 * @param retryInterval how often waiting updates are tried again while running
	 */
	public CacheRepairs(CacheWriter writer, int maxPendingKeys, Duration retryInterval) {
		this(writer, maxPendingKeys, retryInterval, System::nanoTime);
	}

	CacheRepairs(CacheWriter writer, int maxPendingKeys, Duration retryInterval, LongSupplier clock) {
		Assert.notNull(writer, "writer must not be null");
		Assert.isTrue(maxPendingKeys > 0, "maxPendingKeys must be positive");
		Assert.isTrue(retryInterval.toMillis() > 0, "retryInterval must be at least 1ms");
		this.writer = writer;
		this.maxPendingKeys = maxPendingKeys;
		this.retryInterval = retryInterval;
		this.clock = clock;
	}

	@Override
	public synchronized void start(TaskScheduler scheduler) {
		this.stopped = false;
		if (this.retries == null) {
			this.retries = scheduler.scheduleWithFixedDelay(this::retry,
					scheduler.getClock().instant().plus(this.retryInterval), this.retryInterval);
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
		ScheduledFuture<?> retries;
		synchronized (this) {
			retries = this.retries;
			this.retries = null;
			this.stopped |= retries != null;
		}
		if (retries != null) {
			retries.cancel(false);
			if (!retry()) {
				logger.warn(pending() + " cache updates of committed transactions were not applied before shutdown; "
						+ "entries they replace may stay in Redis until they expire (the outbox prevents this)");
			}
		}
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
	 * @param updates the updates
	 */
	public void add(CacheUpdates updates) {
		add(updates, () -> {
		});
	}

	/**
	 * Keep updates that could not be applied, and run a callback once they are: once a
	 * retry has applied everything that waited, with them or an invalidation of their
	 * caches.
	 * @param updates the updates
	 * @param whenApplied the callback, for example deleting the outbox rows of the
	 * updates' transaction
	 */
	public synchronized void add(CacheUpdates updates, Runnable whenApplied) {
		this.whenApplied.add(whenApplied);
		if (this.stopped) {
			logger.warn("Cache updates of a transaction that committed after shutdown began could not be applied; "
					+ "entries they replace may stay in Redis until they expire (the outbox prevents this)");
		}
		else if (this.writes.isEmpty() && this.invalidations.isEmpty()) {
			logger.warn("Cache updates of committed transactions could not be applied; the caches concerned are "
					+ "read from the database until Redis takes them");
		}
		long now = this.clock.getAsLong();
		for (PreparedWrite write : updates.writes()) {
			if (this.invalidations.containsKey(write.cache())) {
				// the waiting invalidation may be in flight already, sent before this
				// write's transaction committed: it must go once more after it
				this.invalidations.merge(write.cache(), 1L, Long::sum);
			}
			else {
				this.writes.computeIfAbsent(write.key(), (key) -> new ArrayList<>()).add(new Repair(write, now));
			}
		}
		updates.invalidations().forEach(this::invalidate);
		if (waitingWrites() > this.maxPendingKeys) {
			waitingCaches().forEach(this::invalidate);
		}
		updateTrust();
	}

	private int waitingWrites() {
		return this.writes.values().stream().mapToInt(List::size).sum();
	}

	private Set<EntityCache> waitingCaches() {
		Set<EntityCache> caches = new LinkedHashSet<>();
		this.writes.values().forEach((repairs) -> repairs.forEach((repair) -> caches.add(repair.write().cache())));
		return caches;
	}

	private void invalidate(EntityCache cache) {
		this.invalidations.merge(cache, 1L, Long::sum);
		this.writes.values().forEach((repairs) -> repairs.removeIf((repair) -> repair.write().cache() == cache));
		this.writes.values().removeIf(List::isEmpty);
	}

	/**
	 * Try to apply the waiting updates in one round trip, after any retry that runs
	 * already.
	 * @return whether nothing waits any more
	 */
	public boolean retry() {
		this.retrying.lock();
		List<Runnable> applied = new ArrayList<>();
		try {
			return retryNow(applied);
		}
		finally {
			this.retrying.unlock();
			applied.forEach(Runnable::run);
		}
	}

	private boolean retryNow(List<Runnable> applied) {
		List<PreparedWrite> writes = new ArrayList<>();
		Map<EntityCache, Long> generations;
		synchronized (this) {
			if (this.writes.isEmpty() && this.invalidations.isEmpty()) {
				applied.addAll(this.whenApplied);
				this.whenApplied.clear();
				return true;
			}
			long now = this.clock.getAsLong();
			Set<EntityCache> expired = new LinkedHashSet<>();
			this.writes.values()
				.forEach((repairs) -> repairs.stream()
					.filter((repair) -> now - repair.since() > MAX_ENTRY_REPAIR_AGE.toNanos())
					.forEach((repair) -> expired.add(repair.write().cache())));
			expired.forEach(this::invalidate);
			this.writes.values().forEach((repairs) -> repairs.forEach((repair) -> writes.add(repair.write())));
			generations = new LinkedHashMap<>(this.invalidations);
		}
		try {
			this.writer.apply(new CacheUpdates(writes, new ArrayList<>(generations.keySet())));
		}
		catch (CacheUnavailableException ex) {
			return false;
		}
		synchronized (this) {
			Set<PreparedWrite> sent = Collections.newSetFromMap(new IdentityHashMap<>());
			sent.addAll(writes);
			this.writes.values().forEach((repairs) -> repairs.removeIf((repair) -> sent.contains(repair.write())));
			this.writes.values().removeIf(List::isEmpty);
			// an invalidation asked for again while this one was sent waits for the next
			// retry
			generations.forEach(this.invalidations::remove);
			updateTrust();
			if (this.writes.isEmpty() && this.invalidations.isEmpty()) {
				logger.info("Waiting cache updates applied: " + writes.size() + " entries repaired, "
						+ generations.size() + " caches invalidated");
				applied.addAll(this.whenApplied);
				this.whenApplied.clear();
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
		Map<EntityCache, Set<String>> keys = new HashMap<>();
		this.writes.forEach((key, repairs) -> repairs
			.forEach((repair) -> keys.computeIfAbsent(repair.write().cache(), (cache) -> new HashSet<>()).add(key)));
		this.known.addAll(keys.keySet());
		this.known.addAll(this.invalidations.keySet());
		this.known.forEach((cache) -> cache.trust()
			.repairsPending(keys.getOrDefault(cache, Set.of()), this.invalidations.containsKey(cache)));
	}

	/**
	 * A write to send again, and since when it waits.
	 */
	private record Repair(PreparedWrite write, long since) {

	}

}
