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
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * Copies decoded entities of one class from the values of their attributes, as decoding
 * their entry would make them: each value copied so that no two entities share a mutable
 * object, and each to-one association a new reference to its target.
 *
 * @author Write-Through contributors
 */
final class EntityCopier {

	private final EntityModel model;

	private final EntityAccess access;

	private final List<ValueCopier> copiers;

	private EntityCopier(EntityModel model, EntityAccess access, List<ValueCopier> copiers) {
		this.model = model;
		this.access = access;
		this.copiers = copiers;
	}

	/**
	 * Return the copier of an entity class.
	 * @param model the entity's model
	 * @param access the persistence unit's access to the entity
	 * @return the copier, or {@code null} when an attribute may hold a value only
	 * decoding the entry again copies (a generic type, an array, a type of the JDK that
	 * is not immutable), or when the entity has subclasses
	 */
	static @Nullable EntityCopier of(EntityModel model, EntityAccess access) {
		if (!model.hierarchy().isEmpty()) {
			return null;
		}
		List<ValueCopier> copiers = new ArrayList<>();
		for (EntityProperty property : model.properties()) {
			ValueCopier copier = (property.storedType() instanceof Class<?> type) ? ValueCopier.of(type) : null;
			if (copier == null) {
				return null;
			}
			copiers.add(copier);
		}
		return new EntityCopier(model, access, copiers);
	}

	/**
	 * Return copies of the values of a decoded entity's attributes, with references as
	 * the ids of their targets, to {@link #copy(Object[]) copy} it from.
	 * @param entity an entity of this class
	 * @return the values, or {@code null} when one is of a subclass of its declared type
	 */
	@Nullable Object @Nullable [] values(Object entity) {
		List<EntityProperty> properties = this.model.properties();
		Object[] values = new Object[properties.size()];
		for (int i = 0; i < values.length; i++) {
			EntityProperty property = properties.get(i);
			Object value = ReflectionUtils.getField(property.field(), entity);
			if (property.referenceType() != null && value != null) {
				value = this.access.idOf(value);
			}
			if (value != null) {
				values[i] = this.copiers.get(i).copy(value);
				if (values[i] == null) {
					return null;
				}
			}
		}
		return values;
	}

	/**
	 * Make a new entity from the {@link #values(Object) values} of another.
	 * @param values the values
	 * @return the new entity
	 */
	Object copy(@Nullable Object[] values) {
		Object entity = this.model.newInstance();
		List<EntityProperty> properties = this.model.properties();
		for (int i = 0; i < values.length; i++) {
			EntityProperty property = properties.get(i);
			Object value = values[i];
			if (value != null) {
				value = this.copiers.get(i).copy(value);
				if (property.referenceType() != null) {
					value = this.access.reference(property.referenceType(), value);
				}
			}
			ReflectionUtils.setField(property.field(), entity, value);
		}
		return entity;
	}

}
