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

package io.github.writethrough.autoconfigure;

import io.github.writethrough.cache.CacheSettings;

/**
 * Callback interface that can be implemented by beans wishing to customize the settings
 * of write-through caches in code, after the {@code write-through.*} properties were
 * applied. Customizers run in their {@link org.springframework.core.Ordered order}.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface WriteThroughCacheCustomizer {

	/**
	 * Customize the settings of one cache.
	 * @param cacheName the name of the cache
	 * @param settings the settings so far
	 * @return the settings to use
	 */
	CacheSettings customize(String cacheName, CacheSettings settings);

}
