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

package io.github.writethrough.jpa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.github.writethrough.transaction.OutboxTable;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

import org.springframework.util.Assert;

/**
 * The outbox table in the database of a persistence unit, written in the transactions of
 * its sessions and maintained on connections of its own.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class JdbcOutboxTable implements OutboxTable {

	private final SessionFactoryImplementor sessionFactory;

	private final String table;

	/**
	 * Create a new instance.
	 * @param entityManagerFactory the persistence unit whose database holds the table
	 * @param table the name of the table
	 */
	public JdbcOutboxTable(EntityManagerFactory entityManagerFactory, String table) {
		Assert.notNull(entityManagerFactory, "entityManagerFactory must not be null");
		Assert.isTrue(table.matches("[A-Za-z_][A-Za-z0-9_.]*"), () -> "Invalid outbox table name '" + table + "'");
		this.sessionFactory = entityManagerFactory.unwrap(SessionFactoryImplementor.class);
		this.table = table;
	}

	/**
	 * Write one row per cache in the current transaction of a session.
	 * @param session the session
	 * @param epochKeys the epoch keys of the caches
	 * @return the ids of the rows
	 */
	List<String> insert(SharedSessionContractImplementor session, Collection<String> epochKeys) {
		List<String> ids = new ArrayList<>(epochKeys.size());
		Timestamp now = Timestamp.from(Instant.now());
		session.doWork((connection) -> {
			try (PreparedStatement insert = connection
				.prepareStatement("insert into " + this.table + " (id, epoch_key, created_at) values (?, ?, ?)")) {
				for (String epochKey : epochKeys) {
					String id = UUID.randomUUID().toString();
					insert.setString(1, id);
					insert.setString(2, epochKey);
					insert.setTimestamp(3, now);
					insert.addBatch();
					ids.add(id);
				}
				insert.executeBatch();
			}
		});
		return ids;
	}

	@Override
	public void createIfMissing() {
		AutoCommitWork.run(this.sessionFactory, (connection) -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute("create table if not exists " + this.table
						+ " (id varchar(36) primary key, epoch_key varchar(1000) not null, created_at timestamp not null)");
			}
		});
	}

	@Override
	public List<Row> createdBefore(Instant before, int max) {
		List<Row> rows = new ArrayList<>();
		AutoCommitWork.run(this.sessionFactory, (connection) -> {
			try (PreparedStatement select = connection
				.prepareStatement("select id, epoch_key from " + this.table + " where created_at < ?")) {
				select.setTimestamp(1, Timestamp.from(before));
				select.setMaxRows(max);
				try (ResultSet result = select.executeQuery()) {
					while (result.next()) {
						rows.add(new Row(result.getString(1), result.getString(2)));
					}
				}
			}
		});
		return rows;
	}

	@Override
	public void delete(Collection<String> ids) {
		AutoCommitWork.run(this.sessionFactory, (connection) -> delete(connection, ids));
	}

	private void delete(Connection connection, Collection<String> ids) throws SQLException {
		try (PreparedStatement delete = connection.prepareStatement("delete from " + this.table + " where id = ?")) {
			for (String id : ids) {
				delete.setString(1, id);
				delete.addBatch();
			}
			delete.executeBatch();
		}
	}

}
