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

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.Session;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.jspecify.annotations.Nullable;

import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * Looks into the persistence context bound to the current thread, such as the one of open
 * session in view, and loads the entities read from the cache into it.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class PersistenceContexts {

	private final EntityManagerFactory entityManagerFactory;

	private final SessionFactoryImplementor sessionFactory;

	private final HitLoader hitLoader;

	/**
	 * Create a new instance.
	 * @param entityManagerFactory the persistence unit
	 */
	public PersistenceContexts(EntityManagerFactory entityManagerFactory) {
		Assert.notNull(entityManagerFactory, "entityManagerFactory must not be null");
		this.entityManagerFactory = entityManagerFactory;
		this.sessionFactory = entityManagerFactory.unwrap(SessionFactoryImplementor.class);
		this.hitLoader = new HitLoader(this.sessionFactory);
	}

	/**
	 * Whether an entity was loaded earlier into the persistence context bound to the
	 * thread, where it may be older than its row.
	 * @param entityType the entity type
	 * @param id the id
	 * @return whether the bound persistence context holds the entity
	 */
	public boolean holds(Class<?> entityType, Object id) {
		SharedSessionContractImplementor session = boundSession();
		if (session == null) {
			return false;
		}
		EntityPersister persister = session.getFactory().getMappingMetamodel().getEntityDescriptor(entityType);
		return session.getPersistenceContextInternal().getEntity(session.generateEntityKey(id, persister)) != null;
	}

	/**
	 * Return what the repository itself returns for an entity read from the cache: the
	 * entity as part of the persistence context bound to the thread (or the instance that
	 * context already holds), or, with none bound, detached from a session that is closed
	 * at once, so that its lazy associations throw {@code LazyInitializationException}
	 * where the repository's would, and its {@code @PostLoad} callbacks run.
	 * @param cached an entity decoded from the cache, which nothing else holds
	 * @param entityType the entity class the repository reads
	 * @return the entity to return, or {@code null} when the bound persistence context
	 * deleted it
	 */
	public @Nullable Object load(Object cached, Class<?> entityType) {
		SharedSessionContractImplementor bound = boundSession();
		if (bound != null) {
			return this.hitLoader.load(cached, entityType, bound);
		}
		if (!this.hitLoader.needsSession(cached.getClass())) {
			return cached;
		}
		try (Session session = this.sessionFactory.openSession()) {
			session.setDefaultReadOnly(true);
			return this.hitLoader.load(cached, entityType, (SharedSessionContractImplementor) session);
		}
	}

	private @Nullable SharedSessionContractImplementor boundSession() {
		EntityManagerHolder holder = (EntityManagerHolder) TransactionSynchronizationManager
			.getResource(this.entityManagerFactory);
		return (holder != null) ? holder.getEntityManager().unwrap(SharedSessionContractImplementor.class) : null;
	}

}
