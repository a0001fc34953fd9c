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

package io.github.writethrough.transaction;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.writethrough.cache.CacheSettings;
import io.github.writethrough.cache.EntityAccess;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.EntityModel;
import io.github.writethrough.cache.EntityProperty;
import io.github.writethrough.cache.PreparedWrite;
import io.github.writethrough.cache.TtlPolicy;
import io.github.writethrough.cache.WritePreparation;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * Builds {@link EntityCache caches} of a tiny test entity, {@link Item}, without a
 * persistence unit, and the writes of its rows. Public so that the tests of other
 * packages can share it.
 *
 * @author Write-Through contributors
 */
public final class TestCaches {

	private static final Field ID = accessibleField("id");

	private static final Field VERSION = accessibleField("version");

	private static final WritePreparation preparation = new WritePreparation(new RecordingEntryStore());

	private TestCaches() {
	}

	/**
	 * Return a new cache of items, which are not versioned: their fences come from the
	 * sequence.
	 * @param name the cache name
	 * @return the cache
	 */
	public static EntityCache cache(String name) {
		return cache(name, null, new FieldAccess(true));
	}

	/**
	 * Return a new cache of items ordered by their version.
	 * @param name the cache name
	 * @return the cache
	 */
	public static EntityCache versionedCache(String name) {
		return cache(name, VERSION, new FieldAccess(true));
	}

	/**
	 * Return a new cache of items whose ids cannot be read, so that no item of it can be
	 * encoded.
	 * @param name the cache name
	 * @return the cache
	 */
	public static EntityCache unencodableCache(String name) {
		return cache(name, null, new FieldAccess(false));
	}

	private static EntityCache cache(String name, @Nullable Field version, EntityAccess access) {
		List<EntityProperty> properties = new ArrayList<>();
		properties.add(new EntityProperty("id", ID, Long.class, null));
		if (version != null) {
			properties.add(new EntityProperty("version", version, Long.class, null));
		}
		EntityModel model = new EntityModel(Item.class, Long.class, constructor(), properties, null, version);
		return new EntityCache(name, model, access,
				new CacheSettings("wt", new TtlPolicy(Duration.ofMinutes(10), 0), Duration.ZERO));
	}

	/**
	 * Prepare the write of an item's committed state, as {@link WritePreparation} does
	 * before a commit.
	 * @param cache the cache of the item
	 * @param id the id of the item
	 * @param fence its version, or the sequence fence of an item that is not versioned
	 * @return the write
	 */
	public static PreparedWrite saved(EntityCache cache, long id, long fence) {
		return Objects.requireNonNull(preparation.saved(cache, new Item(id, fence), fence));
	}

	/**
	 * Prepare the write of a delete marker, as {@link WritePreparation} does before a
	 * commit.
	 * @param cache the cache of the item
	 * @param id the id of the deleted item
	 * @param fence its version, or the sequence fence of an item that is not versioned
	 * @return the write
	 */
	public static PreparedWrite deleted(EntityCache cache, long id, long fence) {
		return preparation.deleted(cache, id, fence, fence);
	}

	/**
	 * Return keys as text, such as the epoch keys of a batch.
	 * @param keys the keys
	 * @return the keys as text
	 */
	public static List<String> texts(List<byte[]> keys) {
		return keys.stream().map((key) -> new String(key, StandardCharsets.UTF_8)).toList();
	}

	private static Field accessibleField(String name) {
		Field field = Objects.requireNonNull(ReflectionUtils.findField(Item.class, name));
		ReflectionUtils.makeAccessible(field);
		return field;
	}

	private static Constructor<Item> constructor() {
		try {
			Constructor<Item> constructor = Item.class.getDeclaredConstructor();
			ReflectionUtils.makeAccessible(constructor);
			return constructor;
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A cached test entity.
	 */
	public static final class Item {

		private @Nullable Long id;

		private @Nullable Long version;

		private Item() {
		}

		/**
		 * Create an item.
		 * @param id its id
		 * @param version its version, ignored by caches that are not versioned
		 */
		public Item(long id, long version) {
			this.id = id;
			this.version = version;
		}

	}

	/**
	 * Reads the id of an item from its field, or fails to.
	 */
	private static final class FieldAccess implements EntityAccess {

		private final boolean readable;

		FieldAccess(boolean readable) {
			this.readable = readable;
		}

		@Override
		public @Nullable Object idOf(Object entity) {
			if (!this.readable) {
				throw new IllegalStateException("The id of " + entity + " cannot be read");
			}
			return ReflectionUtils.getField(ID, entity);
		}

		@Override
		public Object unproxy(Object entity) {
			return entity;
		}

		@Override
		public Object reference(Class<?> entityType, Object id) {
			throw new UnsupportedOperationException("Items have no associations");
		}

	}

}
