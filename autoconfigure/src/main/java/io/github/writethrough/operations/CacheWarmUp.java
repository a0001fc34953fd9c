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

package io.github.writethrough.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.writethrough.WriteThroughConfigurationException;
import io.github.writethrough.store.EntityCache;
import io.github.writethrough.store.EntityCache.Lookup;
import io.github.writethrough.store.EntryWrite;
import io.github.writethrough.transaction.ReadOnlyTransactions;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Query;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.Type.PersistenceType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Loads caches from the database in the background at startup, page by page, each page
 * written in one pipelined round trip. Each page takes leases first and fills only where
 * its leases still are, so an entry written meanwhile is never replaced. Progress goes to
 * the log; stopping the application stops the warm-up.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public class CacheWarmUp implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(CacheWarmUp.class);

	private final Supplier<Collection<EntityCache>> caches;

	private final EntityManagerFactory entityManagerFactory;

	private final ReadOnlyTransactions transactions;

	private final int pageSize;

	private volatile @Nullable Thread thread;

	/**
	 * Create a new warm-up.
	 * @param caches the caches to load, read when the warm-up starts
	 * @param entityManagerFactory the persistence unit of the cached entities
	 * @param transactions reads the rows
	 * @param pageSize how many rows a page holds
	 */
	public CacheWarmUp(Supplier<Collection<EntityCache>> caches, EntityManagerFactory entityManagerFactory,
			ReadOnlyTransactions transactions, int pageSize) {
		Assert.isTrue(pageSize > 0, "pageSize must be positive");
		this.caches = caches;
		this.entityManagerFactory = entityManagerFactory;
		this.transactions = transactions;
		this.pageSize = pageSize;
	}

	@Override
	public synchronized void start() {
		List<EntityCache> caches = List.copyOf(this.caches.get());
		for (EntityCache cache : caches) {
			EntityType<?> type = this.entityManagerFactory.getMetamodel().entity(cache.entityType());
			if (!type.hasSingleIdAttribute() || type.getIdType().getPersistenceType() != PersistenceType.BASIC) {
				throw new WriteThroughConfigurationException(
						"Cache '%s' is configured to warm up, but %s has a composite id".formatted(cache.name(),
								cache.entityType().getName()),
						"Set write-through.caches.%s.warm-up to false: warm-up pages through a single basic id."
							.formatted(cache.name()));
			}
		}
		if (this.thread == null && !caches.isEmpty()) {
			Thread thread = new Thread(() -> warmAll(caches), "write-through-warm-up");
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

	/**
	 * Wait until the warm-up has finished.
	 * @param timeoutMillis how long to wait at most
	 * @return whether it finished
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean awaitCompletion(long timeoutMillis) throws InterruptedException {
		Thread thread = this.thread;
		if (thread != null) {
			thread.join(timeoutMillis);
			return !thread.isAlive();
		}
		return true;
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
			catch (RuntimeException ex) {
				logger.warn("Warm-up of cache '" + cache.name() + "' failed: " + ex.getMessage());
			}
		}
	}

	private void warm(EntityCache cache) {
		EntityType<?> type = this.entityManagerFactory.getMetamodel().entity(cache.entityType());
		String idName = type.getId(type.getIdType().getJavaType()).getName();
		String entity = type.getName();
		Long total = this.transactions
			.read((entityManager) -> entityManager.createQuery("select count(e) from " + entity + " e", Long.class)
				.getSingleResult());
		long started = System.nanoTime();
		long done = 0;
		Object last = null;
		while (!Thread.currentThread().isInterrupted()) {
			Object after = last;
			List<?> ids = this.transactions.read((entityManager) -> {
				String where = (after != null) ? " where e." + idName + " > :after" : "";
				Query query = entityManager
					.createQuery("select e." + idName + " from " + entity + " e" + where + " order by e." + idName)
					.setMaxResults(this.pageSize);
				return ((after != null) ? query.setParameter("after", after) : query).getResultList();
			});
			if (ids.isEmpty()) {
				break;
			}
			last = ids.get(ids.size() - 1);
			List<Lookup> lookups = cache.lookupAll(ids);
			if (lookups == null) {
				logger.warn("Warm-up of cache '" + cache.name() + "' stopped: Redis is unavailable");
				return;
			}
			List<EntryWrite> fills = this.transactions.read((entityManager) -> {
				List<EntryWrite> writes = new ArrayList<>(ids.size());
				List<?> entities = entityManager
					.createQuery("select e from " + entity + " e where e." + idName + " in :ids")
					.setParameter("ids", ids)
					.getResultList();
				Map<Object, Lookup> leases = new HashMap<>();
				for (int i = 0; i < ids.size(); i++) {
					leases.put(ids.get(i), lookups.get(i));
				}
				for (Object loaded : entities) {
					Object id = cache.idOf(loaded);
					EntryWrite fill = cache.prepareFill(id, loaded, leases.get(id));
					if (fill != null) {
						writes.add(fill);
					}
				}
				return writes;
			});
			cache.fill(fills);
			done += ids.size();
			double seconds = Math.max((System.nanoTime() - started) / 1e9, 1e-3);
			logger.info("Warming cache '%s': %d/%d rows (%.0f rows/s)".formatted(cache.name(), done, total,
					done / seconds));
		}
		logger.info("Warm-up of cache '%s' done: %d rows in %d ms".formatted(cache.name(), done,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
	}

}
