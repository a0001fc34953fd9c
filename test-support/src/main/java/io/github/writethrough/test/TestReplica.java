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

package io.github.writethrough.test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.util.FileSystemUtils;

/**
 * A streaming replica of the test PostgreSQL: a copy of the server that a second server
 * of this machine, on a port of its own, keeps replaying from the primary.
 * {@link #applyDelay(Duration)} holds back the replay of each commit, so that the
 * replica's lag is certain.
 *
 * @author Write-Through contributors
 */
public final class TestReplica {

	private static final Duration PROBE_WAIT = Duration.ofMillis(200);

	private static final String[] HOT_STANDBY_SETTINGS = { "max_connections", "max_worker_processes", "max_wal_senders",
			"max_prepared_transactions", "max_locks_per_transaction" };

	private static final String DIRECTORY_PREFIX = "wt-replica";

	private final TestPostgres primary;

	private final PostgresBinaries binaries;

	private final Path directory;

	private final int port;

	private TestReplica(TestPostgres primary, PostgresBinaries binaries, Path directory, int port) {
		this.primary = primary;
		this.binaries = binaries;
		this.directory = directory;
		this.port = port;
	}

	/**
	 * Start a replica of a server, from the server programs of its major version: with
	 * {@code pg_basebackup} where this machine has it, otherwise, for a server of this
	 * machine whose data folder the tests can read (the embedded PostgreSQL), with a copy
	 * of that folder and the server's own programs.
	 * @param primary the server
	 * @return the replica, or empty when this machine has no programs to start it with
	 * @throws IllegalStateException when the programs are there but the replica does not
	 * start, for example because the server refuses replication connections
	 */
	public static Optional<TestReplica> start(TestPostgres primary) {
		try (Connection connection = primary.connect(); Statement statement = connection.createStatement()) {
			int major = queryInt(statement, "show server_version_num") / 10000;
			StringBuilder settings = new StringBuilder();
			for (String setting : HOT_STANDBY_SETTINGS) {
				settings.append(setting).append(" = ").append(queryInt(statement, "show " + setting)).append('\n');
			}
			Optional<PostgresBinaries> withBaseBackup = PostgresBinaries.find(major);
			if (withBaseBackup.isPresent()) {
				PostgresBinaries binaries = withBaseBackup.get();
				return Optional
					.of(start(primary, binaries, settings.toString(), (data) -> baseBackup(primary, binaries, data)));
			}
			Path source = Path.of(queryString(statement, "show data_directory"));
			Path programs = serverPrograms(statement);
			if (major < 15 || programs == null || !isServedOnThisMachine(source, primary)) {
				return Optional.empty();
			}
			PostgresBinaries binaries = new PostgresBinaries(programs, Files.getOwner(source).getName());
			return Optional.of(start(primary, binaries, settings.toString(), (data) -> {
				DataDirectoryCopy.copy(connection, source, data, binaries);
				binaries.writeFile(data.resolve("standby.signal"), "");
				Files.writeString(data.resolve("postgresql.auto.conf"),
						"primary_conninfo = '" + conninfo(primary) + "'\n", StandardOpenOption.APPEND);
			}));
		}
		catch (SQLException | IOException | RuntimeException ex) {
			throw new IllegalStateException("Could not start a replica of " + primary.jdbcUrl() + ": " + ex.getMessage()
					+ ". The server must accept replication connections from 127.0.0.1: a line 'host replication all 127.0.0.1/32 trust' in its pg_hba.conf.",
					ex);
		}
	}

	private static TestReplica start(TestPostgres primary, PostgresBinaries binaries, String settings,
			DataCopy dataCopy) throws IOException, SQLException {
		ServerDirectories.removeAbandoned(DIRECTORY_PREFIX);
		Path directory = binaries.createDirectory(DIRECTORY_PREFIX);
		ServerDirectories.claim(directory);
		TestReplica replica = new TestReplica(primary, binaries, directory, EmbeddedServers.freePort());
		try {
			Path data = directory.resolve("data");
			dataCopy.make(data);
			binaries.writeFile(data.resolve("postgresql.conf"),
					"port = " + replica.port + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '"
							+ directory + "'\nhot_standby = on\n" + settings
							+ "include_if_exists = 'apply-delay.conf'\n");
			binaries.writeFile(data.resolve("pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n");
			replica.applyDelayFile(Duration.ZERO);
			binaries.run("pg_ctl", "-D", data.toString(), "-l", directory.resolve("replica.log").toString(), "-w",
					"start");
			return replica;
		}
		catch (IOException | SQLException | RuntimeException ex) {
			replica.stop();
			throw ex;
		}
	}

	private static void baseBackup(TestPostgres primary, PostgresBinaries binaries, Path data) throws IOException {
		URI server = server(primary);
		binaries.run(Map.of("PGPASSWORD", primary.password()), "pg_basebackup", "-h", server.getHost(), "-p",
				Integer.toString(port(server)), "-U", primary.username(), "-D", data.toString(), "-R", "-X", "stream",
				"-c", "fast", "-w");
	}

	/**
	 * Return the folder of the programs of a server on this machine: that of the program
	 * its backend process runs, on Linux.
	 */
	private static @Nullable Path serverPrograms(Statement statement) throws SQLException {
		Path program = Path.of("/proc", queryString(statement, "select pg_backend_pid()"), "exe");
		try {
			Path programs = program.toRealPath().getParent();
			return Files.isExecutable(programs.resolve("pg_ctl")) ? programs : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * Tell whether a data folder is readable here and belongs to the server of a URL, not
	 * to another one that the URL reaches in a container.
	 */
	private static boolean isServedOnThisMachine(Path source, TestPostgres primary) throws IOException {
		Path pidFile = source.resolve("postmaster.pid");
		if (!Files.isReadable(pidFile)) {
			return false;
		}
		List<String> lines = Files.readAllLines(pidFile);
		return lines.size() > 3 && lines.get(3).trim().equals(Integer.toString(port(server(primary))));
	}

	/**
	 * Return the connection string of the primary, quoted for {@code postgresql.conf}.
	 */
	private static String conninfo(TestPostgres primary) {
		URI server = server(primary);
		String conninfo = "host=" + server.getHost() + " port=" + port(server) + " user=" + primary.username()
				+ " password='" + primary.password().replace("\\", "\\\\").replace("'", "\\'") + "'";
		return conninfo.replace("'", "''");
	}

	private static URI server(TestPostgres primary) {
		return URI.create(primary.jdbcUrl().substring("jdbc:".length()));
	}

	private static int port(URI server) {
		return (server.getPort() > 0) ? server.getPort() : 5432;
	}

	/**
	 * Return the JDBC URL of the replica, for a schema of the primary.
	 * @param schemaName the name of the schema
	 * @return the URL
	 */
	public String jdbcUrl(String schemaName) {
		return jdbcUrl() + "?currentSchema=" + schemaName;
	}

	/**
	 * Return the user name of the replica, the primary's.
	 * @return the user name
	 */
	public String username() {
		return this.primary.username();
	}

	/**
	 * Return the password of the replica, the primary's.
	 * @return the password
	 */
	public String password() {
		return this.primary.password();
	}

	private String jdbcUrl() {
		URI server = server(this.primary);
		return "jdbc:postgresql://127.0.0.1:" + this.port + server.getPath();
	}

	/**
	 * Connect to the replica.
	 * @return the connection
	 * @throws SQLException when it could not connect
	 */
	public Connection connect() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), username(), password());
	}

