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

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Which entries of one cache may answer reads: not those that updates of committed
 * transactions, waiting to be applied, replace, so that a reader never sees an older
 * state than one committed. A waiting write withholds its key only, so the other keys (on
 * the healthy shards of a Redis Cluster, say) keep being read from Redis; a waiting
 * invalidation withholds the whole cache.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class CacheTrust {

	private volatile Set<String> pendingKeys = Set.of();

	private volatile boolean invalidationPending;

	/**
	 * Whether the cache as a whole may answer reads.
	 * @return whether no invalidation of it waits for repair
	 */
	public boolean isTrusted() {
		return !this.invalidationPending;
	}

	/**
	 * Whether the entry of a key may answer reads.
	 * @param key the key of the entry
	 * @return whether neither a write of the key nor an invalidation of the cache waits
	 * for repair
	 */
	public boolean isTrusted(byte[] key) {
		Set<String> pendingKeys = this.pendingKeys;
		return !this.invalidationPending
				&& (pendingKeys.isEmpty() || !pendingKeys.contains(new String(key, StandardCharsets.UTF_8)));
	}

	/**
	 * Whether some keys wait for repair, so that {@link #isTrusted(byte[])} may be false
	 * for a key while {@link #isTrusted()} is true.
	 * @return whether keys wait for repair
	 */
	public boolean hasPendingKeys() {
		return !this.pendingKeys.isEmpty();
	}

	/**
	 * Return how many updates of the cache wait for repair: keys, and an invalidation.
	 * @return the number of waiting repairs
	 */
	public int pendingRepairs() {
		return this.pendingKeys.size() + (this.invalidationPending ? 1 : 0);
	}

	/**
	 * Record which updates of the cache wait for repair now.
	 * @param keys the keys whose writes wait, empty when all were applied
	 * @param invalidation whether an invalidation of the cache waits
	 */
	public void repairsPending(Set<String> keys, boolean invalidation) {
		this.pendingKeys = Set.copyOf(keys);
		this.invalidationPending = invalidation;
	}

}
