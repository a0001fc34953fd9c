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

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.github.writethrough.cache.CacheUpdates;
import io.github.writethrough.cache.CacheWriter;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.WritePreparation;
import io.github.writethrough.scheduling.BackgroundWork;
import io.github.writethrough.store.CacheUnavailableException;
import io.github.writethrough.store.EntryStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.replication.PGReplicationStream;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.Assert;

/**
 * Follows the committed changes of the cached tables in PostgreSQL's log and brings the
 * entry of every changed row in line, whoever changed it.
 * <p>
 * Every instance of the application runs one; the replication slot lets one connection
 * read it at a time, so one instance follows and the others try again every second. An
 * instance lets go of the slot when Redis fails it, and PostgreSQL takes it from an
 * instance that went silent. The slot's position is confirmed only after Redis took the
 * updates of every change up to it, so nothing is lost when the follower or Redis fails:
 * the slot sends the changes again. It reads in short turns on the shared scheduler, so
 * that it holds no thread between them.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class ChangeFeed implements BackgroundWork, SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(ChangeFeed.class);

	private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

	private static final Duration TICK_PAUSE = Duration.ofMillis(1);

	private static final Duration READ_TIME = Duration.ofMillis(200);

	private final ReplicationSlot slot;

	private final Supplier<List<FollowedTable>> followed;

	private Map<Integer, FollowedTable> tables = Map.of();

	private final ReplicationConnector connector;

	private final CacheWriter writer;

	private final WritePreparation preparation;

	private final LongSupplier fenceSequence;

	private final EntryStore store;

	private final long maxLagBytes;

	private final Duration silenceTimeout;

	private final ChangeFeedStatus status = new ChangeFeedStatus();

	private final Object lock = new Object();

	private volatile boolean running;

	private boolean invalidationPending;

	private @Nullable ScheduledFuture<?> ticks;

	private @Nullable Connection connection;

	private @Nullable SlotReader reader;

	private long nextAttempt = System.nanoTime();

	/**
	 * Create a new feed.
	 * @param slot the slot to read
	 * @param followed the tables to follow, asked for when every bean is created
	 * @param connector opens replication connections
	 * @param writer applies the updates
	 * @param preparation prepares the updates
	 * @param fenceSequence takes a fence for the rows of entities without a version
	 * @param store the Redis store, to wait for while it is unavailable
	 * @param maxLagBytes how far the slot may fall behind before it is skipped ahead
	 * @param silenceTimeout how long PostgreSQL waits for a silent follower before it
	 * frees the slot for another instance
	 */
	public ChangeFeed(ReplicationSlot slot, Supplier<List<FollowedTable>> followed, ReplicationConnector connector,
			CacheWriter writer, WritePreparation preparation, LongSupplier fenceSequence, EntryStore store,
			long maxLagBytes, Duration silenceTimeout) {
		Assert.isTrue(maxLagBytes > 0, "maxLagBytes must be positive");
		this.slot = slot;
		this.followed = followed;
		this.connector = connector;
		this.writer = writer;
		this.preparation = preparation;
		this.fenceSequence = fenceSequence;
		this.store = store;
		this.maxLagBytes = maxLagBytes;
		this.silenceTimeout = silenceTimeout;
	}

	/**
	 * Prepare the slot and its publication for the followed tables.
	 * @throws io.github.writethrough.WriteThroughConfigurationException if the database
	 * cannot provide the feed
	 */
	@Override
	public void afterSingletonsInstantiated() {
		this.tables = Map.copyOf(this.slot.prepare(this.followed.get()));
	}

	/**
	 * Return what the feed is doing.
	 * @return the status
	 */
	public ChangeFeedStatus status() {
		return this.status;
	}

	@Override
	public synchronized void start(TaskScheduler scheduler) {
		if (this.ticks == null) {
			this.running = true;
			this.ticks = scheduler.scheduleWithFixedDelay(this::tick, TICK_PAUSE);
		}
	}

	@Override
	public void stop() {
		synchronized (this) {
			this.running = false;
			if (this.ticks != null) {
				this.ticks.cancel(false);
				this.ticks = null;
			}
		}
		synchronized (this.lock) {
			release();
		}
	}

	/**
	 * Read what the slot has for this instance for a moment, taking the slot first when
	 * no instance reads it. Short, so that the feed shares the scheduler with the rest of
	 * the background work.
	 */
	private void tick() {
		synchronized (this.lock) {
			if (!this.running) {
				return;
			}
			try {
				SlotReader reader = (this.reader != null) ? this.reader : takeSlot();
				if (reader != null && reader.read(System.nanoTime() + READ_TIME.toNanos())) {
					// the slot must be free to be skipped ahead
					release();
					skipAhead();
				}
			}
			catch (CacheUnavailableException ex) {
				release();
				fail("Redis did not take the updates of the change feed; another instance may take over", ex);
			}
			catch (SQLException ex) {
				release();
				if (isSlotGone(ex)) {
					recreate(ex);
				}
				else {
					fail("The change feed of replication slot " + this.slot.name() + " stopped: " + ex.getMessage(),
							ex);
				}
			}
			catch (RuntimeException ex) {
				release();
				fail("The change feed of replication slot " + this.slot.name() + " stopped: " + ex.getMessage(), ex);
			}
		}
	}

	/**
	 * Take the slot when it is time to try again, Redis answers and no other instance
	 * reads the slot.
	 * @return the reader of the slot, or {@code null} when this instance did not take it
	 */
	private @Nullable SlotReader takeSlot() throws SQLException {
		if (System.nanoTime() - this.nextAttempt < 0) {
			return null;
		}
		this.nextAttempt = System.nanoTime() + RETRY_PAUSE.toNanos();
		if (!this.store.isAvailable() && !this.store.ping()) {
			return null;
		}
		if (this.invalidationPending) {
			invalidateFollowedCaches();
		}
		Connection connection = this.connector.open(this.silenceTimeout);
		PGReplicationStream stream = open(connection);
		if (stream == null) {
			connection.close();
			return null;
		}
		this.connection = connection;
		// a table a migration created anew has another object id, and left the
		// publication
		this.tables = Map.copyOf(this.slot.prepare(this.followed.get()));
		this.reader = new SlotReader(stream, this.slot,
				new LoggedChanges(this.tables, this.preparation, this.fenceSequence), this.writer, this.status,
				this.maxLagBytes, () -> this.running);
		this.status.following(true);
		this.status.failed(null);
		logger.info("Following the change feed of replication slot " + this.slot.name());
		return this.reader;
	}

	/**
	 * Let go of the slot, without confirming anything more: the next follower reads the
	 * changes that are not confirmed again.
	 */
	private void release() {
		Connection connection = this.connection;
		this.connection = null;
		this.reader = null;
		this.status.following(false);
		this.nextAttempt = System.nanoTime() + RETRY_PAUSE.toNanos();
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				logger.debug("Could not close the change feed's replication connection", ex);
			}
		}
	}

	/**
	 * Whether the slot or its publication no longer exists, or PostgreSQL gave up on the
	 * slot: the changes it held are lost.
	 */
	private static boolean isSlotGone(SQLException ex) {
		String message = String.valueOf(ex.getMessage());
		return "42704".equals(ex.getSQLState()) || message.contains("can no longer get changes from replication slot")
				|| message.contains("this slot has been invalidated");
	}

	/**
	 * Create the slot anew and invalidate the followed caches, in that order, as a skip
	 * ahead does: the changes between the old slot's position and the new one are lost.
	 */
	private void recreate(SQLException cause) {
		try {
			this.tables = Map.copyOf(this.slot.recreate(this.followed.get()));
			List<EntityCache> caches = invalidateFollowedCaches();
			logger.warn("Replication slot " + this.slot.name() + " was gone (" + cause.getMessage()
					+ "): created it anew and invalidated caches " + caches.stream().map(EntityCache::name).toList());
		}
		catch (RuntimeException ex) {
			fail("Could not create replication slot " + this.slot.name() + " anew: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Invalidate every followed cache; until Redis took it, this instance invalidates
	 * them again before it follows the slot.
	 */
	private List<EntityCache> invalidateFollowedCaches() {
		this.invalidationPending = true;
		List<EntityCache> caches = this.tables.values().stream().map(FollowedTable::cache).distinct().toList();
		this.writer.apply(new CacheUpdates(List.of(), caches));
		this.invalidationPending = false;
		return caches;
	}

	private @Nullable PGReplicationStream open(Connection connection) throws SQLException {
		try {
			return connection.unwrap(PGConnection.class)
				.getReplicationAPI()
				.replicationStream()
				.logical()
				.withSlotName(this.slot.name())
				.withSlotOption("proto_version", 1)
				.withSlotOption("publication_names", this.slot.name())
				.withStatusInterval((int) Math.max(1, this.silenceTimeout.toMillis() / 4), TimeUnit.MILLISECONDS)
				.start();
		}
		catch (SQLException ex) {
			if ("55006".equals(ex.getSQLState())) {
				// another instance reads the slot
				return null;
			}
			throw ex;
		}
	}

	/**
	 * Drop the changes the slot holds and invalidate the followed caches: after the skip,
	 * so that no entry filled before it outlives a dropped change.
	 */
	private void skipAhead() throws SQLException {
		for (int attempt = 0;; attempt++) {
			try {
				this.slot.skipAhead();
				break;
			}
			catch (SQLException ex) {
				// the server may not have let go of the slot yet
				if (attempt == 20 || !"55006".equals(ex.getSQLState()) || !pause(Duration.ofMillis(250))) {
					throw ex;
				}
			}
		}
		List<EntityCache> caches = invalidateFollowedCaches();
		this.status.skipped();
		logger.warn("The change feed fell more than write-through.change-feed.max-lag behind: skipped replication slot "
				+ this.slot.name() + " ahead and invalidated caches "
				+ caches.stream().map(EntityCache::name).toList());
	}

	private void fail(String description, Exception ex) {
		boolean first = this.status.lastFailure() == null;
		this.status.failed(description);
		if (first && this.running) {
			logger.warn(description, ex);
		}
		else {
			logger.debug(description, ex);
		}
	}

	private boolean pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
			return this.running;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
