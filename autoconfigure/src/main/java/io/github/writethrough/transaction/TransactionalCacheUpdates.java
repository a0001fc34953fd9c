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

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.writethrough.store.CacheRepairs;
import io.github.writethrough.store.EntityCache;
import io.github.writethrough.store.RedisEntryStore;
import io.micrometer.observation.ObservationRegistry;
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
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * Collects the cache updates of the current transaction and applies them once, after it
 * commits. A rollback discards them.
 * <p>
 * Changes of cached entities are recorded by Hibernate event listeners, so an entity
 * changed through dirty checking or {@code EntityManager#persist} is cached just like one
 * saved through its repository. Bulk changes are recorded by the repository methods that
 * make them.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public class TransactionalCacheUpdates {

	private final RedisEntryStore store;

	private final CacheRepairs repairs;

	private final FailureMode failureMode;

	private final boolean awaitUpdates;

	private final String fenceSequenceName;

	private final @Nullable CacheOutbox outbox;

	private final ObservationRegistry observationRegistry;

	private final Map<SharedSessionContractImplementor, PendingUpdates> unmanaged = new ConcurrentHashMap<>();

	private final Map<SessionFactoryImplementor, FenceSequence> fenceSequences = new ConcurrentHashMap<>();

	/**
	 * Create a new instance.
	 * @param store the store that applies the updates
	 * @param repairs keeps the updates the store could not apply
	 * @param failureMode what happens when the store cannot apply the updates
	 * @param awaitUpdates whether the committing thread waits until Redis answered the
	 * updates; when not, failures go to the repairs only, so the failure mode must be
	 * {@link FailureMode#LOG}
	 * @param fenceSequenceName name of the database sequence that orders the updates of
	 * entities without a version
	 * @param outbox records the caches a transaction updates in the transaction itself,
	 * or {@code null}
	 * @param observationRegistry observes each after-commit update
	 */
	public TransactionalCacheUpdates(RedisEntryStore store, CacheRepairs repairs, FailureMode failureMode,
			boolean awaitUpdates, String fenceSequenceName, @Nullable CacheOutbox outbox,
			ObservationRegistry observationRegistry) {
		Assert.notNull(store, "store must not be null");
		Assert.notNull(repairs, "repairs must not be null");
		Assert.notNull(failureMode, "failureMode must not be null");
		Assert.isTrue(awaitUpdates || failureMode == FailureMode.LOG,
				"Updates that are not awaited cannot fail the committing caller");
		Assert.hasText(fenceSequenceName, "fenceSequenceName must not be empty");
		this.store = store;
		this.repairs = repairs;
		this.failureMode = failureMode;
		this.awaitUpdates = awaitUpdates;
		this.fenceSequenceName = fenceSequenceName;
		this.outbox = outbox;
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Record the changes that Hibernate flushes for the entities of the given caches.
	 * @param entityManagerFactory the persistence unit
	 * @param caches the cache of an entity class, or {@code null} if it is not cached
	 */
	public void trackChanges(EntityManagerFactory entityManagerFactory,
			Function<Class<?>, @Nullable EntityCache> caches) {
		EntityChangeListener listener = new EntityChangeListener(this, caches);
		EventListenerRegistry registry = entityManagerFactory.unwrap(SessionFactoryImplementor.class)
			.getEventListenerRegistry();
		registry.appendListeners(EventType.POST_INSERT, listener);
		registry.appendListeners(EventType.POST_UPDATE, listener);
		registry.appendListeners(EventType.POST_DELETE, listener);
	}

	/**
	 * Make sure the fence sequence exists, for a persistence unit with cached entities
	 * that have no version.
	 * @param entityManagerFactory the persistence unit
	 */
	public void prepareFenceSequence(EntityManagerFactory entityManagerFactory) {
		fenceSequence(entityManagerFactory.unwrap(SessionFactoryImplementor.class)).createIfMissing();
	}

	/**
	 * Record that an entity was inserted or updated: its state as committed is cached.
	 * @param cache the cache of the entity
	 * @param session the session of the current transaction
	 * @param entity the entity
	 */
	public void saved(EntityCache cache, SharedSessionContractImplementor session, Object entity) {
		pending(session).add(session, new PendingUpdate.Saved(cache, entity));
	}

	/**
	 * Record that a row was deleted.
	 * @param cache the cache of the entity
	 * @param session the session of the current transaction
	 * @param id the id of the deleted row
	 * @param version the version of the deleted row, or
	 * {@link EntityCache#UNKNOWN_VERSION_FENCE}
	 */
	public void deleted(EntityCache cache, SharedSessionContractImplementor session, Object id, long version) {
		pending(session).add(session, new PendingUpdate.Deleted(cache, id, version));
	}

	/**
	 * Record that any row of the cache may have changed: the whole cache is invalidated.
	 * @param cache the cache
	 * @param session the session of the current transaction
	 */
	public void invalidated(EntityCache cache, SharedSessionContractImplementor session) {
		pending(session).add(session, new PendingUpdate.Invalidated(cache));
	}

	/**
	 * Return the Hibernate session of the current transaction, where bulk changes are
	 * recorded.
	 * @param entityManagerFactory the persistence unit
	 * @return the session
	 */
	public static SharedSessionContractImplementor currentSession(EntityManagerFactory entityManagerFactory) {
		EntityManager entityManager = EntityManagerFactoryUtils.getTransactionalEntityManager(entityManagerFactory);
		Assert.state(entityManager != null, "Bulk changes of cached entities need a transaction");
		return entityManager.unwrap(SharedSessionContractImplementor.class);
	}

	RedisEntryStore store() {
		return this.store;
	}

	CacheRepairs repairs() {
		return this.repairs;
	}

	FailureMode failureMode() {
		return this.failureMode;
	}

	boolean awaitsUpdates() {
		return this.awaitUpdates;
	}

	ObservationRegistry observationRegistry() {
		return this.observationRegistry;
	}

	@Nullable CacheOutbox outbox() {
		return this.outbox;
	}

	FenceSequence fenceSequence(SessionFactoryImplementor sessionFactory) {
		return this.fenceSequences.computeIfAbsent(sessionFactory,
				(factory) -> new FenceSequence(factory, this.fenceSequenceName));
	}

	private PendingUpdates pending(SharedSessionContractImplementor session) {
		if (!isBoundToSpringTransaction(session)) {
			return this.unmanaged.computeIfAbsent(session, (key) -> {
				PendingUpdates pending = new PendingUpdates(this);
				session.getTransactionCompletionCallbacks().registerCallback(new UnmanagedCompletion(pending, key));
				return pending;
			});
		}
		PendingUpdates pending = current();
		if (pending == null) {
			pending = new PendingUpdates(this);
			TransactionSynchronizationManager.registerSynchronization(pending);
		}
		return pending;
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
	 * Applies the updates of a session that is not part of a Spring transaction when its
	 * own transaction commits.
	 */
	private final class UnmanagedCompletion implements AfterCompletionCallback {

		private final PendingUpdates pending;

		private final SharedSessionContractImplementor session;

		UnmanagedCompletion(PendingUpdates pending, SharedSessionContractImplementor session) {
			this.pending = pending;
			this.session = session;
		}

		@Override
		public void doAfterTransactionCompletion(boolean success, SharedSessionContractImplementor session) {
			TransactionalCacheUpdates.this.unmanaged.remove(this.session);
			if (success) {
				this.pending.afterCommit();
			}
		}

	}

	/**
	 * Return the updates of the current transaction. They are kept as a synchronization,
	 * not a bound resource, so that a suspended transaction's updates are suspended with
	 * it.
	 */
	private @Nullable PendingUpdates current() {
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			if (synchronization instanceof PendingUpdates pending && pending.belongsTo(this)) {
				return pending;
			}
		}
		return null;
	}

}
