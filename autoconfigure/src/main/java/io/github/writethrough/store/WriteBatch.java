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

/**
 * What one call to {@link EntryStore#write} sends: fenced writes, then epoch increments
 * of invalidated caches, then reads of epochs.
 *
 * @param writes the fenced writes
 * @param invalidations epoch keys of the caches to invalidate
 * @param epochReads epoch keys whose values are read after the writes
 * @author Write-Through contributors
 * @since 0.1.0
 */
public record WriteBatch(List<EntryWrite> writes, List<byte[]> invalidations, List<byte[]> epochReads) {

	/**
	 * Create a batch of fenced writes alone.
	 * @param writes the writes
	 * @return the batch
	 */
	public static WriteBatch of(List<EntryWrite> writes) {
		return new WriteBatch(writes, List.of(), List.of());
	}

	/**
	 * Return every key the batch's commands are sent for.
	 */
	List<byte[]> keys() {
		List<byte[]> keys = new ArrayList<>(this.writes.size() + this.invalidations.size() + this.epochReads.size());
		this.writes.forEach((write) -> keys.add(write.key()));
		keys.addAll(this.invalidations);
		keys.addAll(this.epochReads);
		return keys;
	}

}
