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

import org.springframework.util.Assert;

/**
 * Settings of the near tier of a cache: the entries an instance keeps in its own memory,
 * in front of Redis.
 *
 * @param maxEntries the most entries the tier holds; the least used go first
 * @param ttl the longest time an entry stays in the tier, never longer than the cache's
 * own time-to-live
 * @param maxStaleness the longest time since Redis last proved it told this instance of
 * every change: past it, reads skip the tier until it proves it again
 * @author Write-Through contributors
 * @since 0.3.0
 */
public record NearCacheSettings(int maxEntries, Duration ttl, Duration maxStaleness) {

	/**
	 * Create new settings.
	 * @param maxEntries the most entries the tier holds
	 * @param ttl the longest time an entry stays in the tier
	 * @param maxStaleness the longest time since Redis last proved it told this instance
	 * of every change
	 */
	public NearCacheSettings {
		Assert.isTrue(maxEntries > 0, "maxEntries must be positive");
		Assert.isTrue(!ttl.isNegative() && !ttl.isZero(), "ttl must be positive");
		Assert.isTrue(!maxStaleness.isNegative() && !maxStaleness.isZero(), "maxStaleness must be positive");
	}

}
