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

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.github.writethrough.WriteThroughConfigurationException;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.ReadThrough;
import io.github.writethrough.cache.ReadThrough.Reading;
import io.github.writethrough.cache.ReadThrough.Status;
import io.github.writethrough.jpa.EntityQueries;
import io.github.writethrough.jpa.PrimaryReads;
import io.github.writethrough.scheduling.BackgroundWork;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.Assert;

/**
 * Loads caches from the database in the background at startup, page by page, each page
 * read through the cache like a {@code findAllById}: leases first, then one query for the
 * ids the cache does not hold, then fills where the leases still are, so an entry written
 * meanwhile is never replaced. Progress goes to the log; stopping stops the warm-up.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class CacheWarmUp implements BackgroundWork {

	private static final Log logger = LogFactory.getLog(CacheWarmUp.class);

	private final Supplier<Collection<EntityCache>> caches;

	private final ReadThrough reads;

	private final EntityQueries queries;

	private final PrimaryReads primaryReads;

	private final int pageSize;

	private volatile @Nullable Future<?> task;

	/**
	 * Create a new warm-up.
	 * @param caches the caches to load, read when the warm-up starts
	 * @param reads reads the pages through the caches
	 * @param queries pages through the rows
	 * @param primaryReads reads the rows from the primary
	 * @param pageSize how many rows a page holds
	 */
	public CacheWarmUp(Supplier<Collection<EntityCache>> caches, ReadThrough reads, EntityQueries queries,
			PrimaryReads primaryReads, int pageSize) {
		Assert.isTrue(pageSize > 0, "pageSize must be positive");
		this.caches = caches;
		this.reads = reads;
		this.queries = queries;
		this.primaryReads = primaryReads;
		this.pageSize = pageSize;
	}

	@Override
	public synchronized void start(TaskScheduler scheduler) {
		List<EntityCache> caches = List.copyOf(this.caches.get());
		for (EntityCache cache : caches) {
			if (!this.queries.isPageable(cache.entityType())) {
				throw new WriteThroughConfigurationException(
						"Cache '%s' is configured to warm up, but %s has a composite id".formatted(cache.name(),
								cache.entityType().getName()),
						"Set write-through.caches.%s.warm-up to false: warm-up pages through a single basic id."
							.formatted(cache.name()));
			}
		}
		if (this.task == null && !caches.isEmpty()) {
			this.task = scheduler.schedule(() -> warmAll(caches), scheduler.getClock().instant());
		}
	}

	@Override
	public synchronized void stop() {
		Future<?> task = this.task;
		this.task = null;
		if (task != null) {
			task.cancel(true);
		}
	}

	/**
	 * Wait until the warm-up has finished.
	 * @param timeoutMillis how long to wait at most
	 * @return whether it finished
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean awaitCompletion(long timeoutMillis) throws InterruptedException {
		Future<?> task = this.task;
		if (task == null) {
			return true;
		}
		try {
			task.get(timeoutMillis, TimeUnit.MILLISECONDS);
			return true;
		}
		catch (ExecutionException | CancellationException ex) {
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
	}

	private void warmAll(List<EntityCache> caches) {
		for (EntityCache cache : caches) {
			if (Thread.currentThread().isInterrupted()) {
				logger.info("Warm-up stopped");
				return;
			}
			try {
				warm(cache);
			}
			catch (Throwable ex) {
				logger.warn("Warm-up of cache '" + cache.name() + "' failed: " + ex.getMessage());
			}
		}
	}

	private void warm(EntityCache cache) throws Throwable {
		Class<?> entityClass = cache.entityType();
		long total = this.primaryReads.read((entityManager) -> this.queries.count(entityManager, entityClass));
		long started = System.nanoTime();
		long done = 0;
		Object last = null;
		while (!Thread.currentThread().isInterrupted()) {
			Object after = last;
			List<?> ids = this.primaryReads
				.read((entityManager) -> this.queries.idsAfter(entityManager, entityClass, after, this.pageSize));
			if (ids.isEmpty()) {
				break;
			}
			last = ids.get(ids.size() - 1);
			Reading<Boolean> reading = this.reads.read(cache, ids, (missing, fills) -> {
				if (fills != null) {
					this.primaryReads.read((entityManager) -> {
						for (Object loaded : this.queries.findAll(entityManager, entityClass, missing)) {
							fills.loaded(cache.idOf(loaded), loaded);
						}
						return true;
					});
				}
				return fills != null;
			});
			if (reading.status() == Status.UNAVAILABLE) {
				logger.warn("Warm-up of cache '" + cache.name() + "' stopped: Redis is unavailable");
				return;
			}
			done += ids.size();
			double seconds = Math.max((System.nanoTime() - started) / 1e9, 1e-3);
			logger.info("Warming cache '%s': %d/%d rows (%.0f rows/s)".formatted(cache.name(), done, total,
					done / seconds));
		}
		logger.info("Warm-up of cache '%s' done: %d rows in %d ms".formatted(cache.name(), done,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
	}

}
