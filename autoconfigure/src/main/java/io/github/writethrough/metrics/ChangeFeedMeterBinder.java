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

package io.github.writethrough.metrics;

import io.github.writethrough.feed.ChangeFeedStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.util.Assert;

/**
 * Binds the meters of the change feed: its lag from commit to cache, in time and in bytes
 * of the database's log, and whether this instance follows it.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public class ChangeFeedMeterBinder implements MeterBinder {

	private final ChangeFeedStatus status;

	/**
	 * Create a new binder.
	 * @param status the status of the change feed
	 */
	public ChangeFeedMeterBinder(ChangeFeedStatus status) {
		Assert.notNull(status, "status must not be null");
		this.status = status;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Timer lag = Timer.builder("writethrough.changefeed.lag")
			.description("Time from the commit of a transaction to the moment Redis took the updates of its changes")
			.register(registry);
		this.status.onLag(lag::record);
		Gauge.builder("writethrough.changefeed.lag.bytes", this.status, ChangeFeedStatus::lagBytes)
			.description("Bytes of the database's log the replication slot has not confirmed, as the follower "
					+ "last measured them; -1 on the instances that do not follow")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder("writethrough.changefeed.following", this.status, (status) -> status.isFollowing() ? 1 : 0)
			.description("1 on the instance that follows the change feed, 0 on the others")
			.register(registry);
		FunctionCounter.builder("writethrough.changefeed.changes", this.status, ChangeFeedStatus::changes)
			.description("Changed rows the change feed brought in line in Redis")
			.register(registry);
		FunctionCounter.builder("writethrough.changefeed.skips", this.status, ChangeFeedStatus::skips)
			.description("Times the slot fell further behind than max-lag and was skipped ahead")
			.register(registry);
	}

}
