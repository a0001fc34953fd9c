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

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Settings of one cache.
 *
 * @param keyPrefix prefix of every Redis key
 * @param ttl time-to-live of entries
 * @param negativeTtl time-to-live of the entries that record that a row does not exist,
 * {@link Duration#ZERO} to not record it
 * @param maxEntrySize largest entry the cache holds: larger states are not cached, and
 * larger entries found in Redis are misses
 * @param near the settings of the cache's near tier, {@code null} for none
 * @author Write-Through contributors
 * @since 0.1.0
 */
public record CacheSettings(String keyPrefix, TtlPolicy ttl, Duration negativeTtl, DataSize maxEntrySize,
		@Nullable NearCacheSettings near) {

	/**
	 * Largest entry a cache holds unless configured otherwise.
	 */
	public static final DataSize DEFAULT_MAX_ENTRY_SIZE = DataSize.ofKilobytes(512);

	/**
	 * Create new settings.
	 * @param keyPrefix prefix of every Redis key
	 * @param ttl time-to-live of entries
	 * @param negativeTtl time-to-live of negative entries, {@link Duration#ZERO} for none
	 * @param maxEntrySize largest entry the cache holds
	 * @param near the settings of the cache's near tier, {@code null} for none
	 */
	public CacheSettings {
		Assert.hasText(keyPrefix, "keyPrefix must not be empty");
		Assert.notNull(ttl, "ttl must not be null");
		Assert.isTrue(!negativeTtl.isNegative(), "negativeTtl must not be negative");
		Assert.isTrue(maxEntrySize.toBytes() > 0 && maxEntrySize.toBytes() < Integer.MAX_VALUE,
				"maxEntrySize must be positive and below 2 GB");
		Assert.isTrue(near == null || ttl.ttl().isZero() || near.ttl().compareTo(ttl.ttl()) <= 0,
				"near.ttl must not be longer than ttl");
	}

	/**
	 * Create new settings without a near tier.
	 * @param keyPrefix prefix of every Redis key
	 * @param ttl time-to-live of entries
	 * @param negativeTtl time-to-live of negative entries, {@link Duration#ZERO} for none
	 * @param maxEntrySize largest entry the cache holds
	 */
	public CacheSettings(String keyPrefix, TtlPolicy ttl, Duration negativeTtl, DataSize maxEntrySize) {
		this(keyPrefix, ttl, negativeTtl, maxEntrySize, null);
	}

	/**
	 * Create new settings with the {@link #DEFAULT_MAX_ENTRY_SIZE default largest entry}.
	 * @param keyPrefix prefix of every Redis key
	 * @param ttl time-to-live of entries
	 * @param negativeTtl time-to-live of negative entries, {@link Duration#ZERO} for none
	 */
	public CacheSettings(String keyPrefix, TtlPolicy ttl, Duration negativeTtl) {
		this(keyPrefix, ttl, negativeTtl, DEFAULT_MAX_ENTRY_SIZE);
	}

	/**
	 * Return these settings with another largest entry.
	 * @param maxEntrySize largest entry the cache holds
	 * @return the settings
	 */
	public CacheSettings withMaxEntrySize(DataSize maxEntrySize) {
		return new CacheSettings(this.keyPrefix, this.ttl, this.negativeTtl, maxEntrySize, this.near);
	}

	int maxEntryBytes() {
		return (int) this.maxEntrySize.toBytes();
	}

	/**
	 * Return these settings with another time-to-live, keeping the jitter.
	 * @param ttl the longest time an entry lives, {@link Duration#ZERO} for no expiry
	 * @return the settings
	 */
	public CacheSettings withTtl(Duration ttl) {
		return new CacheSettings(this.keyPrefix, new TtlPolicy(ttl, this.ttl.jitter()), this.negativeTtl,
				this.maxEntrySize, this.near);
	}

	/**
	 * Return these settings with another time-to-live of negative entries.
	 * @param negativeTtl the time-to-live of negative entries, {@link Duration#ZERO} for
	 * none
	 * @return the settings
	 */
	public CacheSettings withNegativeTtl(Duration negativeTtl) {
		return new CacheSettings(this.keyPrefix, this.ttl, negativeTtl, this.maxEntrySize, this.near);
	}

	/**
	 * Return these settings with another near tier.
	 * @param near the settings of the near tier, {@code null} for none
	 * @return the settings
	 */
	public CacheSettings withNear(@Nullable NearCacheSettings near) {
		return new CacheSettings(this.keyPrefix, this.ttl, this.negativeTtl, this.maxEntrySize, near);
	}

}
