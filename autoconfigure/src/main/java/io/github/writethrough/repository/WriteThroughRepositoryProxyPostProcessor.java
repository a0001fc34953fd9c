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

import java.beans.Introspector;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.github.writethrough.WriteThrough;
import io.github.writethrough.WriteThroughConfigurationException;
import io.github.writethrough.store.CacheSettings;
import io.github.writethrough.store.EntityCache;
import io.github.writethrough.store.RedisEntryStore;
import io.github.writethrough.transaction.TransactionalCacheUpdates;
import io.micrometer.observation.ObservationRegistry;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.EntityType;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.repository.core.RepositoryInformation;
import org.springframework.data.repository.core.support.RepositoryProxyPostProcessor;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.interceptor.TransactionInterceptor;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * Adds write-through caching to the proxy of a {@link WriteThrough @WriteThrough}
 * repository: a read interceptor in front of the repository's transaction and a write
 * interceptor inside it. Any other repository with {@code @Modifying} queries gets an
 * interceptor that invalidates the caches those queries may change.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public class WriteThroughRepositoryProxyPostProcessor implements RepositoryProxyPostProcessor {

	private static final Pattern CACHE_NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");

	private final EntityManagerFactory entityManagerFactory;

	private final PlatformTransactionManager transactionManager;

	private final RedisEntryStore store;

	private final TransactionalCacheUpdates updates;

	private final Function<String, CacheSettings> settings;

	private final Map<String, EntityCache> caches = new ConcurrentHashMap<>();

	private final Map<Class<?>, EntityCache> cachesByEntityType = new ConcurrentHashMap<>();

	private final QueryTargets queryTargets;

	private final ObservationRegistry observationRegistry;

	/**
	 * Create a new instance.
	 * @param entityManagerFactory the persistence unit of the repositories
	 * @param transactionManager the transaction manager of the repositories
	 * @param store the Redis store
	 * @param updates collects cache updates until commit
	 * @param settings the settings of each cache, by name
	 * @param observationRegistry observes the reads of the repositories
	 */
	public WriteThroughRepositoryProxyPostProcessor(EntityManagerFactory entityManagerFactory,
			PlatformTransactionManager transactionManager, RedisEntryStore store, TransactionalCacheUpdates updates,
			Function<String, CacheSettings> settings, ObservationRegistry observationRegistry) {
		Assert.notNull(entityManagerFactory, "entityManagerFactory must not be null");
		Assert.notNull(transactionManager, "transactionManager must not be null");
		Assert.notNull(store, "store must not be null");
		Assert.notNull(updates, "updates must not be null");
		Assert.notNull(settings, "settings must not be null");
		this.entityManagerFactory = entityManagerFactory;
		this.transactionManager = transactionManager;
		this.store = store;
		this.updates = updates;
		this.settings = settings;
		this.observationRegistry = observationRegistry;
		this.queryTargets = new QueryTargets(entityManagerFactory.unwrap(SessionFactoryImplementor.class));
		updates.trackChanges(entityManagerFactory, this::cacheOfEntity);
	}

	@Override
	public void postProcess(ProxyFactory factory, RepositoryInformation repositoryInformation) {
		Class<?> repositoryInterface = repositoryInformation.getRepositoryInterface();
		if (hasModifyingQueries(repositoryInterface)) {
			factory
				.addAdvice(new ModifyingQueryInterceptor(this.queryTargets, this.updates, this.entityManagerFactory));
		}
		if (!AnnotatedElementUtils.hasAnnotation(repositoryInterface, WriteThrough.class)) {
			return;
		}
		EntityCache cache = cacheFor(repositoryInterface, repositoryInformation.getDomainType());
		TransactionTemplate readOnly = new TransactionTemplate(this.transactionManager);
		readOnly.setReadOnly(true);
		readOnly.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
		CachedRepository repository = new CachedRepository(cache, this.entityManagerFactory, this.updates, readOnly,
				this.observationRegistry);
		factory.addAdvice(transactionInterceptorIndex(factory), new CacheReadInterceptor(repository));
		factory.addAdvice(new CacheWriteInterceptor(repository));
	}

	/**
	 * Return the caches created so far, by name.
	 * @return the caches
	 */
	public Map<String, EntityCache> getCaches() {
		return Map.copyOf(this.caches);
	}

	private EntityCache cacheFor(Class<?> repositoryInterface, Class<?> domainType) {
		String name = cacheName(repositoryInterface, domainType);
		EntityCache cache = this.caches.computeIfAbsent(name, (key) -> createCache(key, domainType));
		if (cache.entityType() != domainType) {
			throw new WriteThroughConfigurationException(
					"Cache '%s' of %s is already used for %s, not %s".formatted(name, repositoryInterface.getName(),
							cache.entityType().getName(), domainType.getName()),
					"Give each entity its own cache name in @WriteThrough.");
		}
		return cache;
	}

	private EntityCache createCache(String name, Class<?> domainType) {
		EntityType<?> entityType = this.entityManagerFactory.getMetamodel().entity(domainType);
		for (EntityType<?> other : this.entityManagerFactory.getMetamodel().getEntities()) {
			if (other.getJavaType() != domainType && domainType.isAssignableFrom(other.getJavaType())) {
				throw new WriteThroughConfigurationException(
						"Entity %s of cache '%s' has the subclass %s, which the cache cannot tell apart"
							.formatted(domainType.getName(), name, other.getJavaType().getName()),
						"Cache the concrete entities with repositories of their own, or remove @WriteThrough.");
			}
		}
		EntityManager entityManager = SharedEntityManagerCreator.createSharedEntityManager(this.entityManagerFactory);
		EntityCache cache = EntityCache.create(name, entityType, this.entityManagerFactory.getPersistenceUnitUtil(),
				entityManager::getReference, this.settings.apply(name), this.store);
		if (!cache.isVersioned()) {
			this.updates.prepareFenceSequence(this.entityManagerFactory);
		}
		this.cachesByEntityType.put(domainType, cache);
		this.queryTargets.register(cache);
		return cache;
	}

	/**
	 * Whether a repository declares {@code @Modifying} queries, which change rows without
	 * entity events.
	 * @param repositoryInterface the repository interface
	 * @return whether it has modifying queries
	 */
	static boolean hasModifyingQueries(Class<?> repositoryInterface) {
		for (Method method : repositoryInterface.getMethods()) {
			if (AnnotatedElementUtils.hasAnnotation(method, Modifying.class)) {
				return true;
			}
		}
		return false;
	}

	private @Nullable EntityCache cacheOfEntity(Class<?> entityClass) {
		for (Class<?> type = entityClass; type != null && type != Object.class; type = type.getSuperclass()) {
			EntityCache cache = this.cachesByEntityType.get(type);
			if (cache != null) {
				return cache;
			}
		}
		return null;
	}

	static String cacheName(Class<?> repositoryInterface, Class<?> domainType) {
		WriteThrough annotation = AnnotatedElementUtils.findMergedAnnotation(repositoryInterface, WriteThrough.class);
		String name = (annotation != null) ? annotation.cacheName() : "";
		if (name.isEmpty()) {
			name = Introspector.decapitalize(domainType.getSimpleName());
		}
		if (!CACHE_NAME.matcher(name).matches()) {
			throw new WriteThroughConfigurationException(
					"Cache name '%s' of %s is not valid".formatted(name, repositoryInterface.getName()),
					"Use only letters, digits, '_', '.' and '-' in the name given to @WriteThrough.");
		}
		return name;
	}

	private static int transactionInterceptorIndex(ProxyFactory factory) {
		Advisor[] advisors = factory.getAdvisors();
		for (int i = 0; i < advisors.length; i++) {
			if (advisors[i].getAdvice() instanceof TransactionInterceptor) {
				return i;
			}
		}
		return advisors.length;
	}

}
