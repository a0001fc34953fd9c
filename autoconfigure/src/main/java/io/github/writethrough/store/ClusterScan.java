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
import java.util.List;

import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import org.jspecify.annotations.Nullable;

/**
 * {@code SCAN} of a Redis Cluster that goes through the masters serving slots one after
 * the other: a failed master the topology still lists is not asked, and a replica that
 * took over during the pass is scanned after the others.
 *
 * @author Write-Through contributors
 */
final class ClusterScan {

	private ClusterScan() {
	}

	/**
	 * Return the next page of a scan.
	 * @param cluster the commands of the Cluster connection
	 * @param replies waits for the reply
	 * @param arguments what to scan for
	 * @param previous the previous page, or {@code null} (or the last page) to start over
	 * @return the page
	 */
	static KeyPage next(RedisAdvancedClusterAsyncCommands<byte[], byte[]> cluster, Replies replies,
			KeyScanArgs arguments, @Nullable KeyPage previous) {
		Partitions partitions = cluster.getStatefulConnection().getPartitions();
		boolean startOver = previous == null || previous.isLast() || previous.nodes().isEmpty();
		List<String> nodes = startOver ? List.of() : previous.nodes();
		int node = startOver ? 0 : previous.node() + (previous.cursor().isFinished() ? 1 : 0);
		ScanCursor cursor = (startOver || previous.cursor().isFinished()) ? ScanCursor.INITIAL : previous.cursor();
		while (node >= nodes.size() || !ClusterNodes.servesSlots(partitions, nodes.get(node))) {
			if (node < nodes.size()) {
				node++;
				cursor = ScanCursor.INITIAL;
				continue;
			}
			List<String> added = ClusterNodes.mastersExcept(partitions, nodes);
			if (added.isEmpty()) {
				return new KeyPage(List.of(), ScanCursor.FINISHED, nodes, nodes.size());
			}
			nodes = concat(nodes, added);
		}
		ScanCursor from = cursor;
		KeyScanCursor<byte[]> page = replies
			.await(ClusterNodes.onNode(cluster, nodes.get(node), (connection) -> connection.scan(from, arguments)));
		if (page.isFinished() && node == nodes.size() - 1) {
			nodes = concat(nodes, ClusterNodes.mastersExcept(partitions, nodes));
		}
		return KeyPage.of(page, nodes, node);
	}

	private static List<String> concat(List<String> nodes, List<String> added) {
		List<String> all = new ArrayList<>(nodes);
		all.addAll(added);
		return List.copyOf(all);
	}

}
