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

import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * Runs work in read-only transactions, joining the caller's when there is one, so that
 * loaded entities are managed while they are encoded.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class ReadOnlyTransactions {

	private final EntityManagerFactory entityManagerFactory;

	private final TransactionTemplate template;

	/**
	 * Create a new instance.
	 * @param entityManagerFactory the persistence unit
	 * @param transactionManager its transaction manager
	 */
	public ReadOnlyTransactions(EntityManagerFactory entityManagerFactory,
			PlatformTransactionManager transactionManager) {
		this.entityManagerFactory = entityManagerFactory;
		this.template = new TransactionTemplate(transactionManager);
		this.template.setReadOnly(true);
	}

	/**
	 * Run work in a read-only transaction.
	 * @param <T> the type of the result
	 * @param work the work
	 * @return the result of the work
	 */
	public <T> @Nullable T execute(TransactionCallback<T> work) {
		return this.template.execute(work);
	}

	/**
	 * Run work in a read-only transaction, with the transaction's {@link EntityManager}.
	 * @param <T> the type of the result
	 * @param work the work, given the transaction's entity manager
	 * @return the result of the work
	 */
	public <T> T read(Function<EntityManager, T> work) {
		T result = this.template.execute((status) -> {
			EntityManager entityManager = EntityManagerFactoryUtils
				.getTransactionalEntityManager(this.entityManagerFactory);
			Assert.state(entityManager != null, "No transactional EntityManager");
			return work.apply(entityManager);
		});
		Assert.state(result != null, "Read-only work returned null");
		return result;
	}

}
