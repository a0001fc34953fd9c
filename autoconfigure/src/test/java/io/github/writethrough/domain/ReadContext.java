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

package io.github.writethrough.domain;

import java.util.function.Supplier;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where an application calls a repository: the contexts in which a cached repository must
 * answer exactly as the plain one does.
 */
public enum ReadContext {

	/** No transaction and no bound persistence context. */
	NO_TRANSACTION,

	/** A read-only transaction. */
	READ_ONLY_TRANSACTION,

	/** A read-write transaction. */
	READ_WRITE_TRANSACTION,

	/**
	 * A persistence context bound for a whole request, as Spring Boot's
	 * open-session-in-view does, with no transaction.
	 */
	OPEN_SESSION_IN_VIEW,

	/** Open session in view with a read-only transaction inside it. */
	OPEN_SESSION_IN_VIEW_READ_ONLY;

	public <T> T run(EntityManagerFactory entityManagerFactory, PlatformTransactionManager transactionManager,
			Supplier<T> work) {
		return switch (this) {
			case NO_TRANSACTION -> work.get();
			case READ_ONLY_TRANSACTION -> inTransaction(transactionManager, true, work);
			case READ_WRITE_TRANSACTION -> inTransaction(transactionManager, false, work);
			case OPEN_SESSION_IN_VIEW -> inView(entityManagerFactory, work);
			case OPEN_SESSION_IN_VIEW_READ_ONLY ->
				inView(entityManagerFactory, () -> inTransaction(transactionManager, true, work));
		};
	}

	private static <T> T inTransaction(PlatformTransactionManager transactionManager, boolean readOnly,
			Supplier<T> work) {
		TransactionTemplate transaction = new TransactionTemplate(transactionManager);
		transaction.setReadOnly(readOnly);
		return transaction.execute((status) -> work.get());
	}

	private static <T> T inView(EntityManagerFactory entityManagerFactory, Supplier<T> work) {
		EntityManager entityManager = entityManagerFactory.createEntityManager();
		TransactionSynchronizationManager.bindResource(entityManagerFactory, new EntityManagerHolder(entityManager));
		try {
			return work.get();
		}
		finally {
			TransactionSynchronizationManager.unbindResource(entityManagerFactory);
			entityManager.close();
		}
	}

}
