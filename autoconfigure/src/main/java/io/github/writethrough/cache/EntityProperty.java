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

import java.lang.reflect.Field;
import java.lang.reflect.Type;

import org.jspecify.annotations.Nullable;

/**
 * A persistent attribute of a cached entity, as entries store it.
 *
 * @param name the attribute name, also its name in entries
 * @param field the accessible field that holds it
 * @param storedType the type stored: the attribute's, or its target's id type for a
 * to-one association
 * @param referenceType the target entity of a to-one association, stored as its id;
 * {@code null} for other attributes
 * @author Write-Through contributors
 * @since 0.1.0
 */
public record EntityProperty(String name, Field field, Type storedType, @Nullable Class<?> referenceType) {

}
