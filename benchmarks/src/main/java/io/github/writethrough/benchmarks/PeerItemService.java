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

package io.github.writethrough.benchmarks;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.transaction.annotation.Transactional;

/**
 * The peer: what a user writes today with Spring's cache abstraction over a
 * transaction-aware {@code RedisCacheManager}.
 *
 * @author Write-Through contributors
 */
public class PeerItemService {

	/**
	 * Name of the peer's cache.
	 */
	static final String CACHE_NAME = "items";

	private final ItemRepository items;

	PeerItemService(ItemRepository items) {
		this.items = items;
	}

	/**
	 * Find an item, from the cache when it holds it.
	 * @param id the id
	 * @return the item, or {@code null}
	 */
	@Cacheable(cacheNames = CACHE_NAME, key = "#id")
	public @Nullable Item findById(Long id) {
		return this.items.findById(id).orElse(null);
	}

	/**
	 * Save an item and put it in the cache (after commit: the cache is
	 * transaction-aware).
	 * @param item the item
	 * @return the saved item
	 */
	@CachePut(cacheNames = CACHE_NAME, key = "#result.id")
	@Transactional
	public Item save(Item item) {
		return this.items.save(item);
	}

}
