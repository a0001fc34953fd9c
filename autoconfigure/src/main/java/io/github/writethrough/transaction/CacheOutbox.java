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

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.writethrough.store.CacheRepairs;
import io.github.writethrough.store.CacheUnavailableException;
import io.github.writethrough.store.RedisEntryStore;
import jakarta.persistence.EntityManagerFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * A durable record, in the database, of the caches that committed transactions are about
 * to update, so that a crash between the commit and the cache update cannot leave stale
 * entries behind.
 * <p>
 * A transaction that updates cached entities inserts one row per cache in the same
 * database transaction. Once Redis has taken the updates, the rows are deleted in the
 * background. Rows that are older than {@code replayAfter}, and every row found at
 * startup, belong to updates that may never have reached Redis: their caches are
 * invalidated as a whole, which is one command however many entries they hold, and the
 * rows are deleted.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public class CacheOutbox implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(CacheOutbox.class);

	private static final int BATCH = 500;

	private final SessionFactoryImplementor sessionFactory;

	private final RedisEntryStore store;

	private final String table;

	private final Duration replayAfter;

	private final ConcurrentLinkedQueue<String> completed = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean failing = new AtomicBoolean();

	private @Nullable ScheduledExecutorService executor;

	/**
	 * Create a new outbox.
	 * @param entityManagerFactory the persistence unit whose database holds the outbox
	 * @param store the store that invalidates caches on replay
	 * @param table the name of the outbox table, created at startup when missing
	 * @param replayAfter how old a row must be before its caches are invalidated while
	 * running
	 */
	public CacheOutbox(EntityManagerFactory entityManagerFactory, RedisEntryStore store, String table,
			Duration replayAfter) {
		Assert.notNull(entityManagerFactory, "entityManagerFactory must not be null");
		Assert.notNull(store, "store must not be null");
		Assert.isTrue(table.matches("[A-Za-z_][A-Za-z0-9_.]*"), () -> "Invalid outbox table name '" + table + "'");
		Assert.isTrue(replayAfter.toMillis() > 0, "replayAfter must be at least 1ms");
		this.sessionFactory = entityManagerFactory.unwrap(SessionFactoryImplementor.class);
		this.store = store;
		this.table = table;
		this.replayAfter = replayAfter;
	}

	/**
	 * Record, in the current transaction, that the caches of the given epoch keys are
	 * about to be updated.
	 * @param session the session of the transaction
	 * @param epochKeys the epoch keys of the caches
	 * @return the ids of the rows, to pass to {@link #completed(Collection)}
	 */
	List<String> record(SharedSessionContractImplementor session, Collection<byte[]> epochKeys) {
		List<String> ids = new ArrayList<>(epochKeys.size());
		Timestamp now = Timestamp.from(Instant.now());
		session.doWork((connection) -> {
			try (PreparedStatement insert = connection
				.prepareStatement("insert into " + this.table + " (id, epoch_key, created_at) values (?, ?, ?)")) {
				for (byte[] epochKey : epochKeys) {
					String id = UUID.randomUUID().toString();
					insert.setString(1, id);
					insert.setString(2, new String(epochKey, StandardCharsets.UTF_8));
					insert.setTimestamp(3, now);
					insert.addBatch();
					ids.add(id);
				}
				insert.executeBatch();
			}
		});
		return ids;
	}

	/**
	 * Mark rows as done: Redis took the updates they stand for.
	 * @param ids the ids of the rows
	 */
	void completed(Collection<String> ids) {
		this.completed.addAll(ids);
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		AutoCommitWork.run(this.sessionFactory, this::createTableIfMissing);
		replay(Instant.now().plusSeconds(1));
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "write-through-outbox");
			thread.setDaemon(true);
			return thread;
		});
		this.executor.scheduleWithFixedDelay(() -> logFailure(this::deleteCompleted), 1, 1, TimeUnit.SECONDS);
		long replayMillis = Math.max(this.replayAfter.toMillis() / 2, 1);
		this.executor.scheduleWithFixedDelay(() -> logFailure(() -> replay(Instant.now().minus(this.replayAfter))),
				replayMillis, replayMillis, TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
			deleteCompleted();
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	/**
	 * Stop after the web server and after the repairs, which wait for updates in flight,
	 * so that rows of requests that drain at shutdown are still deleted.
	 */
	@Override
	public int getPhase() {
		return CacheRepairs.SHUTDOWN_PHASE - 1;
	}

	/**
	 * Invalidate the caches of the rows created before the given time, and delete the
	 * rows.
	 * @param before the time
	 */
	void replay(Instant before) {
		List<String> ids = new ArrayList<>();
		Set<String> epochKeys = new LinkedHashSet<>();
		AutoCommitWork.run(this.sessionFactory, (connection) -> {
			try (PreparedStatement select = connection
				.prepareStatement("select id, epoch_key from " + this.table + " where created_at < ?")) {
				select.setTimestamp(1, Timestamp.from(before));
				select.setMaxRows(10 * BATCH);
				try (ResultSet rows = select.executeQuery()) {
					while (rows.next()) {
						ids.add(rows.getString(1));
						epochKeys.add(rows.getString(2));
					}
				}
			}
		});
		if (ids.isEmpty()) {
			return;
		}
		try {
			this.store.write(List.of(), epochKeys.stream().map((key) -> key.getBytes(StandardCharsets.UTF_8)).toList(),
					List.of());
		}
		catch (CacheUnavailableException ex) {
			logger.debug("Outbox not replayed: Redis is unavailable", ex);
			return;
		}
		AutoCommitWork.run(this.sessionFactory, (connection) -> delete(connection, ids));
		logger.warn("Cache updates of " + ids.size() + " committed transactions may not have reached Redis; "
				+ "invalidated the caches " + epochKeys);
	}

	private void logFailure(Runnable task) {
		try {
			task.run();
			this.failing.set(false);
		}
		catch (RuntimeException ex) {
			if (this.failing.compareAndSet(false, true)) {
				logger.warn("Outbox maintenance failed; it is tried again", ex);
			}
		}
	}

	private void deleteCompleted() {
		List<String> ids = new ArrayList<>();
		for (String id = this.completed.poll(); id != null; id = this.completed.poll()) {
			ids.add(id);
		}
		if (!ids.isEmpty()) {
			AutoCommitWork.run(this.sessionFactory, (connection) -> delete(connection, ids));
		}
	}

	private void delete(Connection connection, List<String> ids) throws SQLException {
		try (PreparedStatement delete = connection.prepareStatement("delete from " + this.table + " where id = ?")) {
			for (String id : ids) {
				delete.setString(1, id);
				delete.addBatch();
			}
			delete.executeBatch();
		}
	}

	private void createTableIfMissing(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("create table if not exists " + this.table
					+ " (id varchar(36) primary key, epoch_key varchar(1000) not null, created_at timestamp not null)");
		}
	}

}
