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

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.util.ArrayList;
import java.util.List;

import io.github.writethrough.WriteThroughConfigurationException;
import io.github.writethrough.cache.EntityModel;
import io.github.writethrough.cache.EntityProperty;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToOne;
import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.Metamodel;
import jakarta.persistence.metamodel.SingularAttribute;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Builds the {@link EntityModel} of a cached entity from the JPA metamodel, or fails with
 * a message that names what cannot be cached.
 *
 * @author Write-Through contributors
 */
final class EntityMappings {

	private EntityMappings() {
	}

	static EntityModel of(String cacheName, EntityType<?> type, Metamodel metamodel) {
		Class<?> javaType = type.getJavaType();
		for (EntityType<?> other : metamodel.getEntities()) {
			if (other.getJavaType() != javaType && javaType.isAssignableFrom(other.getJavaType())) {
				throw new WriteThroughConfigurationException(
						"Entity %s of cache '%s' has the subclass %s, which the cache cannot tell apart"
							.formatted(javaType.getName(), cacheName, other.getJavaType().getName()),
						"Cache the concrete entities with repositories of their own, or remove @WriteThrough.");
			}
		}
		List<EntityProperty> properties = new ArrayList<>();
		Field version = null;
		for (Attribute<?, ?> attribute : type.getAttributes()) {
			EntityProperty property = property(javaType, attribute);
			properties.add(property);
			if (attribute instanceof SingularAttribute<?, ?> singular && singular.isVersion()
					&& Number.class.isAssignableFrom(ClassUtils.resolvePrimitiveIfNecessary(singular.getJavaType()))) {
				version = property.field();
			}
		}
		Field id = type.hasSingleIdAttribute() ? field(javaType, type.getId(type.getIdType().getJavaType())) : null;
		return new EntityModel(javaType, type.getIdType().getJavaType(), constructor(javaType), properties, id,
				version);
	}

	private static EntityProperty property(Class<?> entityType, Attribute<?, ?> attribute) {
		Field field = field(entityType, attribute);
		switch (attribute.getPersistentAttributeType()) {
			case BASIC, EMBEDDED, ELEMENT_COLLECTION -> {
				return new EntityProperty(attribute.getName(), field, field.getGenericType(), null,
						attribute.isCollection());
			}
			case MANY_TO_ONE, ONE_TO_ONE -> {
				checkLazyOwningSide(entityType, field);
				EntityType<?> target = (EntityType<?>) ((SingularAttribute<?, ?>) attribute).getType();
				return new EntityProperty(attribute.getName(), field, target.getIdType().getJavaType(),
						target.getJavaType(), false);
			}
			default -> throw new WriteThroughConfigurationException(
					"Entity %s has the collection association '%s', which @WriteThrough cannot cache"
						.formatted(entityType.getName(), attribute.getName()),
					"Cache entities without collections of other entities: map the relation from the other side "
							+ "with @ManyToOne(fetch = FetchType.LAZY), or remove @WriteThrough from the repository.");
		}
	}

	private static Field field(Class<?> entityType, Attribute<?, ?> attribute) {
		Member member = attribute.getJavaMember();
		Field field = (member instanceof Field memberField) ? memberField
				: ReflectionUtils.findField(entityType, attribute.getName());
		if (field == null) {
			throw new WriteThroughConfigurationException(
					"Entity %s has no field for its persistent property '%s'".formatted(entityType.getName(),
							attribute.getName()),
					"Name the field that holds each persistent property after the property, or remove @WriteThrough "
							+ "from the repository.");
		}
		ReflectionUtils.makeAccessible(field);
		return field;
	}

	private static void checkLazyOwningSide(Class<?> entityType, Field field) {
		ManyToOne manyToOne = field.getAnnotation(ManyToOne.class);
		OneToOne oneToOne = field.getAnnotation(OneToOne.class);
		FetchType fetch = (manyToOne != null) ? manyToOne.fetch() : (oneToOne != null) ? oneToOne.fetch() : null;
		boolean inverse = oneToOne != null && !oneToOne.mappedBy().isEmpty();
		if (fetch != FetchType.LAZY || inverse) {
			throw new WriteThroughConfigurationException(
					"Entity %s has the association '%s', which is not a lazy owning to-one association"
						.formatted(entityType.getName(), field.getName()),
					"Map it with fetch = FetchType.LAZY on the side that holds the foreign key (a cached entity "
							+ "stores only the id of its target), or remove @WriteThrough from the repository.");
		}
	}

	private static Constructor<?> constructor(Class<?> entityType) {
		try {
			Constructor<?> constructor = entityType.getDeclaredConstructor();
			ReflectionUtils.makeAccessible(constructor);
			return constructor;
		}
		catch (NoSuchMethodException ex) {
			throw new WriteThroughConfigurationException(
					"Entity %s has no constructor without parameters".formatted(entityType.getName()),
					"Add the no-argument constructor that JPA requires (it may be protected).");
		}
	}

}
