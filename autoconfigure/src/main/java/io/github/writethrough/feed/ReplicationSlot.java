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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import io.github.writethrough.WriteThroughConfigurationException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;

/**
 * The replication slot and the publication the change feed reads, in the database of the
 * application: creates them when missing, says what keeps the server from providing them,
 * and measures and cuts the slot's lag.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class ReplicationSlot {

	private static final Log logger = LogFactory.getLog(ReplicationSlot.class);

	private final DataSource dataSource;

	private final String name;

	/**
	 * Create a new instance.
	 * @param dataSource the application's database
	 * @param name the name of the slot, and of the publication
	 */
	public ReplicationSlot(DataSource dataSource, String name) {
		Assert.notNull(dataSource, "dataSource must not be null");
		Assert.isTrue(name.matches("[a-z0-9_]{1,63}"),
				() -> "Slot name '" + name + "' must be 1 to 63 lower-case letters, digits or underscores");
		this.dataSource = dataSource;
		this.name = name;
	}

	/**
	 * Return the name of the slot and of the publication.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Check that the database can provide the change feed, and create the publication of
	 * the given tables and the slot where they are missing.
	 * @param tables the tables to follow
	 * @return the tables by their object ids
	 * @throws WriteThroughConfigurationException if the database cannot provide the feed
	 */
	public Map<Integer, FollowedTable> prepare(List<FollowedTable> tables) {
		try (Connection connection = this.dataSource.getConnection()) {
			String product = connection.getMetaData().getDatabaseProductName();
			if (!"PostgreSQL".equals(product)) {
				throw new WriteThroughConfigurationException(
						"write-through.change-feed.enabled is true, but the database is " + product
								+ ": the change feed reads PostgreSQL's logical replication only",
						"Set write-through.change-feed.enabled=false. Following MySQL's binlog is future work.");
			}
			checkWalLevel(connection);
			Map<Integer, FollowedTable> byOid = new HashMap<>();
			List<String> names = new ArrayList<>();
			for (FollowedTable table : tables) {
				try (PreparedStatement statement = connection.prepareStatement(
						"select c.oid, c.oid::regclass::text from pg_class c where c.oid = to_regclass(?)")) {
					statement.setString(1, table.table());
					try (ResultSet result = statement.executeQuery()) {
						if (!result.next()) {
							throw new WriteThroughConfigurationException(
									"Table " + table.table() + " of cache '" + table.cache().name()
											+ "' does not exist, so the change feed cannot follow it",
									"Create the table before the application starts, or let Hibernate create it.");
						}
						byOid.put(result.getInt(1), table);
						names.add(result.getString(2));
					}
				}
			}
			preparePublication(connection, names);
			prepareSlot(connection);
			return byOid;
		}
		catch (SQLException ex) {
			throw new WriteThroughConfigurationException(
					"Could not prepare the change feed's slot '" + this.name + "': " + ex.getMessage(),
					"Check that the user of spring.datasource may create publications and replication slots.");
		}
	}

	private void checkWalLevel(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("show wal_level")) {
			result.next();
			String walLevel = result.getString(1);
			if (!"logical".equals(walLevel)) {
				throw new WriteThroughConfigurationException(
						"PostgreSQL's wal_level is '" + walLevel + "', and the change feed needs 'logical'",
						"Run ALTER SYSTEM SET wal_level = logical and restart PostgreSQL (on a managed "
								+ "service, turn on its logical replication setting), or set "
								+ "write-through.change-feed.enabled=false.");
			}
		}
	}

	private void preparePublication(Connection connection, List<String> tables) throws SQLException {
		List<String> missing = new ArrayList<>(tables);
		boolean exists;
		try (PreparedStatement statement = connection.prepareStatement("select p.puballtables, "
				+ "(select array_agg(t.prrelid::regclass::text) from pg_publication_rel t where t.prpubid = p.oid) "
				+ "from pg_publication p where p.pubname = ?")) {
			statement.setString(1, this.name);
			try (ResultSet result = statement.executeQuery()) {
				exists = result.next();
				if (exists && result.getBoolean(1)) {
					return;
				}
				if (exists && result.getArray(2) != null) {
					for (Object table : (Object[]) result.getArray(2).getArray()) {
						missing.remove(table);
					}
				}
			}
		}
		if (exists && missing.isEmpty()) {
			return;
		}
		String list = String.join(", ", missing);
		try (Statement statement = connection.createStatement()) {
			statement.execute(exists ? "alter publication " + this.name + " add table " + list : "create publication "
					+ this.name + " for table " + list + " with (publish_via_partition_root = true)");
			logger.info((exists ? "Added " + list + " to" : "Created") + " publication " + this.name
					+ " for the change feed");
		}
		catch (SQLException ex) {
			throw new WriteThroughConfigurationException(
					"Could not " + (exists ? "add tables to" : "create") + " publication " + this.name
							+ " of the change feed: " + ex.getMessage(),
					"Run the application as the owner of " + list + ", or create the publication as its owner: "
							+ "CREATE PUBLICATION " + this.name + " FOR TABLE " + list + ";");
		}
	}

	private void prepareSlot(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("select coalesce(plugin, '(a physical slot)'), database = current_database() "
					+ "from pg_replication_slots where slot_name = ?")) {
			statement.setString(1, this.name);
			try (ResultSet result = statement.executeQuery()) {
				if (result.next()) {
					if (!"pgoutput".equals(result.getString(1)) || !result.getBoolean(2)) {
						throw new WriteThroughConfigurationException(
								"Replication slot " + this.name + " is not a pgoutput slot of this database (plugin "
										+ result.getString(1)
										+ "), and the change feed reads pgoutput from the application's database",
								"Drop the slot (SELECT pg_drop_replication_slot('" + this.name
										+ "')) or set write-through.change-feed.slot-name to another name.");
					}
					return;
				}
			}
		}
		try (PreparedStatement statement = connection
			.prepareStatement("select pg_create_logical_replication_slot(?, 'pgoutput')")) {
			statement.setString(1, this.name);
			statement.execute();
			logger.info("Created replication slot " + this.name + " for the change feed");
		}
		catch (SQLException ex) {
			throw slotFailure(connection, ex);
		}
	}

	private WriteThroughConfigurationException slotFailure(Connection connection, SQLException ex) throws SQLException {
		String description = "Could not create replication slot " + this.name + ": " + ex.getMessage();
		String state = String.valueOf(ex.getSQLState());
		if (state.equals("42501")) {
			return new WriteThroughConfigurationException(description, "Grant the user the REPLICATION privilege: "
					+ "ALTER ROLE " + connection.getMetaData().getUserName() + " REPLICATION;");
		}
		if (state.equals("53400")) {
			return new WriteThroughConfigurationException(description,
					"Raise max_replication_slots (and restart PostgreSQL), or drop a slot that is no longer used: "
							+ "SELECT slot_name, active FROM pg_replication_slots;");
		}
		return new WriteThroughConfigurationException(description,
				"Check that the database allows logical replication slots (wal_level = logical, "
						+ "max_replication_slots above zero).");
	}

	/**
	 * Create the slot anew, and its publication where it is missing: after someone
	 * dropped the slot, or PostgreSQL gave up on it ({@code max_slot_wal_keep_size}).
	 * Call it only while no one reads the slot.
	 * @param tables the tables to follow
	 * @return the tables by their object ids
	 * @throws WriteThroughConfigurationException if the database cannot provide the feed
	 */
	public Map<Integer, FollowedTable> recreate(List<FollowedTable> tables) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(
						"select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = ?")) {
			statement.setString(1, this.name);
			statement.execute();
		}
		catch (SQLException ex) {
			throw new WriteThroughConfigurationException(
					"Could not drop replication slot " + this.name + " to create it anew: " + ex.getMessage(),
					"Drop it yourself: SELECT pg_drop_replication_slot('" + this.name + "');");
		}
		return prepare(tables);
	}

	/**
	 * Whether a committed transaction is visible to new snapshots. PostgreSQL writes a
	 * commit to the log, where logical decoding may read it, a moment before other
	 * sessions see it, and a synchronous standby's round trip before, so a reader that
	 * found the change's marker may still read the state before it.
	 * @param xid the low 32 bits of the transaction id, as the log gives it
	 * @return whether it is visible
	 * @throws SQLException if the database could not say
	 */
	public boolean isVisible(long xid) throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("select pg_visible_in_snapshot(((("
						+ "(pg_snapshot_xmax(s)::text::bigint >> 32) - case when ? > (pg_snapshot_xmax(s)::text::bigint "
						+ "& 4294967295) then 1 else 0 end) << 32) | ?)::text::xid8, s) from pg_current_snapshot() s")) {
			statement.setLong(1, xid);
			statement.setLong(2, xid);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getBoolean(1);
			}
		}
	}

	/**
	 * Return the oldest transaction id that new snapshots may still see as running: every
	 * committed transaction below it is visible.
	 * @return the full, 64-bit transaction id
	 * @throws SQLException if the database could not say
	 */
	public long visibilityHorizon() throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection
					.prepareStatement("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint");
				ResultSet result = statement.executeQuery()) {
			result.next();
			return result.getLong(1);
		}
	}

	/**
	 * Return how far the slot is behind the database's log.
	 * @return the bytes of log between the slot's confirmed position and the current one,
	 * {@code -1} when the slot does not exist
	 * @throws SQLException if the database could not say
	 */
	public long lagBytes() throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(
						"select pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn) from pg_replication_slots "
								+ "where slot_name = ?")) {
			statement.setString(1, this.name);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() ? result.getLong(1) : -1;
			}
		}
	}

	/**
	 * Move the slot to the current end of the database's log, dropping every change it
	 * held. Call it only while no one reads the slot.
	 * @throws SQLException if the database refused
	 */
	public void skipAhead() throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection
					.prepareStatement("select pg_replication_slot_advance(?, pg_current_wal_lsn())")) {
			statement.setString(1, this.name);
			statement.execute();
		}
	}

	/**
	 * Turn an application name into a slot name: lower case, with every other character
	 * than letters, digits and underscores replaced.
	 * @param applicationName the application's name
	 * @return the slot name
	 */
	public static String nameFor(String applicationName) {
		String name = "write_through_" + applicationName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
		return name.substring(0, Math.min(name.length(), 63));
	}

}
