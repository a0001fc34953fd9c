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

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.github.writethrough.cache.CacheOperations;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.Inspection;
import io.github.writethrough.cache.LogSafe;
import io.github.writethrough.scheduling.BackgroundWork;
import io.github.writethrough.store.CacheUnavailableException;
import io.github.writethrough.store.KeyPage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.Assert;

/**
 * Samples cached entries in the background, compares each with its committed row, and
 * removes and counts those that differ. It walks the keys of each cache with {@code SCAN}
 * and reads at most {@code rowsPerSecond} rows a second, so it cannot hurt the database.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class ConsistencyAuditor implements BackgroundWork {

	private static final Log logger = LogFactory.getLog(ConsistencyAuditor.class);

	private static final int SCAN_COUNT = 100;

	private static final Duration IDLE_PAUSE = Duration.ofSeconds(1);

	private final Supplier<Collection<EntityCache>> caches;

	private final CacheOperations operations;

	private final CacheCoherence coherence;

	private final long pauseNanos;

	private final Map<String, KeyPage> pages = new ConcurrentHashMap<>();

	private final AtomicBoolean failing = new AtomicBoolean();

	private @Nullable TaskScheduler scheduler;

	private @Nullable Future<?> round;

	/**
	 * Create a new auditor.
	 * @param caches the caches to audit
	 * @param operations compares entries with rows and removes them
	 * @param coherence compares entries with their committed rows
	 * @param rowsPerSecond how many rows the auditor reads a second at most
	 */
	public ConsistencyAuditor(Supplier<Collection<EntityCache>> caches, CacheOperations operations,
			CacheCoherence coherence, double rowsPerSecond) {
		Assert.isTrue(rowsPerSecond > 0, "rowsPerSecond must be positive");
		this.caches = caches;
		this.operations = operations;
		this.coherence = coherence;
		this.pauseNanos = (long) (TimeUnit.SECONDS.toNanos(1) / rowsPerSecond);
	}

	@Override
	public synchronized void start(TaskScheduler scheduler) {
		if (this.scheduler == null) {
			this.scheduler = scheduler;
			schedule(Duration.ZERO);
		}
	}

	@Override
	public synchronized void stop() {
		this.scheduler = null;
		if (this.round != null) {
			this.round.cancel(true);
			this.round = null;
		}
	}

	private synchronized void schedule(Duration delay) {
		TaskScheduler scheduler = this.scheduler;
		if (scheduler != null && !Thread.currentThread().isInterrupted()) {
			try {
				this.round = scheduler.schedule(this::round, scheduler.getClock().instant().plus(delay));
			}
			catch (TaskRejectedException ex) {
				logger.debug("Audit stopped: the scheduler takes no more tasks", ex);
			}
		}
	}

	/**
	 * Audit one page of every cache, then schedule the next round: at once when it
	 * audited something, after a pause when every cache was empty.
	 */
	private void round() {
		boolean audited = false;
		for (EntityCache cache : this.caches.get()) {
			try {
				audited |= auditNextPage(cache, Integer.MAX_VALUE) > 0;
			}
			catch (CacheUnavailableException ex) {
				logger.debug("Audit paused: Redis is unavailable", ex);
			}
			catch (RuntimeException ex) {
				if (this.failing.compareAndSet(false, true)) {
					logger.warn("Audit of cache '" + cache.name() + "' failed; it is tried again", ex);
				}
				continue;
			}
			this.failing.set(false);
		}
		schedule(audited ? Duration.ZERO : IDLE_PAUSE);
	}

	/**
	 * Audit the next page of keys of a cache.
	 * @param cache the cache
	 * @param maxKeys how many keys to audit at most
	 * @return how many entries were audited
	 */
	public int auditNextPage(EntityCache cache, int maxKeys) {
		KeyPage page = this.operations.scan(cache, this.pages.get(cache.name()), SCAN_COUNT);
		this.pages.put(cache.name(), page);
		int audited = 0;
		for (String key : page.keys()) {
			if (audited >= maxKeys || !pause(this.pauseNanos)) {
				break;
			}
			Object id = CacheCoherence.idOf(cache, key);
			if (id != null) {
				audit(cache, id);
				audited++;
			}
		}
		return audited;
	}

	private void audit(EntityCache cache, Object id) {
		List<Inspection> inspections = new ArrayList<>(2);
		for (int attempt = 0; attempt < 2; attempt++) {
			Inspection inspection = this.coherence.inspect(cache, id);
			if (inspection.consistent()) {
				return;
			}
			inspections.add(inspection);
		}
		this.operations.removeMismatch(cache, id);
		logger.warn("Cache '" + cache.name() + "' held an entry that differs from its row; removed "
				+ LogSafe.text(inspections.get(1).key()));
	}

	private static boolean pause(long nanos) {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
