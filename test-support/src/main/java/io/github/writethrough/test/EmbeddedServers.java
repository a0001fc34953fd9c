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
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/**
 * Starts PostgreSQL and Redis as child processes from binaries on the classpath, on the
 * loopback interface: the one recipe for the tests and the sample app. Both libraries
 * stop their process when the JVM exits.
 *
 * @author Write-Through contributors
 */
public final class EmbeddedServers {

	private static final Log logger = LogFactory.getLog(EmbeddedServers.class);

	/**
	 * The address the servers listen on.
	 */
	public static final String LOOPBACK = "127.0.0.1";

	private EmbeddedServers() {
	}

	/**
	 * Start PostgreSQL with {@code wal_level=logical}, so that the change feed can follow
	 * it; its data lives in a temporary directory and goes when it stops.
	 * @param port the port, or {@code 0} for a free one
	 * @return the running server
	 */
	public static EmbeddedPostgres startPostgres(int port) {
		try {
			return EmbeddedPostgres.builder()
				.setPort(port)
				.setServerConfig("listen_addresses", "localhost")
				.setServerConfig("wal_level", "logical")
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded PostgreSQL", ex);
		}
	}

	/**
	 * Start Redis, which saves no snapshots.
	 * @param port the port, or {@code 0} for a free one
	 * @param settings further {@code redis.conf} lines, such as {@code appendonly no}
	 * @return the running server
	 */
	public static EmbeddedRedis startRedis(int port, String... settings) {
		try {
			int chosen = (port != 0) ? port : freePort();
			RedisServerBuilder builder = RedisServer.newRedisServer().port(chosen).bind(LOOPBACK).setting("save \"\"");
			for (String setting : settings) {
				builder.setting(setting);
			}
			RedisServer server = builder.soutListener(logger::debug).serrListener(logger::warn).build();
			server.start();
			return new EmbeddedRedis(server, chosen);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded Redis", ex);
		}
	}

	static TestPostgres startPostgres() {
		EmbeddedPostgres postgres = startPostgres(0);
		return new TestPostgres(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", ServerSource.EMBEDDED);
	}

	static TestRedis startRedis() {
		return new TestRedis(LOOPBACK, startRedis(0, "appendonly no").port(), ServerSource.EMBEDDED);
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
			return socket.getLocalPort();
		}
	}

	/**
	 * A running embedded Redis.
	 *
	 * @param server the server
	 * @param port the port it listens on
	 */
	public record EmbeddedRedis(RedisServer server, int port) {

		/**
		 * Stop the server.
		 */
		public void stop() {
			try {
				this.server.stop();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not stop embedded Redis", ex);
			}
		}

		/**
		 * Start the server again on the same port.
		 */
		public void restart() {
			try {
				this.server.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start embedded Redis", ex);
			}
		}

	}

}
