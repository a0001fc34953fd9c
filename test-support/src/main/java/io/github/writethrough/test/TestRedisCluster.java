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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

import io.lettuce.core.MigrateArgs;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

import org.springframework.util.FileSystemUtils;

/**
 * A Redis Cluster of six {@code redis-server} processes on loopback ports, three masters
 * with a replica each. A test can kill a master, wait for its replica to take over, and
 * start it again. The masters keep serving their slots while another master is down
 * ({@code cluster-require-full-coverage no}), so that what the starter does with a
 * failure of one shard shows.
 *
 * @author Write-Through contributors
 */
public final class TestRedisCluster extends RedisServerGroup {

	private static final String DIRECTORY_PREFIX = "wt-redis-cluster";

	private static final int NODES = 6;

	private static final int CLUSTER_BUS_OFFSET = 10000;

	private final Path directory;

	private TestRedisCluster(Path directory, List<RedisProcess> nodes) {
		super(nodes);
		this.directory = directory;
	}

	/**
	 * Start a cluster from the {@code redis-server} of {@link RedisProcess}.
	 * @return the cluster
	 * @throws IllegalStateException when it does not start
	 */
	static TestRedisCluster start() {
		try {
			ServerDirectories.removeAbandoned(DIRECTORY_PREFIX);
			Path directory = Files.createTempDirectory(DIRECTORY_PREFIX);
			ServerDirectories.claim(directory);
			List<RedisProcess> nodes = new ArrayList<>();
			TestRedisCluster cluster = new TestRedisCluster(directory, nodes);
			try {
				for (int i = 0; i < NODES; i++) {
					int port = freeNodePort();
					nodes.add(RedisProcess.start(directory, port,
							List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
									"--cluster-node-timeout", "1000", "--cluster-replica-validity-factor", "0",
									"--cluster-require-full-coverage", "no", "--repl-diskless-sync-delay", "0",
									"--save", "", "--appendonly", "no")));
				}
				cluster.create();
				cluster.awaitHealthy(Duration.ofSeconds(30));
				return cluster;
			}
			catch (IOException | RuntimeException ex) {
				cluster.stop();
				throw ex;
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start a Redis Cluster: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Return a free port whose cluster bus port, 10000 above it, is free too.
	 */
	private static int freeNodePort() throws IOException {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = EmbeddedServers.freePort();
			if (port + CLUSTER_BUS_OFFSET <= 65535 && isFree(port + CLUSTER_BUS_OFFSET)) {
				return port;
			}
		}
		throw new IOException("No free port with a free cluster bus port");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(EmbeddedServers.LOOPBACK))) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Return the addresses of the nodes, {@code 127.0.0.1:port}.
	 * @return the addresses
	 */
	public List<String> nodes() {
		return servers().stream().map(RedisProcess::address).toList();
	}

	/**
	 * Return the Spring properties that point an application at the cluster.
	 * @return the properties
	 */
	public SpringProperties springProperties() {
		return SpringProperties.of(Map.of("spring.data.redis.cluster.nodes", String.join(",", nodes())));
	}

	/**
	 * Return the port of the master that serves a key now.
	 * @param key the key
	 * @return the master's port
	 */
	public int masterOf(String key) {
		return mastersOf(List.of(key)).get(0);
	}

	/**
	 * Return the ports of the masters that serve keys now.
	 * @param keys the keys
	 * @return the masters' ports, in the order of the keys
	 */
	public List<Integer> mastersOf(List<String> keys) {
		return withPartitions((partitions) -> keys.stream()
			.map((key) -> partitions.getMasterBySlot(SlotHash.getSlot(key)).getUri().getPort())
			.toList());
	}

	/**
	 * Return the ports of the replicas of a master.
	 * @param masterPort the master's port
	 * @return the replicas' ports
	 */
	/**
	 * Move the slot of a key, with the keys it holds, from its master to another, as
	 * resharding does: the slot importing on one and migrating on the other, each key
	 * migrated, then the new owner made known to every master.
	 * @param key a key of the slot
	 * @param toMasterPort the port of the master that takes the slot
	 */
	public void moveSlotOf(String key, int toMasterPort) {
		int slot = SlotHash.getSlot(key);
		int fromMasterPort = masterOf(key);
		String fromId = nodeId(fromMasterPort);
		String toId = nodeId(toMasterPort);
		TestRedis.withCommands(EmbeddedServers.LOOPBACK, toMasterPort,
				(commands) -> commands.clusterSetSlotImporting(slot, fromId));
		TestRedis.withCommands(EmbeddedServers.LOOPBACK, fromMasterPort, (commands) -> {
			commands.clusterSetSlotMigrating(slot, toId);
			List<String> keys = commands.clusterGetKeysInSlot(slot, 100);
			while (!keys.isEmpty()) {
				commands.migrate(EmbeddedServers.LOOPBACK, toMasterPort, 0, 5000, MigrateArgs.Builder.keys(keys));
				keys = commands.clusterGetKeysInSlot(slot, 100);
			}
			return null;
		});
		List<Integer> masters = new ArrayList<>(List.of(toMasterPort, fromMasterPort));
		servers().stream()
			.filter(RedisProcess::isAlive)
			.map(RedisProcess::port)
			.filter((port) -> !masters.contains(port) && isMaster(port))
			.forEach(masters::add);
		masters.forEach((port) -> TestRedis.withCommands(EmbeddedServers.LOOPBACK, port,
				(commands) -> commands.clusterSetSlotNode(slot, toId)));
		Waiting.until(
				() -> servers().stream()
					.filter(RedisProcess::isAlive)
					.allMatch((node) -> TestRedis.withCommands(EmbeddedServers.LOOPBACK, node.port(),
							(commands) -> ClusterPartitionParser.parse(commands.clusterNodes())
								.getMasterBySlot(slot)
								.getNodeId()
								.equals(toId))),
				Duration.ofSeconds(30), "Every node knowing the new master of slot " + slot);
	}

