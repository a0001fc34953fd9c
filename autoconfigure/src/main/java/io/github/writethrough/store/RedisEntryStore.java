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
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.Assert;
import org.springframework.util.StreamUtils;

/**
 * Reads and writes cache entries over the shared Lettuce connection of a
 * {@link RedisConnectionFactory}. Commands of one call are sent without waiting for each
 * other's replies (one round trip), and a call returns only once Redis has answered all
 * of them, or throws {@link CacheUnavailableException}. After a failure, calls fail at
 * once for a while, so that a dead Redis does not slow every caller down.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class RedisEntryStore {

	private static final Log logger = LogFactory.getLog(RedisEntryStore.class);

	private static final RedisScript FENCED_WRITE = RedisScript.load("fenced-write.lua");

	private static final RedisScript LOOKUP = RedisScript.load("lookup.lua");

	private static final RedisScript EPOCH = RedisScript.load("epoch.lua");

	private static final Pattern REDIS_VERSION = Pattern.compile("^redis_version:(\\d+)\\.", Pattern.MULTILINE);

	private static final int MAX_GROUP = 256;

	private static final byte[][] READ_EPOCH = { "read".getBytes(StandardCharsets.US_ASCII) };

	private static final byte[][] ADVANCE_EPOCH = { "advance".getBytes(StandardCharsets.US_ASCII) };

	private final RedisConnectionFactory connectionFactory;

	private final boolean sharedConnection;

	private volatile @Nullable RedisClusterAsyncCommands<byte[], byte[]> sharedCommands;

	private volatile @Nullable Boolean leaseBySet;

	private final long timeoutNanos;

	private final long openNanos;

	private final AtomicBoolean available = new AtomicBoolean(true);

	private volatile long openUntil;

	private final AtomicBoolean probing = new AtomicBoolean();

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
		this.sharedConnection = connectionFactory instanceof LettuceConnectionFactory lettuce
				&& lettuce.getShareNativeConnection();
		this.timeoutNanos = timeout.toNanos();
		this.openNanos = openDuration.toNanos();
	}

	/**
	 * Whether the last call reached Redis: {@code false} while calls fail.
	 * @return whether Redis is available
	 */
	public boolean isAvailable() {
		return this.available.get();
	}

	/**
	 * Check that Redis answers, even while the circuit is open; a success closes it.
	 * @return whether Redis answered
	 */
	public boolean ping() {
		try {
			call((commands, replies) -> replies.await(commands.ping()));
			return true;
		}
		catch (CacheUnavailableException ex) {
			return false;
		}
	}

	/**
	 * Read a cache's epoch and entries in one round trip. Where an entry is absent, a
	 * lease is left in its place, so that the caller may fill it unless a write comes
	 * first.
	 * @param epochKey the cache's epoch key
	 * @param keys the entry keys
	 * @param lease the lease to leave where an entry is absent
	 * @param leaseMillis how long a lease lives
	 * @return the epoch and the entries in the order of the keys, {@code null} where the
	 * caller now holds the lease
	 */
	Values lookup(byte[] epochKey, List<byte[]> keys, byte[] lease, long leaseMillis) {
		boolean leaseBySet = isLeaseBySet();
		SetArgs leaseArgs = SetArgs.Builder.nx().px(leaseMillis);
		Values read = withScripts((bySha) -> execute((commands, replies) -> {
			CommandBatch batch = new CommandBatch();
			RedisFuture<byte[]> epoch = batch.get(epochKey);
			List<RedisFuture<byte[]>> values = new ArrayList<>(keys.size());
			for (byte[] key : keys) {
				values.add(leaseBySet ? batch.setGet(key, lease, leaseArgs) : LOOKUP.call(batch, bySha,
						ScriptOutputType.VALUE, new byte[][] { key },
						new byte[][] { lease, Long.toString(leaseMillis).getBytes(StandardCharsets.US_ASCII) }));
			}
			batch.send(commands);
			List<byte @Nullable []> entries = replies.awaitAll(values);
			byte[] known = replies.await(epoch);
			return new Values((known != null) ? Long.parseLong(new String(known, StandardCharsets.US_ASCII)) : 0,
					entries);
		}));
		// a missing counter is created by the epoch script, in a second round trip that
		// only the first read of a cache pays, or the first after Redis lost its data
		return (read.epoch() != 0) ? read : new Values(epoch(epochKey), read.entries());
	}

	/**
	 * Whether a lease is left by {@code SET key lease NX PX ms GET}, which Redis accepts
	 * from 7.0 on, rather than by a script. Asked once, and again after a failure; where
	 * {@code INFO} is refused (an ACL without it), the script is used.
	 */
	private boolean isLeaseBySet() {
		Boolean leaseBySet = this.leaseBySet;
		if (leaseBySet == null) {
			String info = execute((commands, replies) -> {
				try {
					return replies.await(commands.info("server"));
				}
				catch (CacheUnavailableException ex) {
					if (ex.getCause() instanceof RedisCommandExecutionException) {
						return "";
					}
					throw ex;
				}
			});
			leaseBySet = majorVersion(info) >= 7;
			this.leaseBySet = leaseBySet;
		}
		return leaseBySet;
	}

	private static int majorVersion(String info) {
		Matcher version = REDIS_VERSION.matcher(info);
		return version.find() ? Integer.parseInt(version.group(1)) : 0;
	}

	/**
	 * Apply fenced writes, advance the epochs of invalidated caches, then read the
	 * current epochs of the given caches, in one round trip.
	 * @param writes the fenced writes
	 * @param invalidations epoch keys of the caches to invalidate
	 * @param epochKeys epoch keys to read after the writes
	 * @return which writes were applied, and the epochs read, {@code 0} where a counter
	 * is missing
	 */
	public WriteResult write(List<EntryWrite> writes, List<byte[]> invalidations, List<byte[]> epochKeys) {
		return withScripts((bySha) -> execute((commands, replies) -> {
			SentWrites sent = new SentWrites(commands, bySha, writes, invalidations, epochKeys);
			replies.awaitAll(sent.all());
			return sent.result(replies::await);
		}));
	}

	/**
	 * Send what {@link #write} sends without waiting for the replies. On the shared
	 * native connection, commands that the caller sends later are answered after these,
	 * and a failure completes the result before their replies arrive. Until a call has
	 * taken the shared connection, with a connection factory that does not share one,
	 * with Redis Cluster (whose nodes answer independently) and while the circuit is
	 * open, it runs as {@link #write} does.
	 * @param writes the fenced writes
	 * @param invalidations epoch keys of the caches to invalidate
	 * @param epochKeys epoch keys to read after the writes
	 * @return the result, or a {@link CacheUnavailableException} when Redis did not take
	 * the writes in time, or did not know the script (the writes are not sent again here:
	 * a retry would be answered after reads sent in the meantime)
	 */
	public CompletableFuture<WriteResult> writeAsync(List<EntryWrite> writes, List<byte[]> invalidations,
			List<byte[]> epochKeys) {
		RedisClusterAsyncCommands<byte[], byte[]> commands = this.sharedCommands;
		if (commands == null || commands instanceof RedisAdvancedClusterAsyncCommands || !this.available.get()) {
			return CompletableFuture.supplyAsync(() -> write(writes, invalidations, epochKeys), Runnable::run);
		}
		return sendAsync(commands, writes, invalidations, epochKeys).orTimeout(this.timeoutNanos, TimeUnit.NANOSECONDS)
			.handle((result, ex) -> {
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
				failed(failure);
				throw failure;
			});
	}

	private CompletableFuture<WriteResult> sendAsync(RedisClusterAsyncCommands<byte[], byte[]> commands,
			List<EntryWrite> writes, List<byte[]> invalidations, List<byte[]> epochKeys) {
		try {
			SentWrites sent = new SentWrites(commands, true, writes, invalidations, epochKeys);
			return CompletableFuture
				.allOf(sent.all().stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new))
				.thenApply((done) -> sent.result(RedisEntryStore::joined));
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

	/**
	 * Group writes by script call: in a cluster, the writes of one hash slot; at most
	 * {@value #MAX_GROUP} writes each, so that a call does not hold Redis up for long.
	 */
	private static List<List<Integer>> groups(RedisClusterAsyncCommands<byte[], byte[]> commands,
			List<EntryWrite> writes) {
		boolean cluster = commands instanceof RedisAdvancedClusterAsyncCommands;
		Map<Integer, List<Integer>> open = new HashMap<>();
		List<List<Integer>> groups = new ArrayList<>();
		for (int i = 0; i < writes.size(); i++) {
			int slot = cluster ? SlotHash.getSlot(writes.get(i).key()) : 0;
			List<Integer> group = open.get(slot);
			if (group == null || group.size() == MAX_GROUP) {
				group = new ArrayList<>();
				open.put(slot, group);
				groups.add(group);
			}
			group.add(i);
		}
		return groups;
	}

	private static byte[][] keys(List<EntryWrite> writes, List<Integer> group) {
		byte[][] keys = new byte[group.size()][];
		for (int i = 0; i < keys.length; i++) {
			keys[i] = writes.get(group.get(i)).key();
		}
		return keys;
	}

	private static byte[][] arguments(List<EntryWrite> writes, List<Integer> group) {
		byte[][] arguments = new byte[group.size() * EntryWrite.ARGUMENTS][];
		for (int i = 0; i < group.size(); i++) {
			System.arraycopy(writes.get(group.get(i)).arguments(), 0, arguments, i * EntryWrite.ARGUMENTS,
					EntryWrite.ARGUMENTS);
		}
		return arguments;
	}

	/**
	 * Remove an entry.
	 * @param key the entry key
	 * @return whether there was an entry
	 */
	boolean delete(byte[] key) {
		return execute((commands, replies) -> replies.await(commands.del(key))) > 0;
	}

	/**
	 * Read a cache's epoch.
	 * @param epochKey the cache's epoch key
	 * @return the epoch
	 */
	long epoch(byte[] epochKey) {
		return withScripts((bySha) -> execute((commands, replies) -> {
			CommandBatch batch = new CommandBatch();
			RedisFuture<Long> epoch = EPOCH.call(batch, bySha, ScriptOutputType.INTEGER, new byte[][] { epochKey },
					READ_EPOCH);
			batch.send(commands);
			return replies.await(epoch);
		}));
	}

	/**
	 * Read a cache's epoch and one entry, leaving no lease.
	 * @param epochKey the cache's epoch key
	 * @param key the entry key
	 * @return the epoch and the entry, {@code null} if absent
	 */
	Values read(byte[] epochKey, byte[] key) {
		return withScripts((bySha) -> execute((commands, replies) -> {
			CommandBatch batch = new CommandBatch();
			RedisFuture<Long> epoch = EPOCH.call(batch, bySha, ScriptOutputType.INTEGER, new byte[][] { epochKey },
					READ_EPOCH);
			RedisFuture<byte[]> value = batch.get(key);
			batch.send(commands);
			return new Values(replies.await(epoch), Collections.singletonList(replies.await(value)));
		}));
	}

	/**
	 * Return one page of the keys that match a pattern, with {@code SCAN}.
	 * @param pattern the pattern
	 * @param cursor the cursor returned with the previous page, or
	 * {@link ScanCursor#INITIAL}
	 * @param count how many keys to look at
	 * @return the keys and the cursor of the next page, finished after the last
	 */
	public KeyPage scan(String pattern, ScanCursor cursor, int count) {
		return execute((commands, replies) -> {
			KeyScanCursor<byte[]> page = replies
				.await(commands.scan(cursor, ScanArgs.Builder.matches(pattern).limit(count)));
			List<String> keys = page.getKeys().stream().map((key) -> new String(key, StandardCharsets.UTF_8)).toList();
			return new KeyPage(keys, page);
		});
	}

	/**
	 * Run an action that calls scripts by digest, and once more with their text if Redis
	 * does not know them, after a restart or a {@code SCRIPT FLUSH}. Every script is safe
	 * to run twice.
	 */
	private <R> R withScripts(Function<Boolean, R> action) {
		try {
			return action.apply(true);
		}
		catch (ScriptNotLoadedException ex) {
			return action.apply(false);
		}
	}

	/**
	 * Call Redis unless the circuit is open. While it is open, calls fail at once; when
	 * the open duration has passed, one call at a time tries Redis, so that a Redis that
	 * does not answer holds up one thread, not every caller.
	 */
	private <R> R execute(BiFunction<RedisClusterAsyncCommands<byte[], byte[]>, Replies, R> action) {
		if (this.available.get()) {
			return call(action);
		}
		if (System.nanoTime() - this.openUntil < 0 || !this.probing.compareAndSet(false, true)) {
			throw new CacheUnavailableException("Redis failed recently; not retried before the circuit closes", null);
		}
		try {
			return call(action);
		}
		finally {
			this.probing.set(false);
		}
	}

	private <R> R call(BiFunction<RedisClusterAsyncCommands<byte[], byte[]>, Replies, R> action) {
		try {
			R result = callConnected(action);
			if (this.available.compareAndSet(false, true)) {
				logger.info("Redis answers again: write-through caching resumed");
			}
			return result;
		}
		catch (ScriptNotLoadedException ex) {
			throw ex;
		}
		catch (CacheUnavailableException | RedisException | DataAccessException ex) {
			if (!Thread.currentThread().isInterrupted()) {
				failed(ex);
			}
			throw (ex instanceof CacheUnavailableException unavailable) ? unavailable
					: new CacheUnavailableException(String.valueOf(ex.getMessage()), ex);
		}
	}

	/**
	 * Open the circuit after a failed call, and take the connection and the server
	 * version anew when it closes.
	 */
	private void failed(RuntimeException ex) {
		this.sharedCommands = null;
		this.leaseBySet = null;
		open(ex);
	}

	/**
	 * Run an action on the native commands of a connection. The commands of the shared
	 * native connection are kept for the next calls, until a call fails.
	 */
	@SuppressWarnings("unchecked")
	private <R> R callConnected(BiFunction<RedisClusterAsyncCommands<byte[], byte[]>, Replies, R> action) {
		RedisClusterAsyncCommands<byte[], byte[]> shared = this.sharedCommands;
		if (shared != null) {
			return action.apply(shared, new Replies(System.nanoTime() + this.timeoutNanos));
		}
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			RedisClusterAsyncCommands<byte[], byte[]> commands = (RedisClusterAsyncCommands<byte[], byte[]>) connection
				.getNativeConnection();
			if (this.sharedConnection) {
				this.sharedCommands = commands;
			}
			return action.apply(commands, new Replies(System.nanoTime() + this.timeoutNanos));
		}
	}

	private void open(RuntimeException ex) {
		this.openUntil = System.nanoTime() + this.openNanos;
		if (this.available.compareAndSet(true, false)) {
			logger.warn("Redis calls fail: reads fall back to the database and cache updates wait for repair ("
					+ ex.getMessage() + ")");
		}
	}

	/**
	 * The epoch of a cache and some of its entries, as read together.
	 *
	 * @param epoch the epoch
	 * @param entries the entries, {@code null} where the reader holds the lease
	 */
	record Values(long epoch, List<byte @Nullable []> entries) {

	}

	/**
	 * A page of keys found by {@code SCAN}.
	 *
	 * @param keys the keys
	 * @param cursor the cursor of the next page, finished after the last
	 */
	public record KeyPage(List<String> keys, ScanCursor cursor) {

	}

	/**
	 * What a batch of writes did.
	 *
	 * @param applied for each write, whether it was applied or skipped because a newer
	 * entry was there
	 * @param epochs the epochs read after the writes
	 */
	public record WriteResult(boolean[] applied, long[] epochs) {

	}

	/**
	 * A Lua script, called by its digest.
	 */
	private record RedisScript(String text, String sha) {

		static RedisScript load(String name) {
			try (InputStream in = RedisEntryStore.class.getResourceAsStream(name)) {
				Assert.state(in != null, () -> name + " not found");
				String text = StreamUtils.copyToString(in, StandardCharsets.UTF_8);
				byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
				return new RedisScript(text, HexFormat.of().formatHex(digest));
			}
			catch (IOException | NoSuchAlgorithmException ex) {
				throw new IllegalStateException("Cannot load " + name, ex);
			}
		}

		<T> RedisFuture<T> call(CommandBatch batch, boolean bySha, ScriptOutputType type, byte[][] keys,
				byte[][] arguments) {
			return bySha ? batch.evalsha(this.sha, type, keys, arguments)
					: batch.eval(this.text, type, keys, arguments);
		}

	}

	/**
	 * The commands of one {@link #write}, sent.
	 */
	private static final class SentWrites {

		private final int writeCount;

		private final List<List<Integer>> groups;

		private final List<RedisFuture<List<Object>>> written;

		private final List<RedisFuture<Long>> incremented;

		private final List<RedisFuture<byte[]>> epochs;

		SentWrites(RedisClusterAsyncCommands<byte[], byte[]> commands, boolean bySha, List<EntryWrite> writes,
				List<byte[]> invalidations, List<byte[]> epochKeys) {
			this.writeCount = writes.size();
			this.groups = groups(commands, writes);
			CommandBatch batch = new CommandBatch();
			this.written = new ArrayList<>(this.groups.size());
			for (List<Integer> group : this.groups) {
				this.written.add(FENCED_WRITE.call(batch, bySha, ScriptOutputType.MULTI, keys(writes, group),
						arguments(writes, group)));
			}
			this.incremented = new ArrayList<>(invalidations.size());
			for (byte[] epochKey : invalidations) {
				this.incremented
					.add(EPOCH.call(batch, bySha, ScriptOutputType.INTEGER, new byte[][] { epochKey }, ADVANCE_EPOCH));
			}
			this.epochs = new ArrayList<>(epochKeys.size());
			for (byte[] epochKey : epochKeys) {
				this.epochs.add(batch.get(epochKey));
			}
			batch.send(commands);
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
			boolean[] applied = new boolean[this.writeCount];
			for (int i = 0; i < this.groups.size(); i++) {
				List<Integer> group = this.groups.get(i);
				List<Object> reply = replies.read(this.written.get(i));
				for (int j = 0; j < group.size(); j++) {
					applied[group.get(j)] = Long.valueOf(1).equals(reply.get(j));
				}
			}
			this.incremented.forEach(replies::read);
			long[] epochValues = new long[this.epochs.size()];
			for (int i = 0; i < epochValues.length; i++) {
				byte[] value = replies.read(this.epochs.get(i));
				epochValues[i] = (value != null) ? Long.parseLong(new String(value, StandardCharsets.US_ASCII)) : 0;
			}
			return new WriteResult(applied, epochValues);
		}

	}

	/**
	 * Reads the reply of a command.
	 */
	@FunctionalInterface
	private interface ReplyReader {

		<T> T read(Future<T> future);

	}

	/**
	 * Waits for the replies of one call, all within the call's time limit.
	 */
	private static final class Replies {

		private final long deadline;

		Replies(long deadline) {
			this.deadline = deadline;
		}

		/**
		 * Wait for the replies of commands sent one after the other, the last first: on
		 * one connection, the others have come by then.
		 */
		<T> List<@Nullable T> awaitAll(List<? extends Future<? extends T>> futures) {
			if (!futures.isEmpty()) {
				await(futures.get(futures.size() - 1));
			}
			List<@Nullable T> replies = new ArrayList<>(futures.size());
			for (Future<? extends T> future : futures) {
				replies.add(await(future));
			}
			return replies;
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
	 * Thrown when Redis does not know a script by its digest.
	 */
	private static final class ScriptNotLoadedException extends RuntimeException {

		ScriptNotLoadedException() {
			super(null, null, false, false);
		}

	}

}
