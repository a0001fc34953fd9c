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

import java.util.Set;
import java.util.TreeSet;

import io.github.writethrough.WriteThroughConfigurationException;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.EntityCaches;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Fails the startup when {@code write-through.caches.<name>} configures a cache that no
 * {@code @WriteThrough} repository uses, which is usually a typo.
 *
 * @author Write-Through contributors
 */
class CacheNamesVerifier implements SmartInitializingSingleton {

	private final WriteThroughProperties properties;

	private final EntityCaches caches;

	CacheNamesVerifier(WriteThroughProperties properties, EntityCaches caches) {
		this.properties = properties;
		this.caches = caches;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Set<String> known = new TreeSet<>();
		this.caches.all().stream().map(EntityCache::name).forEach(known::add);
		for (String name : this.properties.getCaches().keySet()) {
			if (!known.contains(name)) {
				throw new WriteThroughConfigurationException(
						"write-through.caches.%s configures a cache that no @WriteThrough repository uses (caches: %s)"
							.formatted(name, known),
						"Correct the cache name under write-through.caches, or remove the entry.");
			}
		}
	}

}
