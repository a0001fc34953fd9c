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

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.writethrough.store.CacheUnavailableException;
import io.github.writethrough.store.EntryStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Keeps in Redis which id holds each value of a unique attribute of a cached entity, so
 * that a lookup by that attribute is answered from the entity's entry.
 * <p>
 * An index entry is only a hint, and never needs updating: a reader uses it only when the
 * entity's entry, coherent on its own, still holds the value looked up. A change of the
 * value, a delete, or another row taking the value makes the hint a miss, never a stale
 * answer.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class UniqueKeyIndex {

	private static final int MAX_ID_BYTES = 4096;

	/**
	 * Most hints an instance keeps in memory per cache; past it, they are dropped at
	 * once.
	 */
	private static final int MAX_LOCAL_HINTS = 10_000;

	/**
	 * How long index entries live in a cache whose entries do not expire: values that no
	 * row holds any more would stay otherwise.
	 */
	static final long LONGEST_TTL_MILLIS = Duration.ofHours(1).toMillis();

	private static final Log logger = LogFactory.getLog(UniqueKeyIndex.class);

	private final EntryStore store;

	private final Map<EntityCache, Map<ByteBuffer, Object>> localHints = new ConcurrentHashMap<>();

	/**
	 * Create a new instance.
	 * @param store the store
	 */
	public UniqueKeyIndex(EntryStore store) {
		Assert.notNull(store, "store must not be null");
		this.store = store;
	}

	/**
	 * Return the id the index holds for a value: the one this instance last used, or the
	 * one Redis holds.
	 * @param cache the entity's cache
	 * @param attribute the unique attribute
	 * @param value the value looked up
	 * @return the id, or {@code null} when the index holds none, holds something that is
	 * not an id of the cache, or cannot be read
	 */
	public @Nullable Object idOf(EntityCache cache, String attribute, Object value) {
		if (!cache.trust().isTrusted()) {
			return null;
		}
		byte[] key = indexKey(cache, attribute, value);
		if (key == null) {
			return null;
		}
		Map<ByteBuffer, Object> hints = localHints(cache);
		Object hint = hints.get(ByteBuffer.wrap(key));
		if (hint != null) {
			return hint;
		}
		try {
			byte[] id = this.store.get(key, MAX_ID_BYTES);
			Object parsed = (id != null) ? cache.parseId(new String(id, StandardCharsets.UTF_8)) : null;
			if (parsed != null) {
				remember(hints, key, parsed);
			}
			return parsed;
		}
		catch (CacheUnavailableException ex) {
			return null;
		}
		catch (RuntimeException ex) {
			logger.debug("Index entry of '" + attribute + "' in cache '" + cache.name() + "' is not an id", ex);
			return null;
		}
	}

	/**
	 * Record the id that holds a value, in Redis and in this instance.
	 * @param cache the entity's cache
	 * @param attribute the unique attribute
	 * @param value the value
	 * @param id the id of the row that holds it
	 */
	public void index(EntityCache cache, String attribute, Object value, Object id) {
		byte[] key = indexKey(cache, attribute, value);
		if (key == null) {
			return;
		}
		remember(localHints(cache), key, id);
		try {
			long ttl = cache.settings().ttl().nextMillis();
			this.store.set(key, CacheKeys.render(id).getBytes(StandardCharsets.UTF_8),
					(ttl > 0) ? ttl : LONGEST_TTL_MILLIS);
		}
		catch (CacheUnavailableException ex) {
			logger.debug("Index of '" + attribute + "' in cache '" + cache.name() + "' not written", ex);
		}
	}

	/**
	 * Forget the id of a value no row holds any more, in Redis and in this instance.
	 * @param cache the entity's cache
	 * @param attribute the unique attribute
	 * @param value the value
	 */
	public void forget(EntityCache cache, String attribute, Object value) {
		byte[] key = indexKey(cache, attribute, value);
		if (key == null) {
			return;
		}
		localHints(cache).remove(ByteBuffer.wrap(key));
		try {
			this.store.delete(key);
		}
		catch (CacheUnavailableException ex) {
			logger.debug("Index of '" + attribute + "' in cache '" + cache.name() + "' not removed", ex);
		}
	}

	/**
	 * Return the key of a value's index entry, {@code null} for a value that keys cannot
	 * render: it is then looked up in the database each time.
	 */
	private static byte @Nullable [] indexKey(EntityCache cache, String attribute, Object value) {
		try {
			return cache.keys().indexKey(attribute, value);
		}
		catch (RuntimeException ex) {
			logger.debug("Values of '" + attribute + "' in cache '" + cache.name() + "' cannot be keys", ex);
			return null;
		}
	}

	private Map<ByteBuffer, Object> localHints(EntityCache cache) {
		return this.localHints.computeIfAbsent(cache, (key) -> new ConcurrentHashMap<>());
	}

	private static void remember(Map<ByteBuffer, Object> hints, byte[] key, Object id) {
		if (hints.size() >= MAX_LOCAL_HINTS) {
			hints.clear();
		}
		hints.put(ByteBuffer.wrap(key), id);
	}

}
