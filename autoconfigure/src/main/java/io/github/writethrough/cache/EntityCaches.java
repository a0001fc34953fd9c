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

package io.github.writethrough.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The caches of the application's {@code @WriteThrough} repositories, by name, by entity
 * class and by epoch key.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class EntityCaches {

	private final Map<String, EntityCache> byName = new ConcurrentHashMap<>();

	private final Map<Class<?>, EntityCache> byEntityType = new ConcurrentHashMap<>();

	/**
	 * Return the cache of the given name, created by the factory if there is none yet.
	 * @param name the name
	 * @param factory creates the cache
	 * @return the cache
	 */
	public EntityCache computeIfAbsent(String name, Function<String, EntityCache> factory) {
		return this.byName.computeIfAbsent(name, (key) -> {
			EntityCache cache = factory.apply(key);
			this.byEntityType.put(cache.entityType(), cache);
			return cache;
		});
	}

	/**
	 * Return every cache, sorted by name.
	 * @return the caches
	 */
	public Collection<EntityCache> all() {
		List<EntityCache> caches = new ArrayList<>(this.byName.values());
		caches.sort(Comparator.comparing(EntityCache::name));
		return caches;
	}

	/**
	 * Return the cache of the given name.
	 * @param name the name
	 * @return the cache, or {@code null} if there is none
	 */
	public @Nullable EntityCache get(String name) {
		return this.byName.get(name);
	}

	/**
	 * Return the cache of an entity class or of one of its superclasses.
	 * @param entityClass the class of an entity, possibly a proxy's
	 * @return the cache, or {@code null} if the entity is not cached
	 */
	public @Nullable EntityCache forEntity(Class<?> entityClass) {
		for (Class<?> type = entityClass; type != null && type != Object.class; type = type.getSuperclass()) {
			EntityCache cache = this.byEntityType.get(type);
			if (cache != null) {
				return cache;
			}
		}
		return null;
	}

	/**
	 * Return the cache whose epoch is kept under the given key.
	 * @param epochKey the epoch key
	 * @return the cache, or {@code null} if no cache of this application has that key
	 */
	public @Nullable EntityCache forEpochKey(String epochKey) {
		for (EntityCache cache : this.byName.values()) {
			if (cache.epochKey().equals(epochKey)) {
				return cache;
			}
		}
		return null;
	}

}
