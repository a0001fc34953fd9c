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

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether one cache may answer reads: not while updates of committed transactions wait to
 * be applied, so that a reader never sees the older entries they replace.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class CacheTrust {

	private final AtomicInteger pendingRepairs = new AtomicInteger();

	/**
	 * Whether the cache may answer reads.
	 * @return whether no update of it waits for repair
	 */
	public boolean isTrusted() {
		return this.pendingRepairs.get() == 0;
	}

	/**
	 * Return how many updates of the cache wait for repair.
	 * @return the number of waiting repairs
	 */
	public int pendingRepairs() {
		return this.pendingRepairs.get();
	}

	/**
	 * Record how many updates of the cache wait for repair now.
	 * @param count the number of waiting repairs, {@code 0} when all were applied
	 */
	public void repairsPending(int count) {
		this.pendingRepairs.set(count);
	}

}
