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

import org.jspecify.annotations.Nullable;

/**
 * What a cache asks of the persistence unit about its entities: their ids and references
 * to associated entities.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public interface EntityAccess {

	/**
	 * Return the id of an entity.
	 * @param entity the entity
	 * @return its id, or {@code null} when it has none yet
	 */
	@Nullable Object idOf(Object entity);

	/**
	 * Return the entity behind a proxy, loading it if needed, or the entity itself.
	 * @param entity an entity or a proxy of one
	 * @return the entity
	 */
	Object unproxy(Object entity);

	/**
	 * Return a reference, not loaded, to the entity of the given type and id.
	 * @param entityType the target entity type
	 * @param id the id
	 * @return the reference
	 */
	Object reference(Class<?> entityType, Object id);

}
