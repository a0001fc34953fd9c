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

import io.github.writethrough.cache.EntityAccess;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnitUtil;
import org.hibernate.Hibernate;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.jspecify.annotations.Nullable;

import org.springframework.orm.jpa.SharedEntityManagerCreator;

/**
 * {@link EntityAccess} through a persistence unit's utilities, its session factory and
 * its shared {@link EntityManager}.
 *
 * @author Write-Through contributors
 */
final class JpaEntityAccess implements EntityAccess {

	private final PersistenceUnitUtil persistenceUnitUtil;

	private final SessionFactoryImplementor sessionFactory;

	private final EntityManager entityManager;

	JpaEntityAccess(EntityManagerFactory entityManagerFactory) {
		this.persistenceUnitUtil = entityManagerFactory.getPersistenceUnitUtil();
		this.sessionFactory = entityManagerFactory.unwrap(SessionFactoryImplementor.class);
		this.entityManager = SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory);
	}

	@Override
	public @Nullable Object idOf(Object entity) {
		return this.persistenceUnitUtil.getIdentifier(entity);
	}

	@Override
	public Object unproxy(Object entity) {
		return Hibernate.unproxy(entity);
	}

	/**
	 * Return a detached proxy, as {@link Hibernate#createDetachedProxy} makes it, without
	 * a session; only an entity without proxies (a final class) takes a session's
	 * reference.
	 */
	@Override
	public Object reference(Class<?> entityType, Object id) {
		EntityPersister persister = this.sessionFactory.getMappingMetamodel().getEntityDescriptor(entityType);
		if (persister.getRepresentationStrategy().getProxyFactory() == null) {
			return this.entityManager.getReference(entityType, id);
		}
		return persister.createProxy(id, null);
	}

}
