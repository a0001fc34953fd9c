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

package io.github.writethrough.autoconfigure.actuate;

import io.github.writethrough.feed.ChangeFeedStatus;
import io.github.writethrough.store.EntryStore;
import io.github.writethrough.store.RedisFailure;
import io.github.writethrough.transaction.CacheRepairs;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of write-through caching: whether Redis answers, whether the circuit breaker is
 * open, and how many updates wait for repair. It reports UP while Redis is down, with the
 * details, because the application keeps working: reads go to the database and writes
 * commit.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public class WriteThroughHealthIndicator extends AbstractHealthIndicator {

	private final EntryStore store;

	private final CacheRepairs repairs;

	private final @Nullable ChangeFeedStatus changeFeed;

	/**
	 * Create a new indicator.
	 * @param store the store
	 * @param repairs the repairs
	 * @param changeFeed the status of the change feed, {@code null} when it is off
	 */
	public WriteThroughHealthIndicator(EntryStore store, CacheRepairs repairs, @Nullable ChangeFeedStatus changeFeed) {
		super("Write-through health check failed");
		this.store = store;
		this.repairs = repairs;
		this.changeFeed = changeFeed;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean reachable = this.store.ping();
		builder.up()
			.withDetail("redis", reachable ? "reachable" : "unreachable: reads use the database")
			.withDetail("circuit", this.store.isAvailable() ? "closed" : "open")
			.withDetail("pendingRepairs", this.repairs.pending());
		RedisFailure failure = this.store.lastFailure();
		if (failure != null) {
			builder.withDetail("failure", failure.description());
			if (failure.action() != null) {
				builder.withDetail("action", failure.action());
			}
		}
		if (this.changeFeed != null) {
			builder.withDetail("changeFeed", ChangeFeedDescriptor.of(this.changeFeed));
		}
	}

}
