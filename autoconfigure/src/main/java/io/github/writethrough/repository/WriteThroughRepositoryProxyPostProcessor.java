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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.writethrough.WriteThrough;
import io.github.writethrough.WriteThroughConfigurationException;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.jpa.EntityCacheFactory;
import io.github.writethrough.jpa.QueryTargets;

import org.springframework.aop.Advisor;
import org.springframework.aop.interceptor.ExposeInvocationInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.core.RepositoryInformation;
import org.springframework.data.repository.core.support.RepositoryProxyPostProcessor;
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

	private final EntityCaches caches;

	private final EntityCacheFactory cacheFactory;

	private final QueryTargets queryTargets;

	private final RepositoryCaching caching;

	/**
	 * Create a new instance.
	 * @param caches the caches, where those of the repositories are added
	 * @param cacheFactory creates the cache of an entity
	 * @param queryTargets finds the caches of modifying queries
	 * @param caching what the interceptors call
	 */
	public WriteThroughRepositoryProxyPostProcessor(EntityCaches caches, EntityCacheFactory cacheFactory,
			QueryTargets queryTargets, RepositoryCaching caching) {
		Assert.notNull(caches, "caches must not be null");
		Assert.notNull(cacheFactory, "cacheFactory must not be null");
		Assert.notNull(queryTargets, "queryTargets must not be null");
		Assert.notNull(caching, "caching must not be null");
		this.caches = caches;
		this.cacheFactory = cacheFactory;
		this.queryTargets = queryTargets;
		this.caching = caching;
	}

	@Override
	public void postProcess(ProxyFactory factory, RepositoryInformation repositoryInformation) {
		Class<?> repositoryInterface = repositoryInformation.getRepositoryInterface();
		if (hasModifyingQueries(repositoryInterface)) {
			factory.addAdvice(new ModifyingQueryInterceptor(this.queryTargets, this.caching.changes()));
		}
		if (!AnnotatedElementUtils.hasAnnotation(repositoryInterface, WriteThrough.class)) {
			return;
		}
		Class<?> domainType = repositoryInformation.getDomainType();
		EntityCache cache = cacheFor(repositoryInterface, domainType);
		Map<Method, UniqueKeyFinder> finders = new HashMap<>();
		for (Method method : annotatedMethods(repositoryInterface)) {
			finders.put(method, UniqueKeyFinder.of(method, domainType, cache.entityType(), this.cacheFactory));
		}
		for (Method method : repositoryInterface.getMethods()) {
			if (RepositoryMethod.of(method).isRead()) {
				String name = repositoryInterface.getSimpleName() + "." + method.getName();
				UniqueKeyFinder.refuseQueryShaping(method, name);
				if (AnnotatedElementUtils.hasAnnotation(method, Query.class)) {
					throw new WriteThroughConfigurationException(
							"%s has @Query, which a read answered by the cache would skip".formatted(name),
							"Give the query a method name of its own, or remove @WriteThrough from the repository.");
				}
			}
		}
		CachedRepository repository = new CachedRepository(cache, domainType, this.caching, finders);
		factory.addAdvice(readInterceptorIndex(factory), new CacheReadInterceptor(repository));
		factory.addAdvice(new CacheWriteInterceptor(repository));
	}

	/**
	 * Return the cache of a repository: the cache of the root of its entity's inheritance
	 * hierarchy, one per hierarchy, named after the root unless the annotation names it.
	 */
	private EntityCache cacheFor(Class<?> repositoryInterface, Class<?> domainType) {
		Class<?> root = this.cacheFactory.rootOf(domainType);
		String name = cacheName(repositoryInterface, root);
		EntityCache hierarchyCache = this.caches.forEntity(root);
		if (hierarchyCache != null && !hierarchyCache.name().equals(name)) {
			throw new WriteThroughConfigurationException(
					"Cache '%s' of %s would be a second cache of %s, which cache '%s' holds".formatted(name,
							repositoryInterface.getName(), root.getName(), hierarchyCache.name()),
					"Give the repositories of one entity hierarchy one cache name: '%s', or none to take it from %s."
						.formatted(hierarchyCache.name(), root.getSimpleName()));
		}
		EntityCache cache = this.caches.computeIfAbsent(name, (key) -> this.cacheFactory.create(key, root));
		if (cache.entityType() != root) {
			throw new WriteThroughConfigurationException(
					"Cache '%s' of %s is already used for %s, not %s".formatted(name, repositoryInterface.getName(),
							cache.entityType().getName(), domainType.getName()),
					"Give each entity hierarchy its own cache name in @WriteThrough.");
		}
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

	/**
	 * Return the methods of a repository annotated with {@code @WriteThrough}.
	 * @param repositoryInterface the repository interface
	 * @return the annotated methods
	 */
	static List<Method> annotatedMethods(Class<?> repositoryInterface) {
		return Arrays.stream(repositoryInterface.getMethods())
			.filter((method) -> AnnotatedElementUtils.hasAnnotation(method, WriteThrough.class))
			.toList();
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

	/**
	 * Return where reads are answered from the cache: right after the invocation is
	 * exposed, so that a hit passes none of the interceptors that prepare a call to JPA
	 * (method metadata, exception translation, the transaction).
	 */
	private static int readInterceptorIndex(ProxyFactory factory) {
		Advisor[] advisors = factory.getAdvisors();
		for (int i = 0; i < advisors.length; i++) {
			if (advisors[i].getAdvice() instanceof ExposeInvocationInterceptor) {
				return i + 1;
			}
		}
		return 0;
	}

}
