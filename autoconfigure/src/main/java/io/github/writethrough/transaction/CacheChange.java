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

import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.WritePreparation;

/**
 * A change of cached rows recorded during a transaction, which updates the cache after
 * the transaction commits.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public sealed interface CacheChange {

	/**
	 * Return the cache of the changed rows.
	 * @return the cache
	 */
	EntityCache cache();

	/**
	 * An entity was inserted or updated: its state as committed is cached.
	 *
	 * @param cache its cache
	 * @param entity the entity, encoded when the transaction completes
	 */
	record Saved(EntityCache cache, Object entity) implements CacheChange {
	}

	/**
	 * A row was deleted.
	 *
	 * @param cache its cache
	 * @param id its id
	 * @param version its version, or {@link WritePreparation#UNKNOWN_VERSION_FENCE}; not
	 * used for entities without a version
	 */
	record Deleted(EntityCache cache, Object id, long version) implements CacheChange {

		/**
		 * A row deleted by a bulk statement, which ignores the version of the row.
		 * @param cache its cache
		 * @param id its id
		 * @return the change
		 */
		public static Deleted ofUnknownVersion(EntityCache cache, Object id) {
			return new Deleted(cache, id, WritePreparation.UNKNOWN_VERSION_FENCE);
		}

	}

	/**
	 * Any row of a cache may have changed: the whole cache is invalidated.
	 *
	 * @param cache the cache
	 */
	record Invalidated(EntityCache cache) implements CacheChange {
	}

}
