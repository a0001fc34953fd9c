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

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import io.github.writethrough.WriteThroughConfigurationException;
import io.github.writethrough.cache.CacheSettings;
import io.github.writethrough.cache.NearCacheSettings;
import io.github.writethrough.cache.TtlPolicy;

import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

/**
 * The settings of each cache, taken from {@link WriteThroughProperties} and then given to
 * the {@link WriteThroughCacheCustomizer customizers}.
 *
 * @author Write-Through contributors
 */
final class PropertiesCacheSettings implements Function<String, CacheSettings> {

	private static final String CAFFEINE = "com.github.benmanes.caffeine.cache.Caffeine";

	private static final Duration DEFAULT_NEAR_TTL = Duration.ofMinutes(5);

	private final WriteThroughProperties properties;

	private final List<WriteThroughCacheCustomizer> customizers;

	PropertiesCacheSettings(WriteThroughProperties properties, List<WriteThroughCacheCustomizer> customizers) {
		this.properties = properties;
		this.customizers = customizers;
	}

	@Override
	public CacheSettings apply(String cacheName) {
		WriteThroughProperties.Cache cache = this.properties.getCaches().get(cacheName);
		String prefix = "write-through.caches." + cacheName + ".";
		Duration ttl = checked("write-through.default-ttl", this.properties.getDefaultTtl());
		Percentage jitter = this.properties.getTtlJitter();
		Duration negativeTtl = Duration.ZERO;
		DataSize maxEntrySize = checked("write-through.max-entry-size", this.properties.getMaxEntrySize());
		if (cache != null) {
			ttl = (cache.getTtl() != null) ? checked(prefix + "ttl", cache.getTtl()) : ttl;
			jitter = (cache.getTtlJitter() != null) ? cache.getTtlJitter() : jitter;
			negativeTtl = checked(prefix + "negative-ttl", cache.getNegativeTtl());
			maxEntrySize = (cache.getMaxEntrySize() != null)
					? checked(prefix + "max-entry-size", cache.getMaxEntrySize()) : maxEntrySize;
		}
		if (this.properties.getKeyPrefix().isBlank() || this.properties.getKeyPrefix().contains(" ")) {
			throw new WriteThroughConfigurationException(
					"write-through.key-prefix '%s' is not valid".formatted(this.properties.getKeyPrefix()),
					"Set write-through.key-prefix to a non-empty prefix without spaces, such as 'wt'.");
		}
		NearCacheSettings near = (cache != null && cache.getNear() != null && cache.getNear().isEnabled())
				? near(prefix + "near.", cache.getNear(), ttl) : null;
		CacheSettings settings = new CacheSettings(this.properties.getKeyPrefix(),
				new TtlPolicy(ttl, jitter.fraction()), negativeTtl, maxEntrySize, near);
		for (WriteThroughCacheCustomizer customizer : this.customizers) {
			settings = customizer.customize(cacheName, settings);
		}
		return settings;
	}

	private static NearCacheSettings near(String prefix, WriteThroughProperties.Near near, Duration ttl) {
		if (!ClassUtils.isPresent(CAFFEINE, PropertiesCacheSettings.class.getClassLoader())) {
			throw new WriteThroughConfigurationException(
					"%senabled is true but Caffeine, which holds the near tier, is not on the classpath"
						.formatted(prefix),
					"Add com.github.ben-manes.caffeine:caffeine to the dependencies (the starter brings it), or "
							+ "remove the near settings.");
		}
		if (near.getMaxEntries() <= 0) {
			throw new WriteThroughConfigurationException(
					"%smax-entries is %d, which is not positive".formatted(prefix, near.getMaxEntries()),
					"Set %smax-entries to a positive number such as 10000.".formatted(prefix));
		}
		Duration nearTtl = near.getTtl();
		if (nearTtl == null) {
			nearTtl = (ttl.isZero() || ttl.compareTo(DEFAULT_NEAR_TTL) > 0) ? DEFAULT_NEAR_TTL : ttl;
		}
		else if (nearTtl.isNegative() || nearTtl.isZero() || (!ttl.isZero() && nearTtl.compareTo(ttl) > 0)) {
			throw new WriteThroughConfigurationException(
					"%sttl is %s, which is not a positive duration within the cache's ttl (%s)".formatted(prefix,
							nearTtl, ttl.isZero() ? "no expiry" : ttl),
					"Set %sttl to a positive duration no longer than the cache's ttl, such as 5m.".formatted(prefix));
		}
		Duration maxStaleness = near.getMaxStaleness();
		if (maxStaleness.isNegative() || maxStaleness.isZero()) {
			throw new WriteThroughConfigurationException(
					"%smax-staleness is %s, which is not positive".formatted(prefix, maxStaleness),
					"Set %smax-staleness to a positive duration such as 1s.".formatted(prefix));
		}
		return new NearCacheSettings(near.getMaxEntries(), nearTtl, maxStaleness);
	}

	private static DataSize checked(String property, DataSize size) {
		if (size.toBytes() <= 0 || size.toBytes() >= Integer.MAX_VALUE) {
			throw new WriteThroughConfigurationException(
					"%s is %s, which is not a size an entry can have".formatted(property, size),
					"Set %s to a positive size below 2GB, such as 512KB.".formatted(property));
		}
		return size;
	}

	private static Duration checked(String property, Duration duration) {
		if (duration.isNegative()) {
			throw new WriteThroughConfigurationException("%s is %s, which is negative".formatted(property, duration),
					"Set %s to zero (no expiry) or a positive duration such as 30m.".formatted(property));
		}
		return duration;
	}

}
