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

/**
 * Starts test servers as child processes from binaries on the classpath. Both libraries
 * stop their process when the JVM exits.
 *
 * @author Write-Through contributors
 */
final class EmbeddedServers {

	private static final Log logger = LogFactory.getLog(EmbeddedServers.class);

	static final String LOOPBACK = "127.0.0.1";

	private EmbeddedServers() {
	}

	static TestPostgres startPostgres() {
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setPort(0)
				.setServerConfig("listen_addresses", "localhost")
				.start();
			return new TestPostgres(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", ServerSource.EMBEDDED);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded PostgreSQL", ex);
		}
	}

	static TestRedis startRedis() {
		try {
			int port = freePort();
			RedisServer redis = RedisServer.newRedisServer()
				.port(port)
				.bind(LOOPBACK)
				.setting("save \"\"")
				.setting("appendonly no")
				.soutListener(logger::debug)
				.serrListener(logger::warn)
				.build();
			redis.start();
			return new TestRedis(LOOPBACK, port, ServerSource.EMBEDDED);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded Redis", ex);
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
			return socket.getLocalPort();
		}
	}

}
