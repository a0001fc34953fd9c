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

package io.github.writethrough.feed;

import io.github.writethrough.cache.EntityCache;
import org.jspecify.annotations.Nullable;

/**
 * A table whose changes the change feed follows, and the cache its rows are in.
 *
 * @param cache the cache of the table's entity
 * @param table the table's name as the persistence unit knows it, possibly qualified
 * @param idColumn the column of the entity's id, {@code null} when the id spans several
 * columns: then every change of the table invalidates the whole cache
 * @param versionColumn the column of the entity's version, {@code null} for an entity
 * without one
 * @author Write-Through contributors
 * @since 0.1.0
 */
public record FollowedTable(EntityCache cache, String table, @Nullable String idColumn,
		@Nullable String versionColumn) {

}
