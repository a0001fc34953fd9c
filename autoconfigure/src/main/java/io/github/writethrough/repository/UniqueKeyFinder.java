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

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Objects;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.writethrough.WriteThrough;
import io.github.writethrough.WriteThroughConfigurationException;
import io.github.writethrough.jpa.EntityCacheFactory;
import jakarta.persistence.Entity;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;
import org.springframework.data.repository.query.parser.Part;
import org.springframework.data.repository.query.parser.PartTree;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * A query method annotated with {@code @WriteThrough} that looks an entity up by a unique
 * attribute, returning {@code Optional<T>} or {@code T}.
 *
 * @param indexName the name of the attribute looked up by, in index keys: qualified by
 * the entity name for a subclass of the cache's entity, whose siblings may have
 * attributes of that name
 * @param field the field that holds it
 * @param optional whether the method returns an {@code Optional}
 * @param observationName the contextual name of the observation of a call
 * @author Write-Through contributors
 */
record UniqueKeyFinder(String indexName, Field field, boolean optional, String observationName) {

	private static final Pattern LOOKUP = Pattern.compile(
			"\\s*select\\s+(\\w+)\\s+from\\s+(\\w+)\\s+(?:as\\s+)?(\\w+)\\s+where\\s+(\\w+)\\.(\\w+)\\s*=\\s*(?::\\w+|\\?1)\\s*",
			Pattern.CASE_INSENSITIVE);

	/**
	 * Whether an entity holds the value looked up.
	 * @param entity the entity
	 * @param value the value
	 * @return whether its attribute equals the value
	 */
	boolean matches(Object entity, Object value) {
		return Objects.equals(ReflectionUtils.getField(this.field, entity), value);
	}

	/**
	 * Return what the method returns for an entity or none.
	 * @param entity the entity, or {@code null}
	 * @return the result
	 */
	@Nullable Object result(@Nullable Object entity) {
		return this.optional ? Optional.ofNullable(entity) : entity;
	}

	/**
	 * Return the entity a result of the method holds.
	 * @param result what the method returned
	 * @return the entity, or {@code null}
	 */
	@Nullable Object entity(@Nullable Object result) {
		return (result instanceof Optional<?> optional) ? optional.orElse(null) : result;
	}

	/**
	 * Check an annotated query method and return its finder.
	 * @param method the method
	 * @param domainType the repository's entity class
	 * @param cachedType the entity class of the repository's cache, the root of the
	 * domain type's hierarchy
	 * @param cacheFactory checks that the attribute is unique
	 * @return the finder
	 * @throws WriteThroughConfigurationException if the method cannot be cached
	 */
	static UniqueKeyFinder of(Method method, Class<?> domainType, Class<?> cachedType,
			EntityCacheFactory cacheFactory) {
		String name = method.getDeclaringClass().getSimpleName() + "." + method.getName();
		refuseQueryShaping(method, name);
		WriteThrough annotation = AnnotatedElementUtils.findMergedAnnotation(method, WriteThrough.class);
		if (annotation != null && !annotation.cacheName().isEmpty()) {
			throw new WriteThroughConfigurationException(
					"@WriteThrough of %s names the cache '%s'".formatted(name, annotation.cacheName()),
					"Name the cache in the @WriteThrough of the repository interface; a method shares its cache.");
		}
		if (AnnotatedElementUtils.hasAnnotation(method, Modifying.class)) {
			throw notALookup(name, "it modifies rows");
		}
		Class<?> returnType = method.getReturnType();
		if (Iterable.class.isAssignableFrom(returnType) || Stream.class.isAssignableFrom(returnType)
				|| Slice.class.isAssignableFrom(returnType) || returnType.isArray()) {
			throw new WriteThroughConfigurationException(
					"%s returns several entities, which @WriteThrough does not cache".formatted(name),
					"Cache lookups by id (findAllById) or by a unique attribute; a cached list of query results "
							+ "would have to be dropped at every change of any row of the table.");
		}
		boolean optional = returnType == Optional.class;
		if (!(optional ? domainType.equals(optionalOf(method.getGenericReturnType())) : returnType == domainType)) {
			throw notALookup(name, "it returns " + method.getGenericReturnType().getTypeName() + ", not "
					+ domainType.getSimpleName() + " or Optional<" + domainType.getSimpleName() + ">");
		}
		if (method.getParameterCount() != 1) {
			throw notALookup(name, "it has " + method.getParameterCount() + " parameters, not one value");
		}
		String attribute = attribute(method, name, domainType, annotation);
		Field field = cacheFactory.uniqueAttribute(domainType, attribute, name);
		if (ClassUtils.resolvePrimitiveIfNecessary(method.getParameterTypes()[0]) != ClassUtils
			.resolvePrimitiveIfNecessary(field.getType())) {
			throw notALookup(name, "its parameter is a " + method.getParameterTypes()[0].getSimpleName() + " where '"
					+ attribute + "' is a " + field.getType().getSimpleName());
		}
		String indexName = (domainType == cachedType) ? attribute : domainType.getSimpleName() + "." + attribute;
		return new UniqueKeyFinder(indexName, field, optional, "write-through " + method.getName());
	}

