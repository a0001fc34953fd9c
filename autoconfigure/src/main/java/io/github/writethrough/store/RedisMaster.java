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

import java.util.BitSet;
import java.util.Collection;

import io.lettuce.core.cluster.SlotHash;
import org.jspecify.annotations.Nullable;

/**
 * A Redis master as it answered: who it is, how far its replicas have come, and the keys
 * it serves.
 *
 * @param runId the {@code run_id} of {@code INFO server}, which a restart or a replica
 * that takes over replaces
 * @param offset the {@code master_repl_offset} of {@code INFO replication}: how far its
 * replication stream has come
 * @param replicaOffset the lowest offset its online replicas acknowledged, or {@code -1}
 * while none is connected
 * @param failsOver whether a replica may take over from it (Redis Sentinel or a Cluster)
 * @param slots the hash slots it serves on a Cluster, {@code null} where it serves every
 * key
 * @author Write-Through contributors
 * @since 0.1.0
 */
public record RedisMaster(String runId, long offset, long replicaOffset, boolean failsOver, @Nullable BitSet slots) {

	/**
	 * Whether the master serves a key.
	 * @param key the key
	 * @return whether it does
	 */
	public boolean serves(byte[] key) {
		return this.slots == null || this.slots.get(SlotHash.getSlot(key));
	}

	/**
	 * Whether other masters serve every key this one served, as after a replica took over
	 * from it or its slots moved.
	 * @param masters the other masters
	 * @return whether they serve all its keys
	 */
	public boolean isServedBy(Collection<RedisMaster> masters) {
		BitSet served = new BitSet(SlotHash.SLOT_COUNT);
		for (RedisMaster master : masters) {
			if (master.slots == null) {
				return true;
			}
			served.or(master.slots);
		}
		if (this.slots == null) {
			return false;
		}
		BitSet unserved = (BitSet) this.slots.clone();
		unserved.andNot(served);
		return unserved.isEmpty();
	}

}
