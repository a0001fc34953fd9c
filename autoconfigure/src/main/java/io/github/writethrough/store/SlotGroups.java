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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.cluster.SlotHash;

/**
 * Groups fenced writes into script calls: in a cluster, the writes of one hash slot; at
 * most {@value #MAX_GROUP} writes each, so that a call does not hold Redis up for long.
 *
 * @author Write-Through contributors
 */
final class SlotGroups {

	static final int MAX_GROUP = 256;

	private SlotGroups() {
	}

	static List<List<EntryWrite>> of(List<EntryWrite> writes, boolean cluster) {
		Map<Integer, List<EntryWrite>> open = new HashMap<>();
		List<List<EntryWrite>> groups = new ArrayList<>();
		for (EntryWrite write : writes) {
			int slot = cluster ? SlotHash.getSlot(write.key()) : 0;
			List<EntryWrite> group = open.get(slot);
			if (group == null || group.size() == MAX_GROUP) {
				group = new ArrayList<>();
				open.put(slot, group);
				groups.add(group);
			}
			group.add(write);
		}
		return groups;
	}

}
