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

package io.github.writethrough.audit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.github.writethrough.store.CacheUnavailableException;
import io.github.writethrough.store.EntityCache;
import io.github.writethrough.store.EntityCache.Inspection;
import io.github.writethrough.store.RedisEntryStore;
import io.github.writethrough.store.RedisEntryStore.KeyPage;
import io.github.writethrough.transaction.ReadOnlyTransactions;
import io.lettuce.core.ScanCursor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Samples cached entries in the background, compares each with its committed row, and
 * removes and counts those that differ. It walks the keys of each cache with {@code SCAN}
 * and reads at most {@code rowsPerSecond} rows a second, so it cannot hurt the database.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public class ConsistencyAuditor implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ConsistencyAuditor.class);

	private static final int SCAN_COUNT = 100;

	private final Supplier<Collection<EntityCache>> caches;

	private final RedisEntryStore store;

	private final ReadOnlyTransactions transactions;

	private final long pauseNanos;

	private final Map<String, ScanCursor> cursors = new ConcurrentHashMap<>();

	private final AtomicBoolean failing = new AtomicBoolean();

	private volatile @Nullable Thread thread;

	/**
	 * Create a new auditor.
	 * @param caches the caches to audit
	 * @param store the store
	 * @param transactions reads committed rows
	 * @param rowsPerSecond how many rows the auditor reads a second at most
	 */
	public ConsistencyAuditor(Supplier<Collection<EntityCache>> caches, RedisEntryStore store,
			ReadOnlyTransactions transactions, double rowsPerSecond) {
		Assert.isTrue(rowsPerSecond > 0, "rowsPerSecond must be positive");
		this.caches = caches;
		this.store = store;
		this.transactions = transactions;
		this.pauseNanos = (long) (TimeUnit.SECONDS.toNanos(1) / rowsPerSecond);
	}

	@Override
	public synchronized void start() {
		if (this.thread == null) {
			Thread thread = new Thread(this::run, "write-through-auditor");
			thread.setDaemon(true);
			this.thread = thread;
			thread.start();
		}
	}

	@Override
	public synchronized void stop() {
		Thread thread = this.thread;
		this.thread = null;
		if (thread != null) {
			thread.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

	private void run() {
		while (this.thread == Thread.currentThread()) {
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
			if (!audited && !pause(TimeUnit.SECONDS.toNanos(1))) {
				return;
			}
		}
	}

	/**
	 * Audit the next page of keys of a cache.
	 * @param cache the cache
	 * @param maxKeys how many keys to audit at most
	 * @return how many entries were audited
	 */
	public int auditNextPage(EntityCache cache, int maxKeys) {
		String pattern = cache.keyPattern().replace("<id>", "*");
		ScanCursor cursor = this.cursors.getOrDefault(cache.name(), ScanCursor.INITIAL);
		KeyPage page = this.store.scan(pattern, cursor.isFinished() ? ScanCursor.INITIAL : cursor, SCAN_COUNT);
		this.cursors.put(cache.name(), page.cursor());
		int audited = 0;
		for (String key : page.keys()) {
			if (audited >= maxKeys || !pause(this.pauseNanos)) {
				break;
			}
			String renderedId = cache.renderedIdOf(key);
			if (renderedId != null) {
				audit(cache, renderedId);
				audited++;
			}
		}
		return audited;
	}

	private void audit(EntityCache cache, String renderedId) {
		Object id;
		try {
			id = cache.parseId(renderedId);
		}
		catch (RuntimeException ex) {
			return;
		}
		List<Inspection> inspections = new ArrayList<>(2);
		for (int attempt = 0; attempt < 2; attempt++) {
			Inspection inspection = inspect(cache, id);
			if (inspection.consistent()) {
				return;
			}
			inspections.add(inspection);
		}
		cache.evict(id);
		cache.auditMismatch();
		logger.warn("Cache '" + cache.name() + "' held an entry that differs from its row; removed "
				+ inspections.get(1).key());
	}

	private Inspection inspect(EntityCache cache, Object id) {
		return this.transactions.read((entityManager) -> cache.inspect(id, entityManager.find(cache.entityType(), id)));
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
