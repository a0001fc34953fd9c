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

package io.github.writethrough.store;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.jspecify.annotations.Nullable;

/**
 * Asks the Redis masters who they are and how far their replicas have come, with
 * {@code INFO server} and {@code INFO replication}.
 *
 * @author Write-Through contributors
 */
final class RedisMasters {

	private static final Pattern REPLICA_OFFSET = Pattern.compile(",offset=(\\d+)");

	private RedisMasters() {
	}

	/**
	 * Ask the master of the connection, or each master of a Cluster.
	 * @param commands the commands of the connection
	 * @param replies waits for the replies
	 * @param sentinel whether the connection's master is one of a Sentinel group
	 * @return the masters that answered as masters in time
	 */
	static List<RedisMaster> ask(RedisClusterAsyncCommands<byte[], byte[]> commands, Replies replies,
			boolean sentinel) {
		if (!(commands instanceof RedisAdvancedClusterAsyncCommands<byte[], byte[]> cluster)) {
			RedisFuture<String> server = commands.info("server");
			RedisFuture<String> replication = commands.info("replication");
			RedisMaster master = master(replies.await(server), replies.await(replication), sentinel, null);
			return (master != null) ? List.of(master) : List.of();
		}
		Partitions partitions = cluster.getStatefulConnection().getPartitions();
		Map<RedisClusterNode, List<Future<String>>> asked = new LinkedHashMap<>();
		for (RedisClusterNode node : partitions) {
			if (ClusterNodes.servesSlots(partitions, node.getNodeId())) {
				asked.put(node,
						List.of(ClusterNodes.onNode(cluster, node.getNodeId(),
								(connection) -> connection.info("server")),
								ClusterNodes.onNode(cluster, node.getNodeId(),
										(connection) -> connection.info("replication"))));
			}
		}
		List<RedisMaster> masters = new ArrayList<>();
		asked.forEach((node, info) -> {
			try {
				BitSet slots = new BitSet(SlotHash.SLOT_COUNT);
				node.forEachSlot(slots::set);
				boolean replicated = partitions.stream()
					.anyMatch((replica) -> node.getNodeId().equals(replica.getSlaveOf()));
				RedisMaster master = master(replies.await(info.get(0)), replies.await(info.get(1)), replicated, slots);
				if (master != null) {
					masters.add(master);
				}
			}
			catch (CacheUnavailableException ex) {
				// it did not answer in time: left out
			}
		});
		return masters;
	}

	/**
	 * Read a master from its {@code INFO server} and {@code INFO replication}, or
	 * {@code null} where the server is not a master (any more).
	 */
	private static @Nullable RedisMaster master(String server, String replication, boolean failsOver,
			@Nullable BitSet slots) {
		String runId = null;
		boolean master = false;
		long offset = 0;
		long replicaOffset = -1;
		for (String line : (server + "\n" + replication).split("\\r?\\n")) {
			if (line.startsWith("run_id:")) {
				runId = line.substring("run_id:".length()).trim();
			}
			else if (line.startsWith("role:")) {
				master = line.substring("role:".length()).trim().equals("master");
			}
			else if (line.startsWith("master_repl_offset:")) {
				offset = Long.parseLong(line.substring("master_repl_offset:".length()).trim());
			}
			else if (line.matches("slave\\d+:.*state=online.*")) {
				Matcher replica = REPLICA_OFFSET.matcher(line);
				if (replica.find()) {
					long acknowledged = Long.parseLong(replica.group(1));
					replicaOffset = (replicaOffset < 0) ? acknowledged : Math.min(replicaOffset, acknowledged);
				}
			}
		}
		if (runId == null || !master) {
			return null;
		}
		return new RedisMaster(runId, offset, replicaOffset, failsOver, slots);
	}

}
