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

package io.github.writethrough.transaction;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

import io.github.writethrough.cache.AcknowledgedUpdates;
import io.github.writethrough.cache.CacheUpdates;
import io.github.writethrough.scheduling.BackgroundWork;
import io.github.writethrough.store.EntryStore;
import io.github.writethrough.store.RedisMaster;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.Assert;

/**
 * Sends the updates Redis acknowledged lately again when a master that took them may have
 * lost them: when it answers with another run id (a replica took over, or the server
 * restarted) or does not answer. The fences keep each update from replacing a newer
 * entry, and the repairs withhold its key until it landed.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class FailoverReplay implements BackgroundWork {

	private static final Log logger = LogFactory.getLog(FailoverReplay.class);

	private final EntryStore store;

	private final AcknowledgedUpdates acknowledged;

	private final CacheRepairs repairs;

	private final Duration checkInterval;

	private Map<String, RedisMaster> masters = Map.of();

	private @Nullable ScheduledFuture<?> checks;

	/**
	 * Create a new replay.
	 * @param store asked who the masters are
	 * @param acknowledged the updates Redis acknowledged lately
	 * @param repairs send the updates again
	 * @param checkInterval how often the masters are asked
	 */
	public FailoverReplay(EntryStore store, AcknowledgedUpdates acknowledged, CacheRepairs repairs,
			Duration checkInterval) {
		Assert.isTrue(!checkInterval.isNegative() && !checkInterval.isZero(), "checkInterval must be positive");
		this.store = store;
		this.acknowledged = acknowledged;
		this.repairs = repairs;
		this.checkInterval = checkInterval;
	}

	@Override
	public synchronized void start(TaskScheduler scheduler) {
		if (this.checks == null) {
			this.checks = scheduler.scheduleWithFixedDelay(this::check, this.checkInterval);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.checks != null) {
			this.checks.cancel(false);
			this.checks = null;
		}
	}

	/**
	 * Ask the masters who they are, and send again what those that changed or did not
	 * answer acknowledged within the window.
	 */
	synchronized void check() {
		Map<String, RedisMaster> answered = new HashMap<>();
		this.store.masters().forEach((master) -> answered.put(master.runId(), master));
		List<RedisMaster> lost = this.masters.values()
			.stream()
			.filter((master) -> !answered.containsKey(master.runId()))
			.toList();
		this.masters = answered;
		if (lost.isEmpty()) {
			this.acknowledged.forgetOld();
			return;
		}
		CacheUpdates updates = this.acknowledged.since((key) -> lost.stream().anyMatch((master) -> master.serves(key)));
		if (!updates.isEmpty()) {
			logger.warn("A Redis master was replaced, restarted or did not answer (run "
					+ lost.stream().map(RedisMaster::runId).toList() + "); it may have lost what it acknowledged: "
					+ "sending again " + updates.writes().size() + " cache writes and " + updates.invalidations().size()
					+ " invalidations acknowledged lately");
			this.repairs.add(updates);
		}
	}

}
