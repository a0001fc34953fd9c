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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * The commands of one {@link WriteBatch}, sent in one write to the connection.
 *
 * @author Write-Through contributors
 */
final class SentWrites {

	private static final byte[][] ADVANCE_EPOCH = { "advance".getBytes(StandardCharsets.US_ASCII) };

	private final WriteBatch batch;

	private final List<List<EntryWrite>> groups;

	private final List<RedisFuture<List<Object>>> written;

	private final List<RedisFuture<Long>> incremented;

	private final List<RedisFuture<byte[]>> epochs;

	SentWrites(RedisClusterAsyncCommands<byte[], byte[]> commands, boolean bySha, WriteBatch batch) {
		this.batch = batch;
		this.groups = SlotGroups.of(batch.writes(), commands instanceof RedisAdvancedClusterAsyncCommands);
		CommandBatch commandBatch = new CommandBatch();
		this.written = new ArrayList<>(this.groups.size());
		for (List<EntryWrite> group : this.groups) {
			this.written.add(RedisScript.FENCED_WRITE.call(commandBatch, bySha, ScriptOutputType.MULTI, keys(group),
					arguments(group)));
		}
		this.incremented = new ArrayList<>(batch.invalidations().size());
		for (byte[] epochKey : batch.invalidations()) {
			this.incremented.add(RedisScript.EPOCH.call(commandBatch, bySha, ScriptOutputType.INTEGER,
					new byte[][] { epochKey }, ADVANCE_EPOCH));
		}
		this.epochs = new ArrayList<>(batch.epochReads().size());
		for (byte[] epochKey : batch.epochReads()) {
			this.epochs.add(commandBatch.get(epochKey));
		}
		commandBatch.send(commands);
	}

	private static byte[][] keys(List<EntryWrite> group) {
		byte[][] keys = new byte[group.size()][];
		for (int i = 0; i < keys.length; i++) {
			keys[i] = group.get(i).key();
		}
		return keys;
	}

	private static byte[][] arguments(List<EntryWrite> group) {
		byte[][] arguments = new byte[group.size() * EntryWrite.ARGUMENTS][];
		for (int i = 0; i < group.size(); i++) {
			System.arraycopy(group.get(i).arguments(), 0, arguments, i * EntryWrite.ARGUMENTS, EntryWrite.ARGUMENTS);
		}
		return arguments;
	}

	/**
	 * Return every command's reply future, in the order the commands were sent.
	 */
	List<RedisFuture<?>> all() {
		List<RedisFuture<?>> all = new ArrayList<>(this.written);
		all.addAll(this.incremented);
		all.addAll(this.epochs);
		return all;
	}

	WriteResult result(ReplyReader replies) {
		Set<EntryWrite> applied = WriteResult.newAppliedSet();
		for (int i = 0; i < this.groups.size(); i++) {
			List<EntryWrite> group = this.groups.get(i);
			List<Object> reply = replies.read(this.written.get(i));
			for (int j = 0; j < group.size(); j++) {
				if (Long.valueOf(1).equals(reply.get(j))) {
					applied.add(group.get(j));
				}
			}
		}
		this.incremented.forEach(replies::read);
		Map<ByteBuffer, Long> epochs = new HashMap<>();
		for (int i = 0; i < this.epochs.size(); i++) {
			byte[] value = replies.read(this.epochs.get(i));
			epochs.put(ByteBuffer.wrap(this.batch.epochReads().get(i)),
					(value != null) ? Long.parseLong(new String(value, StandardCharsets.US_ASCII)) : 0);
		}
		return new WriteResult(applied, epochs);
	}

	/**
	 * Reads the reply of a command.
	 */
	@FunctionalInterface
	interface ReplyReader {

		<T> T read(Future<T> future);

	}

}
