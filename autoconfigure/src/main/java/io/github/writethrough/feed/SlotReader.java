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

package io.github.writethrough.feed;

import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.github.writethrough.cache.CacheUpdates;
import io.github.writethrough.cache.CacheWriter;
import io.github.writethrough.feed.LogMessage.Begin;
import io.github.writethrough.feed.LogMessage.Commit;
import io.github.writethrough.feed.LogMessage.Relation;
import io.github.writethrough.feed.LogMessage.RowChange;
import io.github.writethrough.feed.LogMessage.Truncate;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * Reads one replication stream of the slot and applies its changes, confirming the
 * position of every change Redis took, until the feed stops or the slot falls too far
 * behind.
 *
 * @author Write-Through contributors
 */
final class SlotReader {

	private static final Instant POSTGRES_EPOCH = Instant.parse("2000-01-01T00:00:00Z");

	private static final int MAX_BATCH = 500;

	private static final Duration LAG_CHECK_INTERVAL = Duration.ofSeconds(5);

	private final PGReplicationStream stream;

	private final ReplicationSlot slot;

	private final LoggedChanges changes;

	private final CacheWriter writer;

	private final ChangeFeedStatus status;

	private final long maxLagBytes;

	private final BooleanSupplier running;

	/**
	 * The oldest transaction id new snapshots may still see as running, as last read.
	 */
	private long horizon;

	private boolean inTransaction;

	private long nextLagCheck = System.nanoTime();

	SlotReader(PGReplicationStream stream, ReplicationSlot slot, LoggedChanges changes, CacheWriter writer,
			ChangeFeedStatus status, long maxLagBytes, BooleanSupplier running) {
		this.stream = stream;
		this.slot = slot;
		this.changes = changes;
		this.writer = writer;
		this.status = status;
		this.maxLagBytes = maxLagBytes;
		this.running = running;
	}

	/**
	 * Apply the changes the stream has, until it has no more for now, the deadline passes
	 * or the feed stops.
	 * @param deadline the {@link System#nanoTime()} to return by, a transaction's changes
	 * being applied at the latest
	 * @return whether the slot fell too far behind
	 * @throws SQLException if the database failed
	 */
	boolean read(long deadline) throws SQLException {
		while (this.running.getAsBoolean() && System.nanoTime() - deadline < 0) {
			if (System.nanoTime() - this.nextLagCheck >= 0) {
				// busy or idle: a follower that never catches up must still be bounded
				this.nextLagCheck = System.nanoTime() + LAG_CHECK_INTERVAL.toNanos();
				if (isTooFarBehind()) {
					return true;
				}
			}
			ByteBuffer message = this.stream.readPending();
			if (message == null) {
				if (!this.inTransaction) {
					// every change received so far is applied
					confirm(this.stream.getLastReceiveLSN());
				}
				return false;
			}
			LogMessage decoded = LogMessageDecoder.decode(message);
			if (decoded instanceof Begin begin) {
				this.changes.begin(begin.finalLsn(), begin.xid());
				this.inTransaction = true;
			}
			else if (decoded instanceof Relation relation) {
				this.changes.relation(relation);
			}
			else if (decoded instanceof RowChange change) {
				this.changes.add(change);
				if (this.changes.size() >= MAX_BATCH) {
					// the changes are committed: their markers may go before the commit
					// message
					apply();
				}
			}
			else if (decoded instanceof Truncate truncate) {
				this.changes.truncate(truncate.oids());
			}
			else if (decoded instanceof Commit commit) {
				apply();
				this.status.applied(POSTGRES_EPOCH.plus(commit.commitMicros(), ChronoUnit.MICROS));
				confirm(LogSequenceNumber.valueOf(commit.endLsn()));
				this.inTransaction = false;
			}
		}
		return false;
	}

	private boolean isTooFarBehind() throws SQLException {
		long lag = this.slot.lagBytes();
		this.status.lagBytes(lag);
		return lag > this.maxLagBytes;
	}

	private void apply() throws SQLException {
		if (this.changes.mayBeFilledOver()) {
			awaitVisible(this.changes.xid());
		}
		CacheUpdates updates = this.changes.drain();
		this.writer.apply(updates);
		this.status.counted(updates.writes().size());
	}

	/**
	 * Wait until other sessions see the transaction, so that a reader that finds its
	 * marker reads its state, answering PostgreSQL's status requests meanwhile.
	 */
	private void awaitVisible(long xid) throws SQLException {
		if (isBelowHorizon(xid)) {
			return;
		}
		this.horizon = this.slot.visibilityHorizon();
		if (isBelowHorizon(xid)) {
			return;
		}
		long nextStatus = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
		while (!this.slot.isVisible(xid)) {
			if (System.nanoTime() - nextStatus >= 0) {
				this.stream.forceUpdateStatus();
				nextStatus = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
			}
			if (!pause(Duration.ofMillis(1))) {
				throw new SQLException("Stopped while waiting for transaction " + xid + " to be visible");
			}
		}
	}

	/**
	 * Whether a committed transaction is older than the last horizon read: then every
	 * snapshot sees it, and the database need not be asked. The log gives the low 32 bits
	 * of the id; the horizon tells which wraparound they belong to.
	 */
	private boolean isBelowHorizon(long xid) {
		if (this.horizon == 0) {
			return false;
		}
		long full = ((this.horizon >>> 32) << 32) | xid;
		if (full - this.horizon > Integer.MAX_VALUE) {
			full -= 1L << 32;
		}
		return full < this.horizon;
	}

	private void confirm(LogSequenceNumber position) {
		if (position.asLong() > this.stream.getLastFlushedLSN().asLong()) {
			this.stream.setAppliedLSN(position);
			this.stream.setFlushedLSN(position);
		}
	}

	private boolean pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
			return this.running.getAsBoolean();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
