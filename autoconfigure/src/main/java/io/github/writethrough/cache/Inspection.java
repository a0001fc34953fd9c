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
 * An entry next to the committed state of its row.
 *
 * @param key the key
 * @param cached the entry as stored, or {@code null} if there is none
 * @param committed the committed row encoded as an entry, or {@code null} if the row does
 * not exist
 * @param consistent whether the entry agrees with the row: it is not a hit, or it holds
 * the row's state
 * @author Write-Through contributors
 * @since 0.1.0
 */
public record Inspection(String key, @Nullable String cached, @Nullable String committed, boolean consistent) {

}
