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

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.feed.FollowedTable;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.metamodel.MappingMetamodel;
import org.hibernate.persister.entity.AbstractEntityPersister;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.persister.entity.UnionSubclassEntityPersister;

/**
 * Finds the tables of each cached entity, with their id and version columns, for the
 * change feed: every table of the entity's inheritance hierarchy, secondary tables
 * included. Only the first table of an entity holds its version.
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
	 * @return the tables of the caches
	 */
	public static List<FollowedTable> of(EntityManagerFactory entityManagerFactory, Collection<EntityCache> caches) {
		MappingMetamodel metamodel = entityManagerFactory.unwrap(SessionFactoryImplementor.class).getMappingMetamodel();
		List<FollowedTable> tables = new ArrayList<>();
		for (EntityCache cache : caches) {
			Map<String, FollowedTable> byName = new LinkedHashMap<>();
			EntityPersister root = metamodel.getEntityDescriptor(cache.entityType());
			for (String entityName : root.getSubclassEntityNames()) {
				EntityPersister persister = metamodel.getEntityDescriptor(entityName);
				if (persister.isAbstract() && persister instanceof UnionSubclassEntityPersister) {
					// an abstract class of a table-per-class hierarchy has no table
					continue;
				}
				for (int table = 0; table < persister.getTableSpan(); table++) {
					String[] keyColumns = persister.getKeyColumns(table);
					String versionColumn = (table == 0 && persister.isVersioned())
							? ((AbstractEntityPersister) persister).getVersionColumnName() : null;
					byName.putIfAbsent(persister.getTableName(table),
							new FollowedTable(cache, persister.getTableName(table),
									(keyColumns.length == 1) ? keyColumns[0] : null, versionColumn));
				}
			}
			tables.addAll(byName.values());
		}
		return tables;
	}

}
