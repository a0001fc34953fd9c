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
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

	private static final int UNANSWERED_CHECKS_TO_WARN = 30;

	private final Map<String, Watched> masters = new LinkedHashMap<>();

	private int unansweredChecks;

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
	 * Ask the masters who they are and how far their replicas have come: send again the
	 * writes a master that does not answer may have lost, and once the masters that
	 * answer serve all its keys (a replica took over, or it restarted with another run
	 * id), its writes and invalidations; then forget what replicas hold.
	 */
	synchronized void check() {
		long now = this.acknowledged.now();
		Map<String, RedisMaster> answered = new LinkedHashMap<>();
		this.store.masters().forEach((master) -> answered.put(master.runId(), master));
		List<RedisMaster> silenced = new ArrayList<>();
		this.masters.forEach((runId, watched) -> {
			RedisMaster master = answered.get(runId);
			if (master != null) {
				watched.answered(master, now);
			}
			else if (watched.silence()) {
				silenced.add(watched.master());
			}
		});
		answered.forEach((runId, master) -> this.masters.computeIfAbsent(runId, (id) -> new Watched(master, now)));
		List<RedisMaster> replaced = this.masters.values()
			.stream()
			.filter((watched) -> watched.isSilent() && watched.master().isServedBy(answered.values()))
			.map(Watched::master)
			.toList();
		replaced.forEach((master) -> this.masters.remove(master.runId()));
		// before anything is forgotten: the masters that now serve the lost one's keys
		// may count its updates as held by their own replicas
		if (!silenced.isEmpty() || !replaced.isEmpty()) {
			sendAgain(silenced, replaced);
		}
		forgetWhatReplicasHold(now);
		if (answered.isEmpty() && ++this.unansweredChecks == UNANSWERED_CHECKS_TO_WARN) {
			logger.warn("No Redis master has said who it is for " + UNANSWERED_CHECKS_TO_WARN + " checks: updates "
					+ "a failover loses cannot be sent again. Grant the Redis user +info if it lacks it.");
		}
		else if (!answered.isEmpty()) {
			this.unansweredChecks = 0;
		}
	}

	private void forgetWhatReplicasHold(long now) {
		long leftOutBefore = now;
		for (Watched watched : this.masters.values()) {
			long safeBefore = watched.isSilent() ? Long.MIN_VALUE : watched.safeBefore(now - this.windowNanos);
			if (safeBefore == Long.MIN_VALUE) {
				leftOutBefore = Long.MIN_VALUE;
			}
			else {
				this.acknowledged.forget(watched.master()::serves, safeBefore);
				if (leftOutBefore != Long.MIN_VALUE && safeBefore - leftOutBefore < 0) {
					leftOutBefore = safeBefore;
				}
			}
		}
		if (leftOutBefore != Long.MIN_VALUE) {
			this.acknowledged.forgetLeftOut(leftOutBefore);
		}
	}

	/**
	 * Hand the writes kept for the keys of masters that went silent to the repairs, and
	 * the writes and invalidations of those another master replaced: a check that merely
	 * timed out costs no invalidation.
	 */
	private void sendAgain(List<RedisMaster> silenced, List<RedisMaster> replaced) {
		List<RedisMaster> lost = new ArrayList<>(silenced);
		lost.addAll(replaced);
		CacheUpdates updates = this.acknowledged.of((key) -> lost.stream().anyMatch((master) -> master.serves(key)),
				(key) -> replaced.stream().anyMatch((master) -> master.serves(key)), !replaced.isEmpty());
		if (!updates.isEmpty()) {
			logger.warn("A Redis master did not answer, or another took its place (run "
					+ lost.stream().map(RedisMaster::runId).distinct().toList()
					+ "); it may have lost what no replica held: sending again " + updates.writes().size()
					+ " cache writes and " + updates.invalidations().size() + " invalidations");
			this.repairs.add(updates);
		}
	}

	/**
	 * A master as it last answered, the offsets it had at the checks whose offset its
	 * replicas have not reached, the time before which a replica holds what it
	 * acknowledged, and whether it stopped answering.
	 */
	private static final class Watched {

		private static final int MAX_OFFSETS = 1000;

		private final Deque<long[]> offsets = new ArrayDeque<>();

		private RedisMaster master;

		private long safeBefore = Long.MIN_VALUE;

		private boolean silent;

		Watched(RedisMaster master, long now) {
			this.master = master;
			this.offsets.add(new long[] { now, master.offset() });
		}

		RedisMaster master() {
			return this.master;
		}

		boolean isSilent() {
			return this.silent;
		}

		void answered(RedisMaster master, long now) {
			this.master = master;
			this.silent = false;
			this.offsets.add(new long[] { now, master.offset() });
			if (this.offsets.size() > MAX_OFFSETS) {
				this.offsets.pollFirst();
			}
		}

		/**
		 * Mark the master silent.
		 * @return whether it answered at the check before
		 */
		boolean silence() {
			boolean answered = !this.silent;
			this.silent = true;
			return answered;
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
