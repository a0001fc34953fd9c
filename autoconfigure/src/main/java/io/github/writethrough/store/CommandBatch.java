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

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;

/**
 * The commands of one call, written to the connection together, so that they share one
 * write and one flush instead of taking one each.
 *
 * @author Write-Through contributors
 */
final class CommandBatch {

	private static final ByteArrayCodec CODEC = ByteArrayCodec.INSTANCE;

	private final List<RedisCommand<byte[], byte[], ?>> commands = new ArrayList<>();

	RedisFuture<byte[]> get(byte[] key) {
		return add(CommandType.GET, new ValueOutput<>(CODEC), new CommandArgs<>(CODEC).addKey(key));
	}

	/**
	 * {@code GETRANGE key start end}: the bytes of the value from start to end,
	 * inclusive.
	 */
	RedisFuture<byte[]> getRange(byte[] key, long start, long end) {
		return add(CommandType.GETRANGE, new ValueOutput<>(CODEC),
				new CommandArgs<>(CODEC).addKey(key).add(start).add(end));
	}

	/**
	 * {@code PTTL key}: the time the key has left to live in milliseconds, {@code -1}
	 * when it never expires, {@code -2} when it does not exist.
	 */
	RedisFuture<Long> pttl(byte[] key) {
		return add(CommandType.PTTL, new IntegerOutput<>(CODEC), new CommandArgs<>(CODEC).addKey(key));
	}

	<T> RedisFuture<T> evalsha(String sha, ScriptOutputType type, byte[][] keys, byte[][] arguments) {
		return add(CommandType.EVALSHA, output(type), scriptArgs(sha, keys, arguments));
	}

	<T> RedisFuture<T> eval(String script, ScriptOutputType type, byte[][] keys, byte[][] arguments) {
		return add(CommandType.EVAL, output(type), scriptArgs(script, keys, arguments));
	}

	/**
	 * Write every command of the batch to the connection of the given commands.
	 * @param target the commands of the connection
	 */
	void send(RedisClusterAsyncCommands<byte[], byte[]> target) {
		connectionOf(target).dispatch(this.commands);
	}

	static StatefulConnection<byte[], byte[]> connectionOf(RedisClusterAsyncCommands<byte[], byte[]> target) {
		if (target instanceof RedisAsyncCommands<byte[], byte[]> standalone) {
			return standalone.getStatefulConnection();
		}
		if (target instanceof RedisAdvancedClusterAsyncCommands<byte[], byte[]> cluster) {
			return cluster.getStatefulConnection();
		}
		throw new IllegalStateException("Unsupported Lettuce commands " + target.getClass().getName());
	}

	private <T> RedisFuture<T> add(CommandType type, CommandOutput<byte[], byte[], T> output,
			CommandArgs<byte[], byte[]> args) {
		AsyncCommand<byte[], byte[], T> command = new AsyncCommand<>(new Command<>(type, output, args));
		this.commands.add(command);
		return command;
	}

	private static CommandArgs<byte[], byte[]> scriptArgs(String script, byte[][] keys, byte[][] arguments) {
		return new CommandArgs<>(CODEC).add(script).add(keys.length).addKeys(keys).addValues(arguments);
	}

	@SuppressWarnings("unchecked")
	private static <T> CommandOutput<byte[], byte[], T> output(ScriptOutputType type) {
		return (CommandOutput<byte[], byte[], T>) switch (type) {
			case INTEGER -> new IntegerOutput<>(CODEC);
			case MULTI -> new NestedMultiOutput<>(CODEC);
			case VALUE -> new ValueOutput<>(CODEC);
			default -> throw new IllegalArgumentException("Unsupported script output " + type);
		};
	}

}
