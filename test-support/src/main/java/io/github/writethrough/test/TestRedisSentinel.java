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
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;

import org.springframework.util.FileSystemUtils;

/**
 * A Redis master with two replicas under three sentinels, all {@code redis-server}
 * processes of the {@code PATH} on loopback ports. A test can kill the master and wait
 * until the sentinels have promoted a replica.
 *
 * @author Write-Through contributors
 */
public final class TestRedisSentinel extends RedisServerGroup {

	/**
	 * Name of the master that the sentinels monitor.
	 */
	public static final String MASTER_NAME = "write-through";

	private static final String DIRECTORY_PREFIX = "wt-redis-sentinel";

	private final Path directory;

	private final List<RedisProcess> sentinels;

	private TestRedisSentinel(Path directory, List<RedisProcess> servers, List<RedisProcess> sentinels) {
		super(servers);
		this.directory = directory;
		this.sentinels = sentinels;
	}

	/**
	 * Start the group from the {@code redis-server} of the {@code PATH}.
	 * @return the group
	 * @throws IllegalStateException when it does not start
	 */
	static TestRedisSentinel start() {
		try {
			ServerDirectories.removeAbandoned(DIRECTORY_PREFIX);
			Path directory = Files.createTempDirectory(DIRECTORY_PREFIX);
			ServerDirectories.claim(directory);
			TestRedisSentinel group = new TestRedisSentinel(directory, new ArrayList<>(), new ArrayList<>());
			try {
				int master = EmbeddedServers.freePort();
				group.servers().add(RedisProcess.start(directory, master, serverSettings()));
				for (int i = 0; i < 2; i++) {
					List<String> replica = new ArrayList<>(serverSettings());
					replica.addAll(List.of("--replicaof", EmbeddedServers.LOOPBACK, Integer.toString(master)));
					group.servers().add(RedisProcess.start(directory, EmbeddedServers.freePort(), replica));
				}
				for (int i = 0; i < 3; i++) {
					int port = EmbeddedServers.freePort();
					Path configuration = directory.resolve("sentinel-" + port + ".conf");
					Files.writeString(configuration,
							"sentinel monitor " + MASTER_NAME + " " + EmbeddedServers.LOOPBACK + " " + master
									+ " 2\nsentinel down-after-milliseconds " + MASTER_NAME
									+ " 1000\nsentinel failover-timeout " + MASTER_NAME + " 5000\n");
					group.sentinels
						.add(RedisProcess.start(directory, port, List.of(configuration.toString(), "--sentinel")));
				}
				group.awaitHealthy(Duration.ofSeconds(30));
				return group;
			}
			catch (IOException | RuntimeException ex) {
				group.stop();
				throw ex;
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start Redis Sentinel: " + ex.getMessage(), ex);
		}
	}

	private static List<String> serverSettings() {
		return List.of("--save", "", "--appendonly", "no", "--repl-diskless-sync-delay", "0");
	}

	/**
	 * Return the Spring properties that point an application at the sentinels.
	 * @return the properties
	 */
	public SpringProperties springProperties() {
		return SpringProperties
			.of(Map.of("spring.data.redis.sentinel.master", MASTER_NAME, "spring.data.redis.sentinel.nodes",
					String.join(",", this.sentinels.stream().map(RedisProcess::address).toList())));
	}

	/**
	 * Return the port of the master, as the sentinels see it.
	 * @return the port
	 */
	public int masterPort() {
		for (RedisProcess sentinel : this.sentinels) {
			RedisClient client = RedisClient.create(RedisURI.create(EmbeddedServers.LOOPBACK, sentinel.port()));
			try (StatefulRedisSentinelConnection<String, String> connection = client.connectSentinel()) {
				return ((InetSocketAddress) connection.sync().getMasterAddrByName(MASTER_NAME)).getPort();
			}
			catch (RuntimeException ex) {
				// ask the next sentinel
			}
			finally {
				client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			}
		}
		throw new IllegalStateException("No sentinel answers");
	}

	/**
	 * Return the ports of the running servers other than the master: the sentinels make
	 * them its replicas.
	 * @param masterPort the master's port
	 * @return the replicas' ports
	 */
	@Override
	public List<Integer> replicasOf(int masterPort) {
		return servers().stream()
			.filter((server) -> server.port() != masterPort && server.isAlive())
			.map(RedisProcess::port)
			.toList();
	}

	/**
	 * Wait until the sentinels name a master that runs, and every other running server is
	 * its replica, in sync.
	 * @param timeout how long to wait at most
	 */
	@Override
	public void awaitHealthy(Duration timeout) {
		Waiting.until(this::isHealthy, timeout, "Redis Sentinel becoming healthy");
	}

	private boolean isHealthy() {
		int master;
		try {
			master = masterPort();
		}
		catch (IllegalStateException ex) {
			return false;
		}
		for (RedisProcess server : servers()) {
			if (server.isAlive()) {
				String replication = replication(server.port());
				boolean healthy = (server.port() == master) ? replication.contains("role:master")
						: replication.contains("master_port:" + master)
								&& replication.contains("master_link_status:up");
				if (!healthy) {
					return false;
				}
			}
		}
		return server(master).isAlive();
	}

	private static String replication(int port) {
		try {
			return TestRedis.withCommands(EmbeddedServers.LOOPBACK, port, (commands) -> commands.info("replication"));
		}
		catch (RuntimeException ex) {
			return "";
		}
	}

	/**
	 * Stop every server and sentinel, and remove their files.
	 */
	void stop() {
		this.sentinels.forEach(RedisProcess::kill);
		servers().forEach(RedisProcess::kill);
		FileSystemUtils.deleteRecursively(this.directory.toFile());
	}

}
