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
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time-to-live of the entries of one cache, with jitter so that entries written together
 * do not expire together.
 *
 * @param ttl the longest time an entry lives, {@link Duration#ZERO} for no expiry
 * @param jitter fraction of the ttl, from 0 to 1, that is randomly taken off each entry
 * @author Write-Through contributors
 */
public record TtlPolicy(Duration ttl, double jitter) {

	/**
	 * Create a new policy.
	 * @param ttl the longest time an entry lives, {@link Duration#ZERO} for no expiry
	 * @param jitter fraction of the ttl, from 0 to 1, that is randomly taken off each
	 * entry
	 */
	public TtlPolicy {
		if (ttl.isNegative()) {
			throw new IllegalArgumentException("ttl must not be negative");
		}
		if (jitter < 0 || jitter > 1) {
			throw new IllegalArgumentException("jitter must be between 0 and 1");
		}
	}

	/**
	 * Return the time-to-live for a new entry in milliseconds, {@code 0} for no expiry.
	 * @return the time-to-live of the next entry
	 */
	long nextMillis() {
		long millis = this.ttl.toMillis();
		if (millis == 0 || this.jitter == 0) {
			return millis;
		}
		long spread = (long) (millis * this.jitter);
		return Math.max(1, millis - ThreadLocalRandom.current().nextLong(spread + 1));
	}

}
