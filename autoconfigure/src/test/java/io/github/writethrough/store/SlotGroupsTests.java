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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SlotGroups}.
 *
 * @author Write-Through contributors
 */
class SlotGroupsTests {

	@Test
	void groupsHoldAtMostMaxGroupWritesInTheirOrder() {
		List<EntryWrite> writes = writes("wt:items:", 2 * SlotGroups.MAX_GROUP + 1);
		List<List<EntryWrite>> groups = SlotGroups.of(writes, false);
		assertThat(groups).extracting(List::size).containsExactly(SlotGroups.MAX_GROUP, SlotGroups.MAX_GROUP, 1);
		assertThat(groups.stream().flatMap(List::stream).toList()).isEqualTo(writes);
	}

	@Test
	void withoutClusterWritesOfDifferentSlotsShareAGroup() {
		List<EntryWrite> writes = List.of(write("{a}:1"), write("{b}:1"));
		assertThat(SlotGroups.of(writes, false)).containsExactly(writes);
	}

	@Test
	void inClusterWritesOfDifferentHashSlotsNeverShareAGroup() {
		EntryWrite a1 = write("{a}:1");
		EntryWrite b1 = write("{b}:1");
		EntryWrite a2 = write("{a}:2");
		EntryWrite b2 = write("{b}:2");
		assertThat(slot(a1)).isNotEqualTo(slot(b1));
		List<List<EntryWrite>> groups = SlotGroups.of(List.of(a1, b1, a2, b2), true);
		assertThat(groups).containsExactly(List.of(a1, a2), List.of(b1, b2));
	}

	@Test
	void inClusterGroupsOfOneSlotHoldAtMostMaxGroupWritesInTheirOrder() {
		List<EntryWrite> writes = new ArrayList<>(writes("{a}:", SlotGroups.MAX_GROUP + 1));
		EntryWrite b = write("{b}:1");
		writes.add(1, b);
		List<List<EntryWrite>> groups = SlotGroups.of(writes, true);
		assertThat(groups).extracting(List::size).containsExactly(SlotGroups.MAX_GROUP, 1, 1);
		assertThat(groups.get(1)).containsExactly(b);
		List<EntryWrite> slotA = new ArrayList<>(writes);
		slotA.remove(b);
		assertThat(groups.get(0)).isEqualTo(slotA.subList(0, SlotGroups.MAX_GROUP));
		assertThat(groups.get(2)).containsExactly(slotA.get(SlotGroups.MAX_GROUP));
		for (List<EntryWrite> group : groups) {
			assertThat(group).extracting(SlotGroupsTests::slot).containsOnly(slot(group.get(0)));
		}
	}

	private static List<EntryWrite> writes(String prefix, int count) {
		return IntStream.range(0, count).mapToObj((i) -> write(prefix + i)).toList();
	}

	private static EntryWrite write(String key) {
		return EntryWrite.commit(key.getBytes(StandardCharsets.UTF_8), 1, 1, 0, new byte[0]);
	}

	private static int slot(EntryWrite write) {
		return SlotHash.getSlot(write.key());
	}

}
