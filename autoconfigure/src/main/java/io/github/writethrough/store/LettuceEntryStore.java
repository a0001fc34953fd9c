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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.Assert;

/**
 * The {@link EntryStore} over Lettuce: each call's commands go to the connection in one
 * write and the call waits for their replies, behind a {@link CircuitBreaker}.
 *
 * @author Write-Through contributors
 */
final class LettuceEntryStore implements EntryStore {

	private static final byte[][] READ_EPOCH = { "read".getBytes(StandardCharsets.US_ASCII) };

	private final NativeCommands commands;

	private final ShardBreakers breakers;

	private final long timeoutNanos;

	private final boolean sentinel;

	LettuceEntryStore(RedisConnectionFactory connectionFactory, Duration timeout, Duration openDuration) {
		Assert.notNull(connectionFactory, "connectionFactory must not be null");
		Assert.isTrue(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
		Assert.isTrue(!openDuration.isNegative(), "openDuration must not be negative");
		this.timeoutNanos = timeout.toNanos();
		this.commands = new NativeCommands(connectionFactory, this.timeoutNanos);
		this.sentinel = connectionFactory instanceof LettuceConnectionFactory lettuce
				&& lettuce.getSentinelConfiguration() != null;
		this.breakers = new ShardBreakers(openDuration, (ex) -> this.commands.reset(), this.commands::topology);
	}

	@Override
	public boolean isAvailable() {
		return this.breakers.open().isEmpty();
	}

	@Override
	public @Nullable RedisFailure lastFailure() {
		return this.breakers.lastFailure();
	}

	/**
	 * Ping every shard whose circuit is open, or Redis when none is: an answer closes the
	 * circuit.
	 */
	@Override
	public boolean ping() {
		List<String> open = this.breakers.open();
		boolean answered = true;
		for (String shard : open.isEmpty() ? List.of(ShardBreakers.WHOLE) : open) {
			try {
				this.breakers.breaker(shard)
					.call(() -> this.commands.call((commands, replies) -> replies.await(ping(commands, shard))));
			}
			catch (CacheUnavailableException ex) {
				answered = false;
			}
		}
		return answered;
	}

	@Override
	public List<RedisMaster> masters() {
		try {
			return this.commands.call((commands, replies) -> RedisMasters.ask(commands, replies, this.sentinel));
		}
		catch (CacheUnavailableException ex) {
			return List.of();
		}
	}

	private static Future<String> ping(RedisClusterAsyncCommands<byte[], byte[]> commands, String shard) {
		if (shard.equals(ShardBreakers.WHOLE)) {
			return commands.ping();
		}
		return ClusterNodes.onNode((RedisAdvancedClusterAsyncCommands<byte[], byte[]>) commands, shard,
				RedisAsyncCommands::ping);
	}

	@Override
	public EntryRead lookup(byte[] epochKey, List<byte[]> keys, byte[] lease, long leaseMillis, int maxBytes) {
		EntryRead read = execute(epochKey, keys, (commands, replies) -> {
			CommandBatch batch = new CommandBatch();
			RedisFuture<byte[]> epoch = batch.get(epochKey);
			List<RedisFuture<byte[]>> values = new ArrayList<>(keys.size());
			for (byte[] key : keys) {
				values.add(batch.getRange(key, 0, maxBytes));
			}
			batch.send(commands);
			List<byte @Nullable []> entries = new ArrayList<>(keys.size());
			for (RedisFuture<byte[]> value : values) {
				entries.add(replies.awaitOfType(value));
			}
			return new EntryRead(counter(replies.awaitOfType(epoch)), entries);
		});
		List<byte @Nullable []> entries = read.entries();
		for (byte[] entry : entries) {
			if (isAbsent(entry)) {
				entries = leaseWhereAbsent(keys, entries, lease, leaseMillis, maxBytes);
				break;
			}
		}
		// a missing counter, or one that is no number, is created by the epoch script, in
		// a
		// second round trip that only the first read of a cache, or the first after Redis
		// lost its data, pays
		return new EntryRead((read.epoch() != 0) ? read.epoch() : epoch(epochKey), entries);
	}

	/**
	 * Leave a lease in each key that was empty, unless a writer came first: then return
	 * what it wrote, still at most {@code maxBytes + 1} bytes of it.
	 */
	private List<byte @Nullable []> leaseWhereAbsent(List<byte[]> keys, List<byte @Nullable []> found, byte[] lease,
			long leaseMillis, int maxBytes) {
		byte[][] arguments = { lease, Long.toString(leaseMillis).getBytes(StandardCharsets.US_ASCII),
				Integer.toString(maxBytes).getBytes(StandardCharsets.US_ASCII) };
		return RedisScript.withScripts((bySha) -> execute(null, keys, (commands, replies) -> {
			CommandBatch batch = new CommandBatch();
			List<@Nullable RedisFuture<byte[]>> leases = new ArrayList<>(keys.size());
			for (int i = 0; i < keys.size(); i++) {
				leases.add(isAbsent(found.get(i)) ? RedisScript.LOOKUP.call(batch, bySha, ScriptOutputType.VALUE,
						new byte[][] { keys.get(i) }, arguments) : null);
			}
			batch.send(commands);
			List<byte @Nullable []> entries = new ArrayList<>(found);
			for (int i = 0; i < keys.size(); i++) {
				RedisFuture<byte[]> leased = leases.get(i);
				if (leased != null) {
					entries.set(i, replies.await(leased));
				}
			}
			return entries;
		}));
	}

	/**
	 * Whether {@code GETRANGE} found no entry: it answers an empty string for a missing
	 * key, and {@code null} stands for a key of another type; no entry is empty.
	 */
	private static boolean isAbsent(byte @Nullable [] value) {
		return value == null || value.length == 0;
	}

	/**
	 * The epoch a counter holds, {@code 0} where it is missing or holds no epoch: not a
	 * number below 2^53, which the scripts compare exactly.
	 */
	private static long counter(byte @Nullable [] value) {
		try {
			long epoch = (value != null) ? Long.parseLong(new String(value, StandardCharsets.US_ASCII)) : 0;
			return (epoch > 0 && epoch < (1L << 53)) ? epoch : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	@Override
	public WriteResult write(WriteBatch batch) {
		return RedisScript.withScripts((bySha) -> execute(null, batch.keys(), (commands, replies) -> {
			SentWrites sent = new SentWrites(commands, bySha, batch);
			replies.awaitAll(sent.all());
			return sent.result(replies::await);
		}));
	}

	@Override
	public CompletableFuture<WriteResult> writeAsync(WriteBatch batch) {
		RedisClusterAsyncCommands<byte[], byte[]> commands = this.commands.shared();
		CircuitBreaker breaker = this.breakers.breaker(ShardBreakers.WHOLE);
		if (commands == null || commands instanceof RedisAdvancedClusterAsyncCommands || !breaker.isClosed()) {
			return CompletableFuture.supplyAsync(() -> write(batch), Runnable::run);
		}
		return sendAsync(commands, batch).orTimeout(this.timeoutNanos, TimeUnit.NANOSECONDS).handle((result, ex) -> {
			if (ex == null) {
				return result;
			}
			Throwable cause = unwrap(ex);
			if (cause instanceof RedisNoScriptException) {
				throw new CacheUnavailableException("Redis does not know the fenced write script", cause);
			}
			RuntimeException failure = (cause instanceof TimeoutException)
					? new CacheUnavailableException("Redis did not answer in time", cause)
					: new CacheUnavailableException(String.valueOf(cause.getMessage()), cause);
			breaker.failed(failure);
			throw failure;
		});
	}

	private static CompletableFuture<WriteResult> sendAsync(RedisClusterAsyncCommands<byte[], byte[]> commands,
			WriteBatch batch) {
		try {
			SentWrites sent = new SentWrites(commands, true, batch);
			return CompletableFuture
				.allOf(sent.all().stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new))
				.thenApply((done) -> sent.result(LettuceEntryStore::joined));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private static <T> T joined(Future<T> future) {
		return ((CompletionStage<T>) future).toCompletableFuture().join();
	}

	private static Throwable unwrap(Throwable ex) {
		return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
	}

	@Override
	public byte @Nullable [] get(byte[] key, int maxBytes) {
		byte[] value = execute(key, List.of(),
				(commands, replies) -> replies.await(commands.getrange(key, 0, maxBytes)));
		return isAbsent(value) ? null : value;
	}

	@Override
	public void set(byte[] key, byte[] value, long ttlMillis) {
		execute(key, List.of(), (commands, replies) -> replies.await(
				(ttlMillis > 0) ? commands.set(key, value, SetArgs.Builder.px(ttlMillis)) : commands.set(key, value)));
	}

	@Override
	public boolean delete(byte[] key) {
		return execute(key, List.of(), (commands, replies) -> replies.await(commands.del(key))) > 0;
	}

	@Override
	public long epoch(byte[] epochKey) {
		return RedisScript.withScripts((bySha) -> execute(epochKey, List.of(), (commands, replies) -> {
			CommandBatch batch = new CommandBatch();
			RedisFuture<Long> epoch = RedisScript.EPOCH.call(batch, bySha, ScriptOutputType.INTEGER,
					new byte[][] { epochKey }, READ_EPOCH);
			batch.send(commands);
			return replies.await(epoch);
		}));
	}

	@Override
	public StoredEntry read(byte[] epochKey, byte[] key, int maxBytes) {
		return RedisScript.withScripts((bySha) -> execute(epochKey, List.of(key), (commands, replies) -> {
			CommandBatch batch = new CommandBatch();
			RedisFuture<Long> epoch = RedisScript.EPOCH.call(batch, bySha, ScriptOutputType.INTEGER,
					new byte[][] { epochKey }, READ_EPOCH);
			RedisFuture<byte[]> value = batch.getRange(key, 0, maxBytes);
			RedisFuture<Long> ttl = batch.pttl(key);
			batch.send(commands);
			byte[] entry = replies.await(value);
			// GETRANGE answers an empty string for a missing key; no entry is empty
			return new StoredEntry(replies.await(epoch), (entry != null && entry.length > 0) ? entry : null,
					replies.await(ttl));
		}));
	}

	@Override
	public KeyPage scan(String pattern, @Nullable KeyPage previous, int count) {
		KeyScanArgs arguments = KeyScanArgs.Builder.type("string").match(pattern).limit(count);
		return execute(null, List.of(), (commands, replies) -> {
			if (commands instanceof RedisAdvancedClusterAsyncCommands<byte[], byte[]> cluster) {
				return ClusterScan.next(cluster, replies, arguments, previous);
			}
			ScanCursor cursor = (previous != null && !previous.isLast()) ? previous.cursor() : ScanCursor.INITIAL;
			return KeyPage.of(replies.await(commands.scan(cursor, arguments)));
		});
	}

	private <R> R execute(byte @Nullable [] key, List<byte[]> keys,
			BiFunction<RedisClusterAsyncCommands<byte[], byte[]>, Replies, R> action) {
		return this.breakers.execute(key, keys, () -> this.commands.call(action));
	}

}
