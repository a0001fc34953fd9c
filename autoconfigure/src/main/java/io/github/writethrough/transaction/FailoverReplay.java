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
import java.util.ArrayDeque;
import java.util.Deque;
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
 * Sends the updates Redis acknowledged again when a master that took them may have lost
 * them: when it answers with another run id (a replica took over, or the server
 * restarted) or does not answer. An update is kept until a replica of its master holds it
 * (the replica's offset reached the master's as it was after the update), or, where no
 * replica can take over (one server), for a window. The fences keep each update sent
 * again from replacing a newer entry, and the repairs withhold its key until it landed.
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

	private final long windowNanos;

	private Map<String, Watched> masters = Map.of();

	private @Nullable ScheduledFuture<?> checks;

	/**
	 * Create a new replay.
	 * @param store asked who the masters are
	 * @param acknowledged the updates Redis acknowledged
	 * @param repairs send the updates again
	 * @param checkInterval how often the masters are asked
	 * @param window how long an update is kept where no replica can take over
	 */
	public FailoverReplay(EntryStore store, AcknowledgedUpdates acknowledged, CacheRepairs repairs,
			Duration checkInterval, Duration window) {
		Assert.isTrue(!checkInterval.isNegative() && !checkInterval.isZero(), "checkInterval must be positive");
		Assert.isTrue(!window.isNegative(), "window must not be negative");
		this.store = store;
		this.acknowledged = acknowledged;
		this.repairs = repairs;
		this.checkInterval = checkInterval;
		this.windowNanos = window.toNanos();
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
	 * Ask the masters who they are and how far their replicas have come: forget what a
	 * replica holds, and send again what a master that changed or did not answer may have
	 * lost.
	 */
	synchronized void check() {
		long now = this.acknowledged.now();
		Map<String, Watched> answered = new HashMap<>();
		for (RedisMaster master : this.store.masters()) {
			Watched watched = this.masters.get(master.runId());
			answered.put(master.runId(), (watched != null) ? watched.answered(master, now) : new Watched(master, now));
		}
		List<RedisMaster> lost = this.masters.values()
			.stream()
			.map(Watched::master)
			.filter((master) -> !answered.containsKey(master.runId()))
			.toList();
		this.masters = answered;
		long leftOutBefore = now;
		for (Watched watched : answered.values()) {
			long safeBefore = watched.safeBefore(now - this.windowNanos);
			if (safeBefore == Long.MIN_VALUE) {
				leftOutBefore = Long.MIN_VALUE;
			}
			else {
				this.acknowledged.forget(watched.master()::serves, safeBefore);
				leftOutBefore = (leftOutBefore == Long.MIN_VALUE || safeBefore - leftOutBefore >= 0) ? leftOutBefore
						: safeBefore;
			}
		}
		if (lost.isEmpty()) {
			if (leftOutBefore != Long.MIN_VALUE) {
				this.acknowledged.forgetLeftOut(leftOutBefore);
			}
			return;
		}
		CacheUpdates updates = this.acknowledged.of((key) -> lost.stream().anyMatch((master) -> master.serves(key)));
		if (!updates.isEmpty()) {
			logger.warn("A Redis master was replaced, restarted or did not answer (run "
					+ lost.stream().map(RedisMaster::runId).toList() + "); it may have lost what no replica held: "
					+ "sending again " + updates.writes().size() + " cache writes and " + updates.invalidations().size()
					+ " invalidations");
			this.repairs.add(updates);
		}
	}

	/**
	 * A master as it answered, the offsets it had at the checks whose offset its replicas
	 * have not reached, and the time before which a replica holds what it acknowledged.
	 */
	private static final class Watched {

		private static final int MAX_OFFSETS = 1000;

		private final RedisMaster master;

		private final Deque<long[]> offsets;

		private long safeBefore;

		Watched(RedisMaster master, long now) {
			this(master, new ArrayDeque<>(), Long.MIN_VALUE);
			this.offsets.add(new long[] { now, master.offset() });
		}

		private Watched(RedisMaster master, Deque<long[]> offsets, long safeBefore) {
			this.master = master;
			this.offsets = offsets;
			this.safeBefore = safeBefore;
		}

		RedisMaster master() {
			return this.master;
		}

		/**
		 * Return the master as it answered again, taking over what this one watched.
		 */
		Watched answered(RedisMaster master, long now) {
			this.offsets.add(new long[] { now, master.offset() });
			if (this.offsets.size() > MAX_OFFSETS) {
				this.offsets.pollFirst();
			}
			return new Watched(master, this.offsets, this.safeBefore);
		}

		/**
		 * Return the time before which a replica holds every update this master
		 * acknowledged: the last check whose offset a replica has reached; where no
		 * replica can take over, the start of the window.
		 */
		long safeBefore(long windowStart) {
			if (!this.master.failsOver()) {
				return windowStart;
			}
			while (!this.offsets.isEmpty() && this.offsets.peekFirst()[1] <= this.master.replicaOffset()) {
				this.safeBefore = this.offsets.pollFirst()[0];
			}
			return this.safeBefore;
		}

	}

}
