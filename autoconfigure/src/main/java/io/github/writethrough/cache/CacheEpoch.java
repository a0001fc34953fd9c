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

import java.util.concurrent.atomic.AtomicLong;

import io.github.writethrough.store.CacheUnavailableException;
import io.github.writethrough.store.EntryStore;

/**
 * The last epoch of one cache that this instance saw, which stamps the entries it writes.
 * <p>
 * It only ever grows, and is never newer than the epoch in Redis when a writing
 * transaction commits, so an invalidation that commits later always wins.
 *
 * @author Write-Through contributors
 */
final class CacheEpoch {

	private final byte[] key;

	private final AtomicLong known = new AtomicLong();

	CacheEpoch(byte[] key) {
		this.key = key;
	}

	byte[] key() {
		return this.key;
	}

	long known() {
		return this.known.get();
	}

	void observed(long epoch) {
		this.known.accumulateAndGet(epoch, Math::max);
	}

	/**
	 * Return the epoch to stamp a write with: the last one seen, read from Redis once if
	 * none was seen yet. Where Redis cannot be read, {@code 0}: the entry is then a miss,
	 * which is safe.
	 */
	long forWrite(EntryStore store) {
		if (this.known.get() == 0) {
			try {
				observed(store.epoch(this.key));
			}
			catch (CacheUnavailableException ex) {
				// stamped 0, the entry is a miss
			}
		}
		return this.known.get();
	}

}
