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

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link WriteBatch} did, asked per write and per epoch key.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class WriteResult {

	private final Set<EntryWrite> applied;

	private final Map<ByteBuffer, Long> epochs;

	WriteResult(Set<EntryWrite> applied, Map<ByteBuffer, Long> epochs) {
		this.applied = applied;
		this.epochs = epochs;
	}

	/**
	 * Create the result of a batch, for stores other than the Lettuce one.
	 * @param applied the writes that were applied
	 * @param epochs the epochs read, by epoch key
	 * @return the result
	 */
	public static WriteResult of(Collection<EntryWrite> applied, Map<byte[], Long> epochs) {
		Set<EntryWrite> appliedSet = newAppliedSet();
		appliedSet.addAll(applied);
		Map<ByteBuffer, Long> epochsByKey = new HashMap<>();
		epochs.forEach((key, epoch) -> epochsByKey.put(ByteBuffer.wrap(key), epoch));
		return new WriteResult(appliedSet, epochsByKey);
	}

	static Set<EntryWrite> newAppliedSet() {
		return Collections.newSetFromMap(new IdentityHashMap<>());
	}

	/**
	 * Whether a write of the batch was applied, or skipped because a newer entry was
	 * there.
	 * @param write the write, as it was sent
	 * @return whether it was applied
	 */
	public boolean isApplied(EntryWrite write) {
		return this.applied.contains(write);
	}

	/**
	 * Return the epoch read after the writes.
	 * @param epochKey an epoch key of the batch's epoch reads
	 * @return the epoch, {@code 0} where the counter is missing
	 */
	public long epoch(byte[] epochKey) {
		return this.epochs.getOrDefault(ByteBuffer.wrap(epochKey), 0L);
	}

}
