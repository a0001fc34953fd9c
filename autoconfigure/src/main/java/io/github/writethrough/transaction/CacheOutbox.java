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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.writethrough.cache.CacheWriter;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.scheduling.BackgroundWork;
import io.github.writethrough.store.CacheUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.Assert;

/**
 * A durable record, in the database, of the caches that committed transactions are about
 * to update, so that a crash between the commit and the cache update cannot leave stale
 * entries behind.
 * <p>
 * A transaction that updates cached entities writes one row per cache in the same
 * database transaction. Once Redis has taken the updates, the rows are deleted in the
 * background. Rows that are older than {@code replayAfter}, and every row found at
 * startup, belong to updates that may never have reached Redis: their caches are
 * invalidated as a whole, which is one command however many entries they hold, and the
 * rows are deleted.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class CacheOutbox implements BackgroundWork {

	private static final Log logger = LogFactory.getLog(CacheOutbox.class);

	private static final int BATCH = 500;

	private static final Duration DELETE_INTERVAL = Duration.ofSeconds(1);

	private final OutboxTable table;

	private final EntityCaches caches;

	private final CacheWriter writer;

	private final Duration replayAfter;

	private final ConcurrentLinkedQueue<String> completed = new ConcurrentLinkedQueue<>();

	private final Set<String> repairing = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean failing = new AtomicBoolean();

	private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

	/**
	 * Create a new outbox.
	 * @param table the table of the outbox
	 * @param caches the caches whose rows are replayed
	 * @param writer invalidates the caches of replayed rows
	 * @param replayAfter how old a row must be before its caches are invalidated while
	 * running
	 */
	public CacheOutbox(OutboxTable table, EntityCaches caches, CacheWriter writer, Duration replayAfter) {
		Assert.notNull(table, "table must not be null");
		Assert.notNull(caches, "caches must not be null");
		Assert.notNull(writer, "writer must not be null");
		Assert.isTrue(replayAfter.toMillis() > 0, "replayAfter must be at least 1ms");
		this.table = table;
		this.caches = caches;
		this.writer = writer;
		this.replayAfter = replayAfter;
	}

	/**
	 * Mark rows as done: Redis took the updates they stand for.
	 * @param ids the ids of the rows
	 */
	void completed(Collection<String> ids) {
		this.completed.addAll(ids);
	}

	/**
	 * Mark rows as held by the repairs, which complete them once Redis took their
	 * updates: while this instance runs, they are not replayed, up to their deletion.
	 * @param ids the ids of the rows
	 */
	void repairing(Collection<String> ids) {
		this.repairing.addAll(ids);
	}

	/**
	 * Create the table if needed, replay the rows left by an earlier run, then delete
	 * completed rows and replay old ones in the background.
	 */
	@Override
	public synchronized void start(TaskScheduler scheduler) {
		if (!this.tasks.isEmpty()) {
			return;
		}
		this.table.createIfMissing();
		replay(Instant.now().plusSeconds(1));
		Instant now = scheduler.getClock().instant();
		this.tasks.add(scheduler.scheduleWithFixedDelay(() -> logFailure(this::deleteCompleted),
				now.plus(DELETE_INTERVAL), DELETE_INTERVAL));
		Duration replayInterval = Duration.ofMillis(Math.max(this.replayAfter.toMillis() / 2, 1));
		this.tasks
			.add(scheduler.scheduleWithFixedDelay(() -> logFailure(() -> replay(Instant.now().minus(this.replayAfter))),
					now.plus(replayInterval), replayInterval));
	}

	@Override
	public synchronized void stop() {
		if (!this.tasks.isEmpty()) {
			this.tasks.forEach((task) -> task.cancel(false));
			this.tasks.clear();
			deleteCompleted();
		}
	}

	/**
	 * Invalidate the caches of the rows created before the given time, and delete the
	 * rows.
	 * @param before the time
	 */
	void replay(Instant before) {
		List<OutboxTable.Row> rows = this.table.createdBefore(before, 10 * BATCH)
			.stream()
			.filter((row) -> !this.repairing.contains(row.id()))
			.toList();
		if (rows.isEmpty()) {
			return;
		}
		Set<String> epochKeys = new LinkedHashSet<>();
		rows.forEach((row) -> epochKeys.add(row.epochKey()));
		List<EntityCache> known = new ArrayList<>();
		List<String> foreign = new ArrayList<>();
		for (String epochKey : epochKeys) {
			EntityCache cache = this.caches.forEpochKey(epochKey);
			if (cache != null) {
				known.add(cache);
			}
			else {
				foreign.add(epochKey);
			}
		}
		try {
			this.writer.invalidate(known, foreign);
		}
		catch (CacheUnavailableException ex) {
			logger.debug("Outbox not replayed: Redis is unavailable", ex);
			return;
		}
		this.table.delete(rows.stream().map(OutboxTable.Row::id).toList());
		logger.warn("Cache updates of " + rows.size() + " committed transactions may not have reached Redis; "
				+ "invalidated the caches " + epochKeys);
	}

	private void logFailure(Runnable task) {
		try {
			task.run();
			this.failing.set(false);
		}
		catch (RuntimeException ex) {
			if (this.failing.compareAndSet(false, true)) {
				logger.warn("Outbox maintenance failed; it is tried again", ex);
			}
		}
	}

	private void deleteCompleted() {
		List<String> ids = new ArrayList<>();
		for (String id = this.completed.poll(); id != null; id = this.completed.poll()) {
			ids.add(id);
		}
		if (!ids.isEmpty()) {
			this.table.delete(ids);
			this.repairing.removeAll(ids);
		}
	}

}
