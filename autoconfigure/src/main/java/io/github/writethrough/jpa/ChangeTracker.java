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

package io.github.writethrough.jpa;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.cache.WritePreparation;
import io.github.writethrough.transaction.CacheChange;
import io.github.writethrough.transaction.TransactionChanges;
import io.github.writethrough.transaction.UpdateDispatcher;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks.AfterCompletionCallback;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.jspecify.annotations.Nullable;

import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * Records the changes of cached entities made in the sessions of a persistence unit in
 * the {@link TransactionChanges} of their transaction: the Spring transaction a session
 * is bound to, or the session's own transaction for an application-managed
 * {@code EntityManager}.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class ChangeTracker {

	private final EntityManagerFactory entityManagerFactory;

	private final WritePreparation preparation;

	private final UpdateDispatcher dispatcher;

	private final FenceSequence fenceSequence;

	private final @Nullable JdbcOutboxTable outbox;

	private final Map<SharedSessionContractImplementor, TransactionChanges> unmanaged = new ConcurrentHashMap<>();

	/**
	 * Create a tracker and register the listener of entity changes with the persistence
	 * unit.
	 * @param entityManagerFactory the persistence unit
	 * @param caches the caches whose entities are tracked
	 * @param preparation prepares the writes of the changes
	 * @param dispatcher dispatches them after commit
	 * @param fenceSequence orders the changes of entities without a version
	 * @param outbox records the caches each transaction updates, or {@code null}
	 */
	public ChangeTracker(EntityManagerFactory entityManagerFactory, EntityCaches caches, WritePreparation preparation,
			UpdateDispatcher dispatcher, FenceSequence fenceSequence, @Nullable JdbcOutboxTable outbox) {
		Assert.notNull(entityManagerFactory, "entityManagerFactory must not be null");
		Assert.notNull(preparation, "preparation must not be null");
		Assert.notNull(dispatcher, "dispatcher must not be null");
		Assert.notNull(fenceSequence, "fenceSequence must not be null");
		this.entityManagerFactory = entityManagerFactory;
		this.preparation = preparation;
		this.dispatcher = dispatcher;
		this.fenceSequence = fenceSequence;
		this.outbox = outbox;
		EntityChangeListener listener = new EntityChangeListener(this, caches);
		EventListenerRegistry registry = entityManagerFactory.unwrap(SessionFactoryImplementor.class)
			.getEventListenerRegistry();
		registry.appendListeners(EventType.POST_INSERT, listener);
		registry.appendListeners(EventType.POST_UPDATE, listener);
		registry.appendListeners(EventType.POST_DELETE, listener);
	}

	/**
	 * Record a change that flushes no entity event, such as a bulk statement, in the
	 * current transaction.
	 * @param change the change
	 * @throws IllegalStateException if there is no transaction
	 */
	public void recordInCurrentTransaction(CacheChange change) {
		EntityManager entityManager = EntityManagerFactoryUtils
			.getTransactionalEntityManager(this.entityManagerFactory);
		Assert.state(entityManager != null, "Bulk changes of cached entities need a transaction");
		record(entityManager.unwrap(SharedSessionContractImplementor.class), change);
	}

	void record(SharedSessionContractImplementor session, CacheChange change) {
		TransactionChanges changes = changesOf(session);
		if (changes.add(session, change)) {
			session.getTransactionCompletionCallbacks()
				.registerCallback(new SessionCompletion(changes, this.fenceSequence, this.outbox));
		}
	}

	private TransactionChanges changesOf(SharedSessionContractImplementor session) {
		if (isBoundToSpringTransaction(session)) {
			return TransactionChanges.ofCurrentTransaction(this.preparation, this.dispatcher);
		}
		return this.unmanaged.computeIfAbsent(session, (key) -> {
			TransactionChanges changes = TransactionChanges.unmanaged(this.preparation, this.dispatcher);
			session.getTransactionCompletionCallbacks().registerCallback(new UnmanagedCompletion(changes, key));
			return changes;
		});
	}

	/**
	 * Whether the session is the one of the current Spring transaction; a session of an
	 * application-managed {@code EntityManager} commits on its own.
	 */
	private static boolean isBoundToSpringTransaction(SharedSessionContractImplementor session) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return false;
		}
		for (Object resource : TransactionSynchronizationManager.getResourceMap().values()) {
			if (resource instanceof EntityManagerHolder holder
					&& holder.getEntityManager().unwrap(SharedSessionContractImplementor.class) == session) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Applies the changes of a session that is not part of a Spring transaction when its
	 * own transaction commits.
	 */
	private final class UnmanagedCompletion implements AfterCompletionCallback {

		private final TransactionChanges changes;

		private final SharedSessionContractImplementor session;

		UnmanagedCompletion(TransactionChanges changes, SharedSessionContractImplementor session) {
			this.changes = changes;
			this.session = session;
		}

		@Override
		public void doAfterTransactionCompletion(boolean success, SharedSessionContractImplementor session) {
			ChangeTracker.this.unmanaged.remove(this.session);
			if (success) {
				this.changes.afterCommit();
			}
		}

	}

}
