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
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.writethrough.WriteThroughConfigurationException;
import io.github.writethrough.cache.EntityModel;
import io.github.writethrough.cache.EntityProperty;
import jakarta.persistence.OneToOne;
import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.Metamodel;
import jakarta.persistence.metamodel.SingularAttribute;
import org.jspecify.annotations.Nullable;

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

	/**
	 * Return the model of the root of an inheritance hierarchy, or of an entity without
	 * subclasses, with the model of each concrete entity class of its hierarchy.
	 * @param root the root entity
	 * @param metamodel the metamodel of the persistence unit
	 * @return the model
	 */
	static EntityModel of(EntityType<?> root, Metamodel metamodel) {
		Class<?> rootType = root.getJavaType();
		List<EntityType<?>> members = metamodel.getEntities()
			.stream()
			.filter((member) -> rootType.isAssignableFrom(member.getJavaType()))
			.sorted(Comparator.comparing(EntityType::getName))
			.toList();
		Map<String, EntityModel> hierarchy = new LinkedHashMap<>();
		if (members.size() > 1) {
			for (EntityType<?> member : members) {
				if (!Modifier.isAbstract(member.getJavaType().getModifiers())) {
					hierarchy.put(member.getName(), model(member, Map.of()));
				}
			}
		}
		return model(root, hierarchy);
	}

	private static EntityModel model(EntityType<?> type, Map<String, EntityModel> hierarchy) {
		Class<?> javaType = type.getJavaType();
		List<EntityProperty> properties = new ArrayList<>();
		Field version = null;
		for (Attribute<?, ?> attribute : type.getAttributes()) {
			EntityProperty property = property(javaType, attribute);
			if (property == null) {
				continue;
			}
			properties.add(property);
			if (attribute instanceof SingularAttribute<?, ?> singular && singular.isVersion()
					&& Number.class.isAssignableFrom(ClassUtils.resolvePrimitiveIfNecessary(singular.getJavaType()))) {
				version = property.field();
			}
		}
		Field id = type.hasSingleIdAttribute() ? field(javaType, type.getId(type.getIdType().getJavaType())) : null;
		return new EntityModel(javaType, type.getIdType().getJavaType(), constructor(javaType), properties, id, version,
				hierarchy);
	}

	/**
	 * Return how an entry stores an attribute, or {@code null} when entries leave it out:
	 * a collection, which a hit gets as Hibernate's collection wrapper, or the inverse
	 * side of a one-to-one association, which Hibernate resolves from the entity's id.
	 */
	private static @Nullable EntityProperty property(Class<?> entityType, Attribute<?, ?> attribute) {
		if (attribute.isCollection()) {
			return null;
		}
		Field field = field(entityType, attribute);
		OneToOne oneToOne = field.getAnnotation(OneToOne.class);
		if (oneToOne != null && !oneToOne.mappedBy().isEmpty()) {
			return null;
		}
		if (attribute.isAssociation()) {
			EntityType<?> target = (EntityType<?>) ((SingularAttribute<?, ?>) attribute).getType();
			return new EntityProperty(attribute.getName(), field, target.getIdType().getJavaType(),
					target.getJavaType());
		}
		return new EntityProperty(attribute.getName(), field, field.getGenericType(), null);
	}

	static Field field(Class<?> entityType, Attribute<?, ?> attribute) {
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
