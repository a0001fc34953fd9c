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

import java.util.Collection;
import java.util.List;

import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.feed.FollowedTable;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.AbstractEntityPersister;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Finds the table, id column and version column of each cached entity, for the change
 * feed.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class FollowedTables {

	private FollowedTables() {
	}

	/**
	 * Return the tables of the given caches.
	 * @param entityManagerFactory the persistence unit of the cached entities
	 * @param caches the caches
	 * @return a table for each cache
	 */
	public static List<FollowedTable> of(EntityManagerFactory entityManagerFactory, Collection<EntityCache> caches) {
		SessionFactoryImplementor sessionFactory = entityManagerFactory.unwrap(SessionFactoryImplementor.class);
		return caches.stream().map((cache) -> {
			EntityPersister persister = sessionFactory.getMappingMetamodel().getEntityDescriptor(cache.entityType());
			AbstractEntityPersister entity = (AbstractEntityPersister) persister;
			String[] idColumns = entity.getIdentifierColumnNames();
			return new FollowedTable(cache, entity.getRootTableName(), (idColumns.length == 1) ? idColumns[0] : null,
					persister.isVersioned() ? entity.getVersionColumnName() : null);
		}).toList();
	}

}
