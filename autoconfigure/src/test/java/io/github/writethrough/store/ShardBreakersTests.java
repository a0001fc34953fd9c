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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ShardBreakers}.
 *
 * @author Write-Through contributors
 */
class ShardBreakersTests {

	private static final byte[] KEY_OF_A = key("a", 0, 8191);

	private static final byte[] KEY_OF_B = key("b", 8192, 16383);

	private final Partitions partitions = new Partitions();

	private final List<RuntimeException> opened = new ArrayList<>();

	private final ShardBreakers breakers = new ShardBreakers(Duration.ofMinutes(1), this.opened::add,
			() -> this.partitions);

	ShardBreakersTests() {
		this.partitions.reload(List.of(master("a", 0, 8191), master("b", 8192, 16383)));
	}

	@Test
	void failureOfOneMastersCommandStopsTheCallsOfItsKeysOnly() {
		assertThatExceptionOfType(CacheUnavailableException.class)
			.isThrownBy(() -> this.breakers.execute(KEY_OF_A, List.of(KEY_OF_B), () -> {
				throw new CacheUnavailableException("a is down", null, SlotHash.getSlot(KEY_OF_A));
			}));
		assertThat(this.breakers.open()).containsExactly("a");
		assertThat(this.breakers.execute(KEY_OF_B, List.of(), () -> "answer")).isEqualTo("answer");
		assertThatExceptionOfType(CacheUnavailableException.class)
			.isThrownBy(() -> this.breakers.execute(KEY_OF_B, List.of(KEY_OF_A), () -> "answer"));
		assertThat(this.breakers.open()).containsExactly("a");
		assertThat(this.opened).hasSize(1);
	}

	@Test
	void failureNoCommandIsBlamedForStopsEveryMasterTheCallReached() {
		assertThatExceptionOfType(CacheUnavailableException.class)
			.isThrownBy(() -> this.breakers.execute(KEY_OF_A, List.of(KEY_OF_B), () -> {
				throw new CacheUnavailableException("no connection", null);
			}));
		assertThat(this.breakers.open()).containsExactlyInAnyOrder("a", "b");
	}

	@Test
	void circuitOfAMasterThatServesNoSlotsAnymoreIsForgotten() {
		assertThatExceptionOfType(CacheUnavailableException.class)
			.isThrownBy(() -> this.breakers.execute(KEY_OF_A, List.of(), () -> {
				throw new CacheUnavailableException("a is down", null, SlotHash.getSlot(KEY_OF_A));
			}));
		this.partitions.reload(List.of(master("a2", 0, 8191), master("b", 8192, 16383)));
		assertThat(this.breakers.open()).isEmpty();
		assertThat(this.breakers.execute(KEY_OF_A, List.of(), () -> "answer")).isEqualTo("answer");
	}

	@Test
	void withoutTopologyOneBreakerGuardsEveryKey() {
		ShardBreakers single = new ShardBreakers(Duration.ofMinutes(1), this.opened::add, () -> null);
		assertThatExceptionOfType(CacheUnavailableException.class)
			.isThrownBy(() -> single.execute(KEY_OF_A, List.of(), () -> {
				throw new CacheUnavailableException("down", null, SlotHash.getSlot(KEY_OF_A));
			}));
		assertThat(single.open()).containsExactly(ShardBreakers.WHOLE);
		assertThatExceptionOfType(CacheUnavailableException.class)
			.isThrownBy(() -> single.execute(KEY_OF_B, List.of(), () -> "answer"));
	}

	private static RedisClusterNode master(String nodeId, int from, int to) {
		return new RedisClusterNode(RedisURI.create("127.0.0.1", 7000), nodeId, true, null, 0, 0, 0,
				IntStream.rangeClosed(from, to).boxed().toList(), Set.of(NodeFlag.UPSTREAM));
	}

	private static byte[] key(String prefix, int fromSlot, int toSlot) {
		for (int i = 0;; i++) {
			byte[] key = (prefix + i).getBytes(StandardCharsets.UTF_8);
			int slot = SlotHash.getSlot(key);
			if (slot >= fromSlot && slot <= toSlot) {
				return key;
			}
		}
	}

}
