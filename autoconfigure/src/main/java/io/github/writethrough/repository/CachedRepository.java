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

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.writethrough.store.EntityCache;
import io.github.writethrough.transaction.TransactionalCacheUpdates;
import io.micrometer.observation.ObservationRegistry;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;

import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What the interceptors of one {@code @WriteThrough} repository share: its cache, its
 * persistence unit and the table of its methods.
 *
 * @author Write-Through contributors
 */
final class CachedRepository {

	private final EntityCache cache;

	private final EntityManagerFactory entityManagerFactory;

	private final TransactionalCacheUpdates updates;

	private final TransactionOperations readOnlyTransaction;

	private final ObservationRegistry observationRegistry;

	private final Map<Method, RepositoryMethod> methods = new ConcurrentHashMap<>();

	CachedRepository(EntityCache cache, EntityManagerFactory entityManagerFactory, TransactionalCacheUpdates updates,
			TransactionOperations readOnlyTransaction, ObservationRegistry observationRegistry) {
		this.cache = cache;
		this.entityManagerFactory = entityManagerFactory;
		this.updates = updates;
		this.readOnlyTransaction = readOnlyTransaction;
		this.observationRegistry = observationRegistry;
	}

	ObservationRegistry observationRegistry() {
		return this.observationRegistry;
	}

	EntityCache cache() {
		return this.cache;
	}

	/**
	 * Whether the entity of the given id was loaded earlier into a persistence context
	 * bound to the thread (open session in view), where it may be older than the row.
	 */
	boolean isInBoundPersistenceContext(Object id) {
		EntityManagerHolder holder = (EntityManagerHolder) TransactionSynchronizationManager
			.getResource(this.entityManagerFactory);
		if (holder == null) {
			return false;
		}
		SharedSessionContractImplementor session = holder.getEntityManager()
			.unwrap(SharedSessionContractImplementor.class);
		EntityPersister persister = session.getFactory()
			.getMappingMetamodel()
			.getEntityDescriptor(this.cache.entityType());
		return session.getPersistenceContextInternal().getEntity(session.generateEntityKey(id, persister)) != null;
	}

	SharedSessionContractImplementor currentSession() {
		return TransactionalCacheUpdates.currentSession(this.entityManagerFactory);
	}

	TransactionalCacheUpdates updates() {
		return this.updates;
	}

	TransactionOperations readOnlyTransaction() {
		return this.readOnlyTransaction;
	}

	RepositoryMethod method(Method method) {
		return this.methods.computeIfAbsent(method, RepositoryMethod::of);
	}

}
