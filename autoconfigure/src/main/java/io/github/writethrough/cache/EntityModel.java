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

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the codec of a cache needs to know of its entity class: how to create an instance,
 * the fields of its persistent attributes, and the field of its numeric version.
 *
 * @param entityType the entity class
 * @param idType the type of its id
 * @param constructor its accessible constructor without parameters
 * @param properties its persistent attributes, in a stable order
 * @param id the accessible field of its single id attribute, or {@code null} for an id
 * class
 * @param version the accessible field of its numeric version, or {@code null}
 * @param hierarchy for the root of an inheritance hierarchy, the model of each concrete
 * entity class of it (itself included when it is concrete) by entity name; empty for an
 * entity without subclasses
 * @author Write-Through contributors
 * @since 0.1.0
 */
public record EntityModel(Class<?> entityType, Class<?> idType, Constructor<?> constructor,
		List<EntityProperty> properties, @Nullable Field id, @Nullable Field version,
		Map<String, EntityModel> hierarchy) {

	/**
	 * Create the model of an entity without subclasses.
	 * @param entityType the entity class
	 * @param idType the type of its id
	 * @param constructor its accessible constructor without parameters
	 * @param properties its persistent attributes, in a stable order
	 * @param id the accessible field of its single id attribute, or {@code null} for an
	 * id class
	 * @param version the accessible field of its numeric version, or {@code null}
	 */
	public EntityModel(Class<?> entityType, Class<?> idType, Constructor<?> constructor,
			List<EntityProperty> properties, @Nullable Field id, @Nullable Field version) {
		this(entityType, idType, constructor, properties, id, version, Map.of());
	}

	/**
	 * Create an instance of the entity class with its constructor without parameters.
	 * @return the new instance
	 * @throws RuntimeException when the constructor fails, as a failure to decode an
	 * entry
	 */
	public Object newInstance() {
		try {
			return this.constructor.newInstance();
		}
		catch (ReflectiveOperationException ex) {
			throw new EntryDecodingException("Cannot instantiate " + this.entityType.getName(), ex);
		}
	}

	/**
	 * Whether entries are ordered by the entity's version; when not, the committed states
	 * are given fences from a database sequence.
	 * @return whether the entity has a numeric version
	 */
	public boolean isVersioned() {
		return this.version != null;
	}

}
