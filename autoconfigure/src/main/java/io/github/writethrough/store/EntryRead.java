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

package io.github.writethrough.store;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The epoch of a cache and some of its entries, as read together.
 *
 * @param epoch the epoch
 * @param entries the entries in the order of the keys read, {@code null} where absent or
 * where the reader now holds the lease
 * @author Write-Through contributors
 * @since 0.1.0
 */
public record EntryRead(long epoch, List<byte @Nullable []> entries) {

}
