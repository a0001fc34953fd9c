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

import java.util.function.Function;

import io.github.writethrough.WriteThroughConfigurationException;
import io.github.writethrough.cache.CacheSettings;
import io.github.writethrough.cache.EntityAccess;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.NearTier;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.EntityType;

import org.springframework.util.Assert;

/**
 * Creates the cache of an entity of a persistence unit: maps and checks the entity,
 * creates the fence sequence when the entity has no version, and teaches the query
 * targets the entity's names.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class EntityCacheFactory {

	private final EntityManagerFactory entityManagerFactory;

	private final EntityAccess access;

	private final Function<String, CacheSettings> settings;

	private final FenceSequence fenceSequence;

	private final QueryTargets queryTargets;

	private final NearTier nearTier;

	/**
	 * Create a new factory.
	 * @param entityManagerFactory the persistence unit of the entities
	 * @param settings the settings of each cache, by name
	 * @param fenceSequence orders the updates of entities without a version
	 * @param queryTargets finds the caches of modifying queries
	 * @param nearTier creates the near tiers of caches whose settings ask for one
	 */
	public EntityCacheFactory(EntityManagerFactory entityManagerFactory, Function<String, CacheSettings> settings,
			FenceSequence fenceSequence, QueryTargets queryTargets, NearTier nearTier) {
		Assert.notNull(entityManagerFactory, "entityManagerFactory must not be null");
		Assert.notNull(settings, "settings must not be null");
		Assert.notNull(fenceSequence, "fenceSequence must not be null");
		Assert.notNull(queryTargets, "queryTargets must not be null");
		Assert.notNull(nearTier, "nearTier must not be null");
		this.entityManagerFactory = entityManagerFactory;
		this.access = new JpaEntityAccess(entityManagerFactory);
		this.settings = settings;
		this.fenceSequence = fenceSequence;
		this.queryTargets = queryTargets;
		this.nearTier = nearTier;
	}

	/**
	 * Create the cache of an entity.
	 * @param name the cache name
	 * @param entityClass the entity class
	 * @return the cache
	 * @throws WriteThroughConfigurationException if the entity cannot be cached
	 */
	public EntityCache create(String name, Class<?> entityClass) {
		EntityType<?> entityType = this.entityManagerFactory.getMetamodel().entity(entityClass);
		CacheSettings settings = this.settings.apply(name);
		EntityCache cache = new EntityCache(name,
				EntityMappings.of(name, entityType, this.entityManagerFactory.getMetamodel()), this.access, settings,
				this.nearTier);
		if (!cache.isVersioned()) {
			this.fenceSequence.createIfMissing();
		}
		this.queryTargets.register(cache);
		return cache;
	}

}
