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

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

/**
 * The masters of a Redis Cluster as the client's topology lists them, and commands sent
 * to one of them.
 *
 * @author Write-Through contributors
 */
final class ClusterNodes {

	private ClusterNodes() {
	}

	/**
	 * Whether a node is a master that serves slots, rather than a replica or a failed
	 * master the topology still lists.
	 */
	static boolean servesSlots(Partitions partitions, String nodeId) {
		RedisClusterNode node = partitions.getPartitionByNodeId(nodeId);
		return node != null && node.getRole().isUpstream() && !node.hasNoSlots();
	}

	/**
	 * Return the masters that have not failed, with or without slots: a master that takes
	 * slots over serves their keys while they migrate.
	 */
	static List<RedisClusterNode> liveMasters(Partitions partitions) {
		return partitions.getPartitions()
			.stream()
			.filter((node) -> node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.is(RedisClusterNode.NodeFlag.FAIL)
					&& !node.is(RedisClusterNode.NodeFlag.HANDSHAKE) && !node.is(RedisClusterNode.NodeFlag.NOADDR))
			.toList();
	}

	/**
	 * Return the node ids of the masters that serve slots, sorted, leaving out some.
	 */
	static List<String> mastersExcept(Partitions partitions, List<String> nodeIds) {
		return partitions.getPartitions()
			.stream()
			.map(RedisClusterNode::getNodeId)
			.filter((nodeId) -> servesSlots(partitions, nodeId) && !nodeIds.contains(nodeId))
			.sorted()
			.toList();
	}

	/**
	 * Send a command to one node, connecting to it without blocking the caller.
	 */
	static <T> CompletableFuture<T> onNode(RedisAdvancedClusterAsyncCommands<byte[], byte[]> cluster, String nodeId,
			Function<RedisAsyncCommands<byte[], byte[]>, RedisFuture<T>> command) {
		return cluster.getStatefulConnection()
			.getConnectionAsync(nodeId)
			.thenCompose((connection) -> command.apply(connection.async()).toCompletableFuture());
	}

}
