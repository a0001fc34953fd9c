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

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * Runs the starter's own reads of the database (fills, warm-up, audits) in transactions
 * that read the primary, not a standby that may lag behind it: read-write transactions,
 * which a data source that routes read-only transactions to replicas sends to the
 * primary, with a persistence context that is read-only all the same. Joins the caller's
 * transaction when there is one, so that loaded entities are managed while they are
 * encoded.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class PrimaryReads {

	private static final Log logger = LogFactory.getLog(PrimaryReads.class);

	private final EntityManagerFactory entityManagerFactory;

	private final TransactionTemplate template;

	private final StandbyCheck standbyCheck;

	private final AtomicBoolean standbyReported = new AtomicBoolean();

	/**
	 * Create a new instance.
	 * @param entityManagerFactory the persistence unit
	 * @param transactionManager its transaction manager
	 */
	public PrimaryReads(EntityManagerFactory entityManagerFactory, PlatformTransactionManager transactionManager) {
		Assert.notNull(entityManagerFactory, "entityManagerFactory must not be null");
		Assert.notNull(transactionManager, "transactionManager must not be null");
		this.entityManagerFactory = entityManagerFactory;
		this.template = new TransactionTemplate(transactionManager);
		this.standbyCheck = new StandbyCheck(entityManagerFactory);
	}

	/**
	 * Run work in a transaction that routing sends to the primary. The work asks
	 * {@link #readsPrimary()} before it reads what it may store. A new transaction's
	 * persistence context flushes nothing until it completes, and is read-only when the
	 * transaction opened it. A persistence context bound before, as open-session-in-view
	 * binds one, is not made read-only: the entities it loads stay managed, as the plain
	 * repository's are, and a later transaction of the request persists their changes.
	 * @param <T> the type of the result
	 * @param work the work
	 * @return the result of the work
	 */
	public <T> @Nullable T execute(TransactionCallback<T> work) {
		boolean boundBefore = TransactionSynchronizationManager.hasResource(this.entityManagerFactory);
		return this.template.execute((status) -> {
			if (status.isNewTransaction()) {
				flushNothingUntilCompletion(entityManager().unwrap(Session.class), !boundBefore);
			}
			return work.doInTransaction(status);
		});
	}

	/**
	 * Make a session flush nothing, and optionally read-only, until its transaction
	 * completes, and then give it back its settings: an open-session-in-view session
	 * outlives the transaction, and restoring them before the commit would flush its
	 * changes.
	 */
	private static void flushNothingUntilCompletion(Session session, boolean readOnly) {
		boolean defaultReadOnly = session.isDefaultReadOnly();
		FlushMode flushMode = session.getHibernateFlushMode();
		session.setDefaultReadOnly(readOnly || defaultReadOnly);
		session.setHibernateFlushMode(FlushMode.MANUAL);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCompletion(int completion) {
				session.setDefaultReadOnly(defaultReadOnly);
				session.setHibernateFlushMode(flushMode);
			}

		});
	}

	/**
	 * Run work in a transaction that reads the primary, with the transaction's
	 * {@link EntityManager}.
	 * @param <T> the type of the result
	 * @param work the work, given the transaction's entity manager
	 * @return the result of the work
	 * @throws IllegalStateException when the transaction's connection reads a standby
	 */
	public <T> T read(Function<EntityManager, T> work) {
		T result = execute((status) -> {
			Assert.state(readsPrimary(), "The transaction read a standby server, which may lag behind the primary; "
					+ "a data source that routes transactions must send read-write ones to the primary");
			return work.apply(entityManager());
		});
		Assert.state(result != null, "Read work returned null");
		return result;
	}

	/**
	 * Tell whether the current transaction reads the primary. The first time it finds a
	 * standby it says so in the log, with what to change.
	 * @return {@code false} when the transaction's connection reads a standby, or when it
	 * could not tell
	 */
	public boolean readsPrimary() {
		if (!this.standbyCheck.readsStandby(entityManager())) {
			return true;
		}
		if (this.standbyReported.compareAndSet(false, true)) {
			logger.warn("A read-write transaction of write-through read a standby server, which may lag behind the "
					+ "primary: what it reads is not cached. A data source that routes transactions must send "
					+ "read-write ones to the primary, and with such a data source spring.jpa.open-in-view must be "
					+ "false: an open session keeps the connection of the request's first transaction "
					+ "(README, 'Read replicas').");
		}
		return false;
	}

	private EntityManager entityManager() {
		EntityManager entityManager = EntityManagerFactoryUtils
			.getTransactionalEntityManager(this.entityManagerFactory);
		Assert.state(entityManager != null, "No transactional EntityManager");
		return entityManager;
	}

}
