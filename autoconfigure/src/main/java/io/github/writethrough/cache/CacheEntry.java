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
 * A decoded cache entry.
 *
 * @param epoch the cache epoch the entry was written in
 * @param fence the ordering value of the state it holds (the entity's version, or 0)
 * @param kind what the entry says about the row
 * @param entity the cached entity for {@link EntryKind#ENTITY} entries of this shape
 * @param otherStates for an {@link EntryKind#ENTITY} entry that holds no state of this
 * shape, the states of other shapes it holds, as stored and comma-separated, which a fill
 * of the same fence keeps next to its own; {@code null} otherwise
 * @author Write-Through contributors
 */
record CacheEntry(long epoch, long fence, EntryKind kind, @Nullable Object entity, byte @Nullable [] otherStates) {

}
