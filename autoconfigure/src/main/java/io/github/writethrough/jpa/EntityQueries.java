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

import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Query;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.Type.PersistenceType;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Pages through the rows of an entity by its id, with JPQL built from the metamodel.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class EntityQueries {

	private final EntityManagerFactory entityManagerFactory;

	/**
	 * Create a new instance.
	 * @param entityManagerFactory the persistence unit of the entities
	 */
	public EntityQueries(EntityManagerFactory entityManagerFactory) {
		Assert.notNull(entityManagerFactory, "entityManagerFactory must not be null");
		this.entityManagerFactory = entityManagerFactory;
	}

	/**
	 * Whether an entity has a single id of a basic type, which its rows can be paged by.
	 * @param entityClass the entity class
	 * @return whether it can be paged
	 */
	public boolean isPageable(Class<?> entityClass) {
		EntityType<?> type = entityType(entityClass);
		return type.hasSingleIdAttribute() && type.getIdType().getPersistenceType() == PersistenceType.BASIC;
	}

	/**
	 * Count the rows of an entity.
	 * @param entityManager the entity manager of the current transaction
	 * @param entityClass the entity class
	 * @return the number of rows
	 */
	public long count(EntityManager entityManager, Class<?> entityClass) {
		return entityManager.createQuery("select count(e) from " + entityType(entityClass).getName() + " e", Long.class)
			.getSingleResult();
	}

	/**
	 * Return the next ids of an entity, in order.
	 * @param entityManager the entity manager of the current transaction
	 * @param entityClass the entity class
	 * @param after the last id of the previous page, or {@code null} for the first page
	 * @param pageSize how many ids at most
	 * @return the ids
	 */
	public List<?> idsAfter(EntityManager entityManager, Class<?> entityClass, @Nullable Object after, int pageSize) {
		EntityType<?> type = entityType(entityClass);
		String id = idName(type);
		String where = (after != null) ? " where e." + id + " > :after" : "";
		Query query = entityManager
			.createQuery("select e." + id + " from " + type.getName() + " e" + where + " order by e." + id)
			.setMaxResults(pageSize);
		return ((after != null) ? query.setParameter("after", after) : query).getResultList();
	}

	/**
	 * Load the entities of the given ids.
	 * @param entityManager the entity manager of the current transaction
	 * @param entityClass the entity class
	 * @param ids the ids
	 * @return the entities found, managed
	 */
	public List<?> findAll(EntityManager entityManager, Class<?> entityClass, List<?> ids) {
		EntityType<?> type = entityType(entityClass);
		return entityManager.createQuery("select e from " + type.getName() + " e where e." + idName(type) + " in :ids")
			.setParameter("ids", ids)
			.getResultList();
	}

	private EntityType<?> entityType(Class<?> entityClass) {
		return this.entityManagerFactory.getMetamodel().entity(entityClass);
	}

	private static String idName(EntityType<?> type) {
		return type.getId(type.getIdType().getJavaType()).getName();
	}

}
