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

package io.github.writethrough.transaction;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.github.writethrough.store.CacheUnavailableException;
import io.github.writethrough.store.EntryRead;
import io.github.writethrough.store.EntryStore;
import io.github.writethrough.store.EntryWrite;
import io.github.writethrough.store.KeyPage;
import io.github.writethrough.store.StoredEntry;
import io.github.writethrough.store.RedisFailure;
import io.github.writethrough.store.RedisMaster;
import io.github.writethrough.store.WriteBatch;
import io.github.writethrough.store.WriteResult;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EntryStore} for tests that records the batches it is given and applies
 * nothing: every write is answered as applied, every epoch read as {@link #EPOCH}. Public
 * so that the tests of other packages can share it.
 *
 * @author Write-Through contributors
 */
public final class RecordingEntryStore implements EntryStore {

	private volatile String runId = UUID.randomUUID().toString();

	private volatile boolean replicaHolds = true;

	private volatile long replicaOffset;

	/**
	 * The epoch of every cache, as this store answers it.
	 */
	public static final long EPOCH = 7;

	private final List<WriteBatch> batches = new CopyOnWriteArrayList<>();

	private final Map<ByteBuffer, byte[]> entries = new ConcurrentHashMap<>();

	private volatile boolean failing;

	private volatile boolean skipping;

	private volatile @Nullable Consumer<WriteBatch> onWrite;

	private volatile @Nullable PendingWrite pendingWrite;

	/**
	 * Make every call throw {@link CacheUnavailableException}, or stop doing so.
	 * @param failing whether calls fail
	 */
	public void failing(boolean failing) {
		this.failing = failing;
	}

	/**
	 * Answer every write as skipped, as if the entries in Redis were newer, or stop doing
	 * so.
	 * @param skipping whether writes are skipped
	 */
	public void skipping(boolean skipping) {
		this.skipping = skipping;
	}

	/**
	 * Run an action inside each later write, after the batch was recorded and before it
	 * is answered, as if it ran while the batch was in flight.
	 * @param onWrite the action, or {@code null} for none
	 */
	public void onWrite(@Nullable Consumer<WriteBatch> onWrite) {
		this.onWrite = onWrite;
	}

	/**
	 * Leave an entry for lookups and reads to find.
	 * @param key the entry key
	 * @param entry the entry
	 */
	public void entry(byte[] key, byte[] entry) {
		this.entries.put(ByteBuffer.wrap(key), entry);
	}

	/**
	 * Return the batches given so far, failed ones included, in the order given.
	 * @return the batches
	 */
	public List<WriteBatch> batches() {
		return List.copyOf(this.batches);
	}

	/**
	 * Return the last batch given.
	 * @return the batch
	 */
	public WriteBatch lastBatch() {
		List<WriteBatch> batches = batches();
		if (batches.isEmpty()) {
			throw new IllegalStateException("No batch was written");
		}
		return batches.get(batches.size() - 1);
	}

	/**
	 * Return the result of the last {@link #writeAsync}, which the test completes.
	 * @return the result
	 */
	public CompletableFuture<WriteResult> pendingWrite() {
		return pending().result();
	}

	/**
	 * Complete the last {@link #writeAsync} as the other writes are answered.
	 */
	public void completePendingWrite() {
		PendingWrite pending = pending();
		pending.result().complete(answer(pending.batch()));
	}

	/**
	 * Fail the last {@link #writeAsync} as Redis does when it did not take the batch.
	 */
	public void failPendingWrite() {
		pendingWrite().completeExceptionally(unavailable());
	}

	private PendingWrite pending() {
		return Objects.requireNonNull(this.pendingWrite, "No batch was written without waiting");
	}

	@Override
	public EntryRead lookup(byte[] epochKey, List<byte[]> keys, byte[] lease, long leaseMillis, int maxBytes) {
		failIfFailing();
		return new EntryRead(EPOCH, keys.stream().map(this::entryOf).toList());
	}

	@Override
	public StoredEntry read(byte[] epochKey, byte[] key, int maxBytes) {
		failIfFailing();
		return new StoredEntry(EPOCH, entryOf(key), StoredEntry.NO_EXPIRY);
	}

	private byte @Nullable [] entryOf(byte[] key) {
		return this.entries.get(ByteBuffer.wrap(key));
	}

	@Override
	public long epoch(byte[] epochKey) {
		failIfFailing();
		return EPOCH;
	}

	@Override
	public WriteResult write(WriteBatch batch) {
		this.batches.add(batch);
		failIfFailing();
		runOnWrite(batch);
		return answer(batch);
	}

	@Override
	public CompletableFuture<WriteResult> writeAsync(WriteBatch batch) {
		this.batches.add(batch);
		CompletableFuture<WriteResult> result = new CompletableFuture<>();
		this.pendingWrite = new PendingWrite(batch, result);
		if (this.failing) {
			// as the Lettuce store does: a failure completes the result
			result.completeExceptionally(unavailable());
		}
		return result;
	}

	private void runOnWrite(WriteBatch batch) {
		Consumer<WriteBatch> onWrite = this.onWrite;
		if (onWrite != null) {
			onWrite.accept(batch);
		}
	}

	private WriteResult answer(WriteBatch batch) {
		Map<byte[], Long> epochs = new HashMap<>();
		batch.epochReads().forEach((epochKey) -> epochs.put(epochKey, EPOCH));
		List<EntryWrite> applied = this.skipping ? List.of() : batch.writes();
		return WriteResult.of(applied, epochs);
	}

	@Override
	public byte @Nullable [] get(byte[] key, int maxBytes) {
		failIfFailing();
		return this.entries.get(ByteBuffer.wrap(key));
	}

	@Override
	public void set(byte[] key, byte[] value, long ttlMillis) {
		failIfFailing();
		this.entries.put(ByteBuffer.wrap(key), value);
	}

	@Override
	public boolean delete(byte[] key) {
		failIfFailing();
		return this.entries.remove(ByteBuffer.wrap(key)) != null;
	}

	@Override
	public KeyPage scan(String pattern, @Nullable KeyPage previous, int count) {
		throw new UnsupportedOperationException("RecordingEntryStore does not scan");
	}

	@Override
	public boolean isAvailable() {
		return !this.failing;
	}

	@Override
	public @Nullable RedisFailure lastFailure() {
		return null;
	}

	@Override
	public boolean ping() {
		return !this.failing;
	}

	@Override
	public List<RedisMaster> masters() {
		long offset = this.batches.size();
		if (this.replicaHolds) {
			this.replicaOffset = offset;
		}
		return this.failing ? List.of() : List.of(new RedisMaster(this.runId, offset, this.replicaOffset, true, null));
	}

	/**
	 * Make the master's replica take what it is sent from now on, or not.
	 * @param replicaHolds whether the replica takes it
	 */
	public void replicaHolds(boolean replicaHolds) {
		this.replicaHolds = replicaHolds;
	}

	/**
	 * Make Redis answer as a server that restarted, or a replica that took over.
	 */
	public void replaceMaster() {
		this.runId = UUID.randomUUID().toString();
	}

	private void failIfFailing() {
		if (this.failing) {
			throw unavailable();
		}
	}

	private static CacheUnavailableException unavailable() {
		return new CacheUnavailableException("Redis is down in this test", null);
	}

	/**
	 * A batch written without waiting, and its result.
	 */
	private record PendingWrite(WriteBatch batch, CompletableFuture<WriteResult> result) {

	}

}