	private static String attribute(Method method, String name, Class<?> domainType,
			@Nullable WriteThrough annotation) {
		String key = (annotation != null) ? annotation.key() : "";
		Query query = AnnotatedElementUtils.findMergedAnnotation(method, Query.class);
		if (query != null) {
			if (key.isEmpty()) {
				throw new WriteThroughConfigurationException(
						"@Query method %s does not say which unique attribute it looks up by".formatted(name),
						"Name the attribute: @WriteThrough(key = \"email\").");
			}
			Matcher lookup = LOOKUP.matcher(query.value());
			if (query.nativeQuery() || !lookup.matches() || !lookup.group(1).equals(lookup.group(3))
					|| !lookup.group(1).equals(lookup.group(4)) || !lookup.group(5).equals(key)
					|| !lookup.group(2).equals(entityName(domainType))) {
				throw notALookup(name, "its query is not \"select e from " + entityName(domainType) + " e where e."
						+ key + " = :value\", the only query whose result a cached lookup reproduces");
			}
			return key;
		}
		PartTree tree = new PartTree(method.getName(), domainType);
		Part part = tree.getParts().stream().findFirst().orElse(null);
		if (tree.isDelete() || tree.isCountProjection() || tree.isExistsProjection() || tree.isDistinct()
				|| tree.isLimiting() || tree.getParts().toList().size() != 1 || part == null
				|| part.getType() != Part.Type.SIMPLE_PROPERTY || part.shouldIgnoreCase() != Part.IgnoreCaseType.NEVER
				|| part.getProperty().hasNext()) {
			throw notALookup(name, "it is not a lookup by the equality of one attribute");
		}
		String derived = part.getProperty().getSegment();
		if (!key.isEmpty() && !key.equals(derived)) {
			throw notALookup(name, "its name looks up by '" + derived + "' where @WriteThrough names '" + key + "'");
		}
		return derived;
	}

	/**
	 * Refuse a read whose fetching or locking a cached answer cannot honour.
	 * @param method the repository method
	 * @param name its name, for the message
	 * @throws WriteThroughConfigurationException if the method has an entity graph, a
	 * lock mode or query hints
	 */
	static void refuseQueryShaping(Method method, String name) {
		for (Class<? extends Annotation> shaping : List.of(EntityGraph.class, Lock.class, QueryHints.class)) {
			if (AnnotatedElementUtils.hasAnnotation(method, shaping)) {
				throw new WriteThroughConfigurationException(
						"%s has @%s, which a read answered by the cache cannot honour".formatted(name,
								shaping.getSimpleName()),
						"Declare the method without it (fetch associations in the caller's transaction instead), "
								+ "or read through a repository without @WriteThrough.");
			}
		}
	}

	private static String entityName(Class<?> domainType) {
		Entity entity = domainType.getAnnotation(Entity.class);
		return (entity != null && !entity.name().isEmpty()) ? entity.name() : domainType.getSimpleName();
	}

	private static @Nullable Type optionalOf(Type returnType) {
		return (returnType instanceof ParameterizedType parameterized) ? parameterized.getActualTypeArguments()[0]
				: null;
	}

	private static WriteThroughConfigurationException notALookup(String name, String reason) {
		return new WriteThroughConfigurationException("%s cannot be cached: %s".formatted(name, reason),
				"Put @WriteThrough on query methods that look one entity up by a unique attribute, such as "
						+ "Optional<User> findByEmail(String email), or remove it from this method.");
	}

}
