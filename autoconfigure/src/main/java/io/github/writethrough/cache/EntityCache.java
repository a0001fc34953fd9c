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

import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The cache of one entity type: its name, settings and keys, the codec of its entries,
 * and the state this instance keeps of it (epoch, trust, statistics). What is done with
 * it is done by {@link ReadThrough}, {@link WritePreparation}, {@link CacheWriter} and
 * {@link CacheOperations}.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class EntityCache {

	private final String name;

	private final EntityModel model;

	private final EntityAccess access;

	private final CacheSettings settings;

	private final CacheKeys keys;

	private final EntityCodec<?> codec;

	private final CacheEpoch epoch;

	private final CacheTrust trust = new CacheTrust();

	private final CacheStatistics statistics = new CacheStatistics();

	private final AtomicBoolean decodeFailureLogged = new AtomicBoolean();

	private final @Nullable NearCache near;

	/**
	 * Create the cache of an entity type.
	 * @param name the cache name
	 * @param model the entity's model
	 * @param access the persistence unit's access to the entity
	 * @param settings the cache settings
	 */
	public EntityCache(String name, EntityModel model, EntityAccess access, CacheSettings settings) {
		this(name, model, access, settings, null);
	}

	/**
	 * Create the cache of an entity type, with a near tier where its settings ask for
	 * one.
	 * @param name the cache name
	 * @param model the entity's model
	 * @param access the persistence unit's access to the entity
	 * @param settings the cache settings
	 * @param nearTier the near tier that creates and keeps coherent the near tier of the
	 * cache, {@code null} when no cache has one
	 */
	public EntityCache(String name, EntityModel model, EntityAccess access, CacheSettings settings,
			@Nullable NearTier nearTier) {
		Assert.hasText(name, "name must not be empty");
		Assert.notNull(model, "model must not be null");
		Assert.notNull(access, "access must not be null");
		Assert.notNull(settings, "settings must not be null");
		this.name = name;
		this.model = model;
		this.access = access;
		this.settings = settings;
		this.keys = new CacheKeys(settings.keyPrefix(), name);
		this.codec = new EntityCodec<>(model, access);
		this.epoch = new CacheEpoch(this.keys.epochKey());
		NearCacheSettings near = settings.near();
		Assert.isTrue(near == null || nearTier != null, "nearTier must not be null when settings have a near tier");
		this.near = (near != null && nearTier != null) ? nearTier.create(this, near) : null;
	}

	/**
	 * Return the name of the cache.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Return the cached entity type.
	 * @return the entity type
	 */
	public Class<?> entityType() {
		return this.model.entityType();
	}

	/**
	 * Return the settings of the cache.
	 * @return the settings
	 */
	public CacheSettings settings() {
		return this.settings;
	}

	/**
	 * Whether entries are ordered by the entity's version; when not, committed states are
	 * given fences from a database sequence.
	 * @return whether the entity has a numeric version
	 */
	public boolean isVersioned() {
		return this.model.isVersioned();
	}

	/**
	 * Return the version of an entity, or {@code 0} if it has none.
	 * @param entity the entity
	 * @return the version
	 */
	public long versionOf(Object entity) {
		return this.codec.fence(entity);
	}

	/**
	 * Return the id of an entity of this cache.
	 * @param entity the entity
	 * @return its id, or {@code null} when it has none yet
	 */
	public @Nullable Object idOf(Object entity) {
		return this.access.idOf(entity);
	}

	/**
	 * Return the pattern of the cache's keys, such as {@code wt:profiles:<id>}.
	 * @return the key pattern
	 */
	public String keyPattern() {
		return this.keys.entryPrefix() + "<id>";
	}

	/**
	 * Return the key of the cache's epoch counter.
	 * @return the epoch key
	 */
	public String epochKey() {
		return this.keys.epochKeyText();
	}

	/**
	 * Parse an id as it appears in a key.
	 * @param text the id as rendered in keys
	 * @return the id
	 * @throws IllegalArgumentException if the text is not an id of this cache
	 */
	public Object parseId(String text) {
		return this.keys.parseId(text, this.model.idType());
	}

	/**
	 * Return the id rendered in a key of this cache, or {@code null} if the key is not an
	 * entry key of this cache.
	 * @param key the key
	 * @return the rendered id
	 */
	public @Nullable String renderedIdOf(String key) {
		String prefix = this.keys.entryPrefix();
		return key.startsWith(prefix) ? key.substring(prefix.length()) : null;
	}

	/**
	 * Return whether the cache may answer reads, and how many updates wait for repair.
	 * @return the trust
	 */
	public CacheTrust trust() {
		return this.trust;
	}

	/**
	 * Return the counters of this cache.
	 * @return the statistics
	 */
	public CacheStatistics statistics() {
		return this.statistics;
	}

	/**
	 * Return the near tier of the cache.
	 * @return the near tier, or {@code null} when the cache has none
	 */
	public @Nullable NearCache near() {
		return this.near;
	}

	EntityModel model() {
		return this.model;
	}

	EntityAccess access() {
		return this.access;
	}

	/**
	 * Return the fingerprint of the shape of the entity class: the entries of this
	 * instance hold their states under it, and entries that hold only other shapes'
	 * states are misses here.
	 * @return the fingerprint, 16 hexadecimal digits
	 */
	public String shape() {
		return this.codec.shape();
	}

	CacheKeys keys() {
		return this.keys;
	}

	EntityCodec<?> codec() {
		return this.codec;
	}

	CacheEpoch epoch() {
		return this.epoch;
	}

	/**
	 * Whether this is the first entry of the cache that failed to decode, which is logged
	 * at a higher level than the others.
	 */
	boolean firstDecodeFailure() {
		return this.decodeFailureLogged.compareAndSet(false, true);
	}

	@Override
	public String toString() {
		return "EntityCache '" + this.name + "' of " + this.model.entityType().getName();
	}

}