	/**
	 * Hold back the replay of each commit by at least a delay, from now on.
	 * @param delay the delay, zero to replay as soon as possible
	 */
	public void applyDelay(Duration delay) {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			applyDelayFile(delay);
			statement.execute("select pg_reload_conf()");
		}
		catch (SQLException | IOException ex) {
			throw new IllegalStateException("Could not change the replica's apply delay", ex);
		}
		if (!delay.isZero()) {
			awaitDelayHeld(delay);
		}
	}

	/**
	 * Wait until the replica's recovery process took the delay: {@code pg_reload_conf()}
	 * only signals it, so a commit right after could still be replayed at once. Commit an
	 * empty transaction on the primary until the replica holds one back.
	 */
	private void awaitDelayHeld(Duration delay) {
		Duration probe = delay.dividedBy(4).compareTo(PROBE_WAIT) < 0 ? delay.dividedBy(4) : PROBE_WAIT;
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		try (Connection primary = this.primary.connect();
				Statement onPrimary = primary.createStatement();
				Connection replica = connect();
				Statement onReplica = replica.createStatement()) {
			while (System.nanoTime() < deadline) {
				primary.setAutoCommit(false);
				onPrimary.execute("select txid_current()");
				primary.commit();
				primary.setAutoCommit(true);
				String position = queryString(onPrimary, "select pg_current_wal_insert_lsn()");
				// "not replayed" means "held back" only once the replica has received it
				while (!"t"
					.equals(queryString(onReplica, "select pg_last_wal_receive_lsn() >= '" + position + "'::pg_lsn"))
						&& System.nanoTime() < deadline) {
					Thread.sleep(10);
				}
				Thread.sleep(probe.toMillis());
				if (!"t"
					.equals(queryString(onReplica, "select pg_last_wal_replay_lsn() >= '" + position + "'::pg_lsn"))) {
					return;
				}
			}
			throw new IllegalStateException("The replica did not hold commits back by " + delay + " within 10s");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not check the replica's apply delay", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the replica", ex);
		}
	}

	private void applyDelayFile(Duration delay) throws IOException {
		this.binaries.writeFile(this.directory.resolve("data").resolve("apply-delay.conf"),
				"recovery_min_apply_delay = '" + delay.toMillis() + "ms'\n");
	}

	/**
	 * Wait until the replica has replayed everything the primary had logged when this
	 * method was called, commits included that the primary has not flushed yet (with
	 * {@code synchronous_commit = off}, as the embedded server runs).
	 * @param timeout how long to wait at most
	 */
	public void awaitReplay(Duration timeout) {
		try (Connection primary = this.primary.connect();
				Statement onPrimary = primary.createStatement();
				Connection replica = connect();
				Statement onReplica = replica.createStatement()) {
			String position = queryString(onPrimary, "select pg_current_wal_insert_lsn()");
			long deadline = System.nanoTime() + timeout.toNanos();
			while (!"t"
				.equals(queryString(onReplica, "select pg_last_wal_replay_lsn() >= '" + position + "'::pg_lsn"))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The replica did not replay " + position + " within " + timeout);
				}
				Thread.sleep(20);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the replica's position", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the replica", ex);
		}
	}

	/**
	 * Stop the replica and remove its files.
	 */
	public void stop() {
		try {
			this.binaries.run("pg_ctl", "-D", this.directory.resolve("data").toString(), "-m", "immediate", "stop");
		}
		catch (IOException ex) {
			// already stopped; its files go all the same
		}
		FileSystemUtils.deleteRecursively(this.directory.toFile());
	}

	private static int queryInt(Statement statement, String sql) throws SQLException {
		return Integer.parseInt(queryString(statement, sql));
	}

	private static String queryString(Statement statement, String sql) throws SQLException {
		try (ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

	/**
	 * Makes the data folder of the replica.
	 */
	@FunctionalInterface
	private interface DataCopy {

		void make(Path data) throws IOException, SQLException;

	}

}
