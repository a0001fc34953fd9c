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

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CircuitBreaker} per Redis Cluster master, so that a master that fails stops
 * the calls of its own keys only; on one server or a Sentinel group, one breaker for
 * every call. A call passes the breakers of every master its keys are on, and a failure
 * opens the breaker of the master whose command failed, or every one the call passed
 * where no one command is to blame.
 *
 * @author Write-Through contributors
 */
final class ShardBreakers {

	/**
	 * The shard of every key where Redis is not a Cluster; on a Cluster, of calls without
	 * keys and of keys whose slot has no master.
	 */
	static final String WHOLE = "";

	private final Duration openDuration;

	private final Consumer<RuntimeException> onOpen;

	private final Supplier<@Nullable Partitions> topology;

	private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

	private final CircuitBreaker whole;

	/**
	 * Create the breakers.
	 * @param openDuration how long calls fail at once after a failure
	 * @param onOpen told of each failure
	 * @param topology the Cluster's topology as the connection knows it, {@code null}
	 * where Redis is not a Cluster or no connection was taken yet
	 */
	ShardBreakers(Duration openDuration, Consumer<RuntimeException> onOpen, Supplier<@Nullable Partitions> topology) {
		this.openDuration = openDuration;
		this.onOpen = onOpen;
		this.topology = topology;
		this.whole = breaker(WHOLE);
	}

	/**
	 * Make a call of keys unless the circuit of one of their shards is open.
	 * @param key a key the call's commands are sent for, or {@code null}
	 * @param keys the other keys the call's commands are sent for
	 * @param call the call
	 * @return what the call returned
	 */
	<R> R execute(byte @Nullable [] key, List<byte[]> keys, Supplier<R> call) {
		Partitions partitions = this.topology.get();
		if (partitions == null || (key == null && keys.isEmpty())) {
			return this.whole.execute(call);
		}
		Set<String> shards = new LinkedHashSet<>();
		if (key != null) {
			shards.add(shardOf(partitions, SlotHash.getSlot(key)));
		}
		for (byte[] other : keys) {
			shards.add(shardOf(partitions, SlotHash.getSlot(other)));
		}
		return execute(shards.iterator(), call);
	}

	private <R> R execute(Iterator<String> shards, Supplier<R> call) {
		if (!shards.hasNext()) {
			return call.get();
		}
		return breaker(shards.next()).execute(() -> execute(shards, call));
	}

	/**
	 * Return the breaker of a shard.
	 * @param shard a master's node id, or {@link #WHOLE}
	 * @return the breaker
	 */
	CircuitBreaker breaker(String shard) {
		return this.breakers.computeIfAbsent(shard,
				(id) -> new CircuitBreaker(this.openDuration, this.onOpen, (ex) -> isBlamed(id, ex)));
	}

	/**
	 * Return the shards whose circuit is open, forgetting those of nodes that serve no
	 * slot anymore (a master that failed over).
	 */
	List<String> open() {
		Partitions partitions = this.topology.get();
		List<String> open = new ArrayList<>();
		this.breakers.forEach((shard, breaker) -> {
			if (!shard.equals(WHOLE) && (partitions == null || !ClusterNodes.servesSlots(partitions, shard))) {
				this.breakers.remove(shard, breaker);
			}
			else if (!breaker.isClosed()) {
				open.add(shard);
			}
		});
		return open;
	}

	/**
	 * Return what the last failure of an open circuit was.
	 */
	@Nullable RedisFailure lastFailure() {
		for (String shard : open()) {
			RedisFailure failure = breaker(shard).lastFailure();
			if (failure != null) {
				return failure;
			}
		}
		return null;
	}

	private boolean isBlamed(String shard, CacheUnavailableException ex) {
		Partitions partitions = this.topology.get();
		return ex.slot() == CacheUnavailableException.UNKNOWN_SLOT || partitions == null
				|| shard.equals(shardOf(partitions, ex.slot()));
	}

	private static String shardOf(Partitions partitions, int slot) {
		RedisClusterNode master = partitions.getMasterBySlot(slot);
		return (master != null) ? master.getNodeId() : WHOLE;
	}

}
