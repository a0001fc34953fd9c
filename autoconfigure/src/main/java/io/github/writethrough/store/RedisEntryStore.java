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

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.Assert;
import org.springframework.util.StreamUtils;

/**
 * Reads and writes cache entries over the shared Lettuce connection of a
 * {@link RedisConnectionFactory}. Commands of one call are sent without waiting for each
 * other's replies (one round trip), and a call returns only once Redis has answered all
 * of them, or throws {@link CacheUnavailableException}.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class RedisEntryStore {

	private static final Log logger = LogFactory.getLog(RedisEntryStore.class);

	private static final String SCRIPT = loadScript();

	private final RedisConnectionFactory connectionFactory;

	private final long timeoutNanos;

	private final String scriptSha;

	private final long openNanos;

	private final AtomicBoolean available = new AtomicBoolean(true);

	private volatile long openUntil;

	/**
	 * Create a new store.
	 * @param connectionFactory the Lettuce connection factory
	 * @param timeout how long a call waits for Redis before it fails
	 * @param openDuration how long calls fail at once, without reaching Redis, after a
	 * call failed
	 */
	public RedisEntryStore(RedisConnectionFactory connectionFactory, Duration timeout, Duration openDuration) {
		Assert.notNull(connectionFactory, "connectionFactory must not be null");
		Assert.isTrue(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
		Assert.isTrue(!openDuration.isNegative(), "openDuration must not be negative");
		this.connectionFactory = connectionFactory;
		this.timeoutNanos = timeout.toNanos();
		this.openNanos = openDuration.toNanos();
		this.scriptSha = sha1(SCRIPT);
	}

	/**
	 * Whether the last call reached Redis: {@code false} while calls fail.
	 * @return whether Redis is available
	 */
	public boolean isAvailable() {
		return this.available.get();
	}

	/**
	 * Read a cache's epoch and one entry.
	 * @param epochKey the cache's epoch key
	 * @param key the entry key
	 * @return the epoch and the entry, {@code null} where absent
	 */
	Values get(byte[] epochKey, byte[] key) {
		return execute((commands, replies) -> {
			RedisFuture<byte[]> epoch = commands.get(epochKey);
			RedisFuture<byte[]> value = commands.get(key);
			return new Values(epoch(replies.await(epoch)), Arrays.asList(replies.await(value)));
		});
	}

	/**
	 * Read a cache's epoch and several entries.
	 * @param epochKey the cache's epoch key
	 * @param keys the entry keys
	 * @return the epoch and the entries in the order of the keys, {@code null} where
	 * absent
	 */
	Values getAll(byte[] epochKey, List<byte[]> keys) {
		return execute((commands, replies) -> {
			RedisFuture<byte[]> epoch = commands.get(epochKey);
			RedisFuture<List<KeyValue<byte[], byte[]>>> values = commands.mget(keys.toArray(byte[][]::new));
			List<byte @Nullable []> entries = new ArrayList<>(keys.size());
			for (KeyValue<byte[], byte[]> keyValue : replies.await(values)) {
				entries.add(keyValue.getValueOrElse(null));
			}
			return new Values(epoch(replies.await(epoch)), entries);
		});
	}

	/**
	 * Apply fenced writes, advance the epochs of invalidated caches, then read the
	 * current epochs of the given caches, in one round trip.
	 * @param writes the fenced writes
	 * @param invalidations epoch keys of the caches to invalidate
	 * @param epochKeys epoch keys to read after the writes
	 * @return the epochs read, in the order of {@code epochKeys}
	 */
	public long[] write(List<EntryWrite> writes, List<byte[]> invalidations, List<byte[]> epochKeys) {
		try {
			return doWrite(writes, invalidations, epochKeys, true);
		}
		catch (ScriptNotLoadedException ex) {
			return doWrite(writes, invalidations, epochKeys, false);
		}
	}

	private long[] doWrite(List<EntryWrite> writes, List<byte[]> invalidations, List<byte[]> epochKeys, boolean bySha) {
		return execute((commands, replies) -> {
			List<RedisFuture<Long>> written = new ArrayList<>(writes.size());
			for (EntryWrite write : writes) {
				written.add(fencedWrite(commands, write, bySha));
			}
			List<RedisFuture<Long>> incremented = invalidations.stream().map(commands::incr).toList();
			List<RedisFuture<byte[]>> epochs = epochKeys.stream().map(commands::get).toList();
			written.forEach(replies::await);
			incremented.forEach(replies::await);
			long[] result = new long[epochs.size()];
			for (int i = 0; i < result.length; i++) {
				result[i] = epoch(replies.await(epochs.get(i)));
			}
			return result;
		});
	}

	/**
	 * Apply one fenced write.
	 * @param write the write
	 * @return whether the entry was written
	 */
	boolean write(EntryWrite write) {
		try {
			return execute((commands, replies) -> replies.await(fencedWrite(commands, write, true)) == 1L);
		}
		catch (ScriptNotLoadedException ex) {
			return execute((commands, replies) -> replies.await(fencedWrite(commands, write, false)) == 1L);
		}
	}

	/**
	 * Remove an entry.
	 * @param key the entry key
	 */
	void delete(byte[] key) {
		execute((commands, replies) -> replies.await(commands.del(key)));
	}

	private RedisFuture<Long> fencedWrite(RedisClusterAsyncCommands<byte[], byte[]> commands, EntryWrite write,
			boolean bySha) {
		byte[][] keys = { write.key() };
		return bySha ? commands.evalsha(this.scriptSha, ScriptOutputType.INTEGER, keys, write.arguments())
				: commands.eval(SCRIPT, ScriptOutputType.INTEGER, keys, write.arguments());
	}

	private <R> R execute(BiFunction<RedisClusterAsyncCommands<byte[], byte[]>, Replies, R> action) {
		if (!this.available.get() && System.nanoTime() - this.openUntil < 0) {
			throw new CacheUnavailableException("Redis failed recently; not retried before the circuit closes", null);
		}
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			Replies replies = new Replies(System.nanoTime() + this.timeoutNanos);
			@SuppressWarnings("unchecked")
			RedisClusterAsyncCommands<byte[], byte[]> commands = (RedisClusterAsyncCommands<byte[], byte[]>) connection
				.getNativeConnection();
			R result = action.apply(commands, replies);
			if (this.available.compareAndSet(false, true)) {
				logger.info("Redis is reachable again: write-through caching resumed");
			}
			return result;
		}
		catch (ScriptNotLoadedException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			this.openUntil = System.nanoTime() + this.openNanos;
			if (this.available.compareAndSet(true, false)) {
				logger.warn("Redis is unreachable: reads fall back to the database and cache updates are skipped ("
						+ ex.getMessage() + ")");
			}
			throw (ex instanceof CacheUnavailableException unavailable) ? unavailable
					: new CacheUnavailableException(String.valueOf(ex.getMessage()), ex);
		}
	}

	private static long epoch(byte @Nullable [] value) {
		return (value != null) ? Long.parseLong(new String(value, StandardCharsets.US_ASCII)) : 0;
	}

	private static String loadScript() {
		try (InputStream in = RedisEntryStore.class.getResourceAsStream("fenced-write.lua")) {
			Assert.state(in != null, "fenced-write.lua not found");
			return StreamUtils.copyToString(in, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String sha1(String script) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The epoch of a cache and some of its entries, as read together.
	 *
	 * @param epoch the epoch
	 * @param entries the entries, {@code null} where absent
	 */
	record Values(long epoch, List<byte @Nullable []> entries) {

	}

	/**
	 * Waits for the replies of one call, all within the call's time limit.
	 */
	private static final class Replies {

		private final long deadline;

		Replies(long deadline) {
			this.deadline = deadline;
		}

		<T> T await(Future<T> future) {
			try {
				return future.get(Math.max(this.deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new CacheUnavailableException("Interrupted while waiting for Redis", ex);
			}
			catch (TimeoutException ex) {
				future.cancel(false);
				throw new CacheUnavailableException("Redis did not answer in time", ex);
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof RedisNoScriptException) {
					throw new ScriptNotLoadedException();
				}
				throw new CacheUnavailableException(String.valueOf(ex.getCause().getMessage()), ex.getCause());
			}
		}

	}

	/**
	 * Thrown when Redis does not know the script by its digest, after a restart or a
	 * {@code SCRIPT FLUSH}.
	 */
	private static final class ScriptNotLoadedException extends RuntimeException {

		ScriptNotLoadedException() {
			super(null, null, false, false);
		}

	}

}
