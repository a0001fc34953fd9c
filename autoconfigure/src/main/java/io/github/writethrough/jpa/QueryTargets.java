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

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.github.writethrough.cache.EntityCache;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.EntityPersister;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.data.jpa.repository.Query;

/**
 * Finds the caches a {@code @Modifying} query may change: those whose entity or table it
 * names. A query whose text is not known names every cache.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class QueryTargets {

	private final SessionFactoryImplementor sessionFactory;

	private final Map<EntityCache, Pattern> names = new ConcurrentHashMap<>();

	/**
	 * Create a new instance.
	 * @param entityManagerFactory the persistence unit of the cached entities
	 */
	public QueryTargets(EntityManagerFactory entityManagerFactory) {
		this.sessionFactory = entityManagerFactory.unwrap(SessionFactoryImplementor.class);
	}

	/**
	 * Learn the entity and table names of a cache, those of its entity's subclasses
	 * included.
	 * @param cache the cache
	 */
	public void register(EntityCache cache) {
		EntityPersister root = this.sessionFactory.getMappingMetamodel().getEntityDescriptor(cache.entityType());
		List<String> words = new ArrayList<>();
		for (String entityName : root.getSubclassEntityNames()) {
			EntityPersister persister = this.sessionFactory.getMappingMetamodel().getEntityDescriptor(entityName);
			words.add(Pattern.quote(persister.getJpaEntityName()));
			for (String table : persister.getTableNames()) {
				String unqualified = table.substring(table.lastIndexOf('.') + 1).replace("\"", "").replace("`", "");
				words.add(Pattern.quote(unqualified));
			}
		}
		this.names.put(cache,
				Pattern.compile("(?<![\\w$])(" + String.join("|", words) + ")(?![\\w$])", Pattern.CASE_INSENSITIVE));
	}

	/**
	 * Return the caches the given query method may change.
	 * @param method the query method
	 * @return the caches
	 */
	public List<EntityCache> of(Method method) {
		Query query = AnnotatedElementUtils.findMergedAnnotation(method, Query.class);
		String text = (query != null && !query.value().contains("#{")) ? query.value().toLowerCase(Locale.ROOT) : "";
		List<EntityCache> caches = new ArrayList<>();
		this.names.forEach((cache, pattern) -> {
			if (text.isEmpty() || pattern.matcher(text).find()) {
				caches.add(cache);
			}
		});
		return caches;
	}

}
