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
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;

import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * Looks into the persistence context bound to the current thread, such as the one of open
 * session in view.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class PersistenceContexts {

	private final EntityManagerFactory entityManagerFactory;

	/**
	 * Create a new instance.
	 * @param entityManagerFactory the persistence unit
	 */
	public PersistenceContexts(EntityManagerFactory entityManagerFactory) {
		Assert.notNull(entityManagerFactory, "entityManagerFactory must not be null");
		this.entityManagerFactory = entityManagerFactory;
	}

	/**
	 * Whether an entity was loaded earlier into the persistence context bound to the
	 * thread, where it may be older than its row.
	 * @param entityType the entity type
	 * @param id the id
	 * @return whether the bound persistence context holds the entity
	 */
	public boolean holds(Class<?> entityType, Object id) {
		EntityManagerHolder holder = (EntityManagerHolder) TransactionSynchronizationManager
			.getResource(this.entityManagerFactory);
		if (holder == null) {
			return false;
		}
		SharedSessionContractImplementor session = holder.getEntityManager()
			.unwrap(SharedSessionContractImplementor.class);
		EntityPersister persister = session.getFactory().getMappingMetamodel().getEntityDescriptor(entityType);
		return session.getPersistenceContextInternal().getEntity(session.generateEntityKey(id, persister)) != null;
	}

}
