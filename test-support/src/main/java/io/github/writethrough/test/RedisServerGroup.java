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
import java.time.Duration;
import java.util.List;

import io.lettuce.core.KillArgs;

/**
 * Redis servers of a group with failover, a Cluster's nodes or the servers a Sentinel
 * group monitors, that a test can kill, restart and cut off from each other to make a
 * master fail over.
 *
 * @author Write-Through contributors
 */
public abstract class RedisServerGroup {

	private final List<RedisProcess> servers;

	RedisServerGroup(List<RedisProcess> servers) {
		this.servers = servers;
	}

	/**
	 * Return the ports of the replicas of a master.
	 * @param masterPort the master's port
	 * @return the replicas' ports
	 */
	public abstract List<Integer> replicasOf(int masterPort);

	/**
	 * Wait until the group is healthy again: a running master for every key, and the
	 * running servers its replicas.
	 * @param timeout how long to wait at most
	 */
	public abstract void awaitHealthy(Duration timeout);

	/**
	 * Wait until the replicas of a master have everything the master took.
	 * @param masterPort the master's port
	 * @param timeout how long to wait at most
	 */
	public void awaitReplicasInSync(int masterPort, Duration timeout) {
		Waiting.until(() -> {
			long offset = replicationOffset(masterPort, "master_repl_offset:");
			List<Integer> replicas = replicasOf(masterPort);
			return !replicas.isEmpty() && replicas.stream()
				.allMatch((replica) -> replicationOffset(replica, "slave_repl_offset:") >= offset);
		}, timeout, "The replicas of the master on port " + masterPort + " catching up");
	}

	private static long replicationOffset(int port, String field) {
		String replication = TestRedis.withCommands(EmbeddedServers.LOOPBACK, port,
				(commands) -> commands.info("replication"));
		return replication.lines()
			.filter((line) -> line.startsWith(field))
			.mapToLong((line) -> Long.parseLong(line.substring(field.length()).trim()))
			.findFirst()
			.orElse(-1);
	}

	/**
	 * Cut a master's replicas off: stop their processes, then close the master's
	 * connections to them, so that what the master takes from then on reaches no replica
	 * until they are resumed, and never if the master dies first.
	 * @param masterPort the master's port
	 */
	public void cutOffReplicas(int masterPort) {
		replicasOf(masterPort).forEach((replica) -> server(replica).freeze(true));
		TestRedis.withCommands(EmbeddedServers.LOOPBACK, masterPort,
				(commands) -> commands.clientKill(KillArgs.Builder.typeSlave()));
	}

	/**
	 * Resume every server stopped by {@link #cutOffReplicas(int)}.
	 */
	public void resumeReplicas() {
		this.servers.stream().filter(RedisProcess::isAlive).forEach((server) -> server.freeze(false));
	}

	/**
	 * Kill a server at once, as a crash would.
	 * @param port the server's port
	 */
	public void kill(int port) {
		server(port).kill();
	}

	/**
	 * Start a killed server again; it comes back as a replica of the master that took its
	 * place.
	 * @param port the server's port
	 */
	public void restart(int port) {
		try {
			server(port).restart();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not restart the server on port " + port, ex);
		}
	}

	List<RedisProcess> servers() {
		return this.servers;
	}

	RedisProcess server(int port) {
		return this.servers.stream()
			.filter((server) -> server.port() == port)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No server on port " + port));
	}

}