	private static String nodeId(int port) {
		return TestRedis.withCommands(EmbeddedServers.LOOPBACK, port, (commands) -> commands.clusterMyId());
	}

	private static boolean isMaster(int port) {
		return TestRedis.withCommands(EmbeddedServers.LOOPBACK, port,
				(commands) -> commands.info("replication").contains("role:master"));
	}

	@Override
	public List<Integer> replicasOf(int masterPort) {
		return withPartitions((partitions) -> {
			String masterId = partitions.getPartitions()
				.stream()
				.filter((node) -> node.getUri().getPort() == masterPort)
				.findFirst()
				.orElseThrow()
				.getNodeId();
			return partitions.getPartitions()
				.stream()
				.filter((node) -> masterId.equals(node.getSlaveOf()))
				.map((node) -> node.getUri().getPort())
				.toList();
		});
	}

	/**
	 * Wait until every live node sees the cluster as healthy: every slot served by a
	 * master that is up.
	 * @param timeout how long to wait at most
	 */
	@Override
	public void awaitHealthy(Duration timeout) {
		Waiting.until(this::isHealthy, timeout, "The cluster becoming healthy");
	}

	private boolean isHealthy() {
		for (RedisProcess node : servers()) {
			if (node.isAlive() && !isServing(node.port())) {
				return false;
			}
		}
		long replicas = servers().stream().filter(RedisProcess::isAlive).count() - NODES / 2;
		return withPartitions((partitions) -> partitions.getPartitions()
			.stream()
			.filter((node) -> node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty())
			.allMatch((master) -> !master.is(RedisClusterNode.NodeFlag.FAIL)
					&& !master.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL)
					&& server(master.getUri().getPort()).isAlive())
				&& partitions.getPartitions()
					.stream()
					.filter((node) -> node.getSlaveOf() != null && !node.is(RedisClusterNode.NodeFlag.FAIL))
					.count() >= replicas);
	}

	/**
	 * Tell whether a node sees the cluster as healthy, and, when it is a replica, whether
	 * it is in sync with its master.
	 */
	private static boolean isServing(int port) {
		try {
			return TestRedis.withCommands(EmbeddedServers.LOOPBACK, port, (commands) -> {
				String replication = commands.info("replication");
				return commands.clusterInfo().contains("cluster_state:ok")
						&& (replication.contains("role:master") || replication.contains("master_link_status:up"));
			});
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private <T> T withPartitions(Function<Partitions, T> action) {
		RedisProcess live = servers().stream()
			.filter(RedisProcess::isAlive)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No node of the cluster runs"));
		return TestRedis.withCommands(EmbeddedServers.LOOPBACK, live.port(),
				(commands) -> action.apply(ClusterPartitionParser.parse(commands.clusterNodes())));
	}

	/**
	 * Stop every node and remove their files.
	 */
	void stop() {
		servers().forEach(RedisProcess::kill);
		FileSystemUtils.deleteRecursively(this.directory.toFile());
	}

	/**
	 * Make the nodes one cluster, as {@code redis-cli --cluster create --cluster-replicas
	 * 1} does (the embedded {@code redis-server} comes without {@code redis-cli}): the
	 * first half masters of a third of the slots each, the second half their replicas.
	 */
	private void create() {
		RedisProcess first = servers().get(0);
		servers().forEach((node) -> TestRedis.withCommands(EmbeddedServers.LOOPBACK, node.port(),
				(commands) -> commands.clusterMeet(EmbeddedServers.LOOPBACK, first.port())));
		Waiting.until(() -> servers().stream()
			.allMatch((node) -> TestRedis
				.withCommands(EmbeddedServers.LOOPBACK, node.port(), (commands) -> commands.clusterInfo())
				.contains("cluster_known_nodes:" + NODES)), Duration.ofSeconds(30), "The nodes meeting");
		int masters = NODES / 2;
		for (int i = 0; i < masters; i++) {
			int from = SlotHash.SLOT_COUNT * i / masters;
			int to = SlotHash.SLOT_COUNT * (i + 1) / masters;
			int[] slots = IntStream.range(from, to).toArray();
			TestRedis.withCommands(EmbeddedServers.LOOPBACK, servers().get(i).port(),
					(commands) -> commands.clusterAddSlots(slots));
		}
		for (int i = 0; i < masters; i++) {
			String masterId = TestRedis.withCommands(EmbeddedServers.LOOPBACK, servers().get(i).port(),
					(commands) -> commands.clusterMyId());
			int replica = servers().get(masters + i).port();
			Waiting.until(() -> replicate(replica, masterId), Duration.ofSeconds(30),
					"The node on port " + replica + " replicating " + masterId);
		}
	}

	/**
	 * Make a node a replica of a master, once it knows the master.
	 */
	private static boolean replicate(int port, String masterId) {
		return TestRedis.withCommands(EmbeddedServers.LOOPBACK, port, (commands) -> {
			try {
				commands.clusterReplicate(masterId);
				return true;
			}
			catch (RedisCommandExecutionException ex) {
				return false;
			}
		});
	}

}
