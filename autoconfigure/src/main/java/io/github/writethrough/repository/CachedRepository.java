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

import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.ReadThrough;
import io.github.writethrough.cache.UniqueKeyIndex;
import io.github.writethrough.jpa.ChangeTracker;
import io.github.writethrough.jpa.PersistenceContexts;
import io.github.writethrough.jpa.PrimaryReads;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * What the interceptors of one {@code @WriteThrough} repository share: its cache, the
 * parts they call, and the table of its methods.
 *
 * @author Write-Through contributors
 */
final class CachedRepository {

	private final EntityCache cache;

	private final Class<?> domainType;

	private final RepositoryCaching caching;

	private final Map<Method, RepositoryMethod> methods = new ConcurrentHashMap<>();

	private final Map<Method, UniqueKeyFinder> finders;

	CachedRepository(EntityCache cache, Class<?> domainType, RepositoryCaching caching,
			Map<Method, UniqueKeyFinder> finders) {
		this.cache = cache;
		this.domainType = domainType;
		this.caching = caching;
		this.finders = finders;
	}

	EntityCache cache() {
		return this.cache;
	}

	/**
	 * Whether an entity of the cache is one the repository answers with: the cache of a
	 * hierarchy also holds the siblings of a subclass repository's entity.
	 */
	boolean answersWith(Object entity) {
		return this.domainType.isInstance(entity);
	}

	Class<?> domainType() {
		return this.domainType;
	}

	/**
	 * Whether the repository's entity is the root of its cache: only then does a row the
	 * repository does not find not exist.
	 */
	boolean isRootRepository() {
		return this.domainType == this.cache.entityType();
	}

	ReadThrough reads() {
		return this.caching.reads();
	}

	ChangeTracker changes() {
		return this.caching.changes();
	}

	PersistenceContexts persistenceContexts() {
		return this.caching.persistenceContexts();
	}

	UniqueKeyIndex keyIndex() {
		return this.caching.keyIndex();
	}

	PrimaryReads primaryReads() {
		return this.caching.primaryReads();
	}

	ObservationRegistry observationRegistry() {
		return this.caching.observationRegistry();
	}

	RepositoryMethod method(Method method) {
		return this.methods.computeIfAbsent(method, RepositoryMethod::of);
	}

	@Nullable UniqueKeyFinder finder(Method method) {
		return this.finders.get(method);
	}

}
