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

package io.github.writethrough.transaction;

import io.github.writethrough.store.EntityCache;

/**
 * A cache update recorded during a transaction.
 *
 * @author Write-Through contributors
 */
sealed interface PendingUpdate {

	EntityCache cache();

	/**
	 * An entity was inserted or updated.
	 *
	 * @param cache its cache
	 * @param entity the entity, encoded when the transaction completes
	 */
	record Saved(EntityCache cache, Object entity) implements PendingUpdate {
	}

	/**
	 * A row was deleted.
	 *
	 * @param cache its cache
	 * @param id its id
	 * @param version its version, or {@link EntityCache#UNKNOWN_VERSION_FENCE}; not used
	 * for entities without a version
	 */
	record Deleted(EntityCache cache, Object id, long version) implements PendingUpdate {
	}

	/**
	 * Any row of a cache may have changed.
	 *
	 * @param cache the cache
	 */
	record Invalidated(EntityCache cache) implements PendingUpdate {
	}

}
