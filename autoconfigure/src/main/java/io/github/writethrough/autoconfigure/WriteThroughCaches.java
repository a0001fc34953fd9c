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

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import io.github.writethrough.repository.WriteThroughRepositoryProxyPostProcessor;
import io.github.writethrough.store.EntityCache;
import org.jspecify.annotations.Nullable;

/**
 * The caches of the application's {@code @WriteThrough} repositories, for the operational
 * beans: metrics, the endpoint, the health contributor, the auditor and the warm-up.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class WriteThroughCaches {

	private final WriteThroughRepositoryProxyPostProcessor repositories;

	WriteThroughCaches(WriteThroughRepositoryProxyPostProcessor repositories) {
		this.repositories = repositories;
	}

	/**
	 * Return every cache, sorted by name.
	 * @return the caches
	 */
	public Collection<EntityCache> all() {
		List<EntityCache> caches = new ArrayList<>(this.repositories.getCaches().values());
		caches.sort(Comparator.comparing(EntityCache::name));
		return caches;
	}

	/**
	 * Return the cache of the given name.
	 * @param name the name
	 * @return the cache, or {@code null} if there is none
	 */
	public @Nullable EntityCache get(String name) {
		return this.repositories.getCaches().get(name);
	}

}
