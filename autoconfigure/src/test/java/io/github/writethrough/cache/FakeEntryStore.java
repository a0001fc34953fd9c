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

package io.github.writethrough.cache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.writethrough.store.CacheUnavailableException;
import io.github.writethrough.store.EntryRead;
import io.github.writethrough.store.EntryStore;
import io.github.writethrough.store.EntryWrite;
import io.github.writethrough.store.KeyPage;
import io.github.writethrough.store.StoredEntry;
import io.github.writethrough.store.RedisFailure;
import io.github.writethrough.store.RedisMaster;
import io.github.writethrough.store.WriteBatch;
import io.github.writethrough.store.WriteMode;
import io.github.writethrough.store.WriteResult;
import org.jspecify.annotations.Nullable;

import static io.github.writethrough.cache.TestEntities.text;

/**
 * An {@link EntryStore} in memory that records the batches it receives: fills land where
 * the key still holds what they expect, committed writes and delete markers always land
 * (the fence rule of the script is not re-implemented), unless a test skips them or makes
 * every call fail.
 *
 * @author Write-Through contributors
 */
final class FakeEntryStore implements EntryStore {

	/**
	 * The value a missing epoch counter starts from.
	 */
	static final long INITIAL_EPOCH = 1000;

	private final Map<String, byte[]> entries = new LinkedHashMap<>();

	private final Map<String, Long> epochs = new HashMap<>();

	private final Map<String, Long> ttls = new HashMap<>();

	private final List<WriteBatch> batches = new ArrayList<>();

	private int writesToSkip;

	private boolean unavailable;

	private int calls;

	private int epochCalls;

	/**
	 * Make the next writes skipped, as if the cache held newer entries.
	 */
	synchronized void skipNextWrites(int count) {
		this.writesToSkip = count;
	}

	/**
	 * Make every call fail with {@link CacheUnavailableException}, or stop doing so.
	 */
	synchronized void unavailable(boolean unavailable) {
		this.unavailable = unavailable;
	}

	/**
	 * Put an entry that expires in a minute, without counting a call.
	 */
	synchronized void put(byte[] key, byte[] entry) {
		put(key, entry, 60_000);
	}

	/**
	 * Put an entry, without counting a call.
	 * @param ttlMillis the time the entry has left to live, {@link StoredEntry#NO_EXPIRY}
	 * if it never expires
	 */
	synchronized void put(byte[] key, byte[] entry, long ttlMillis) {
		this.entries.put(text(key), entry);
		this.ttls.put(text(key), ttlMillis);
	}

	/**
	 * Return the entry of a key, without counting a call.
	 */
	synchronized byte @Nullable [] entry(byte[] key) {
		return this.entries.get(text(key));
	}

	/**
	 * Return the batches received by {@link #write} and {@link #writeAsync}, in order.
	 */
	synchronized List<WriteBatch> batches() {
		return List.copyOf(this.batches);
	}

	/**
	 * Return how many calls reached this store, failed ones included.
	 */
	synchronized int calls() {
		return this.calls;
	}

	/**
	 * Return how many times {@link #epoch} was called, failed calls included.
	 */
	synchronized int epochCalls() {
		return this.epochCalls;
	}

	@Override
	public synchronized EntryRead lookup(byte[] epochKey, List<byte[]> keys, byte[] lease, long leaseMillis,
			int maxBytes) {
		called();
		List<byte @Nullable []> found = new ArrayList<>(keys.size());
		for (byte[] key : keys) {
			byte[] entry = this.entries.putIfAbsent(text(key), lease);
			this.ttls.putIfAbsent(text(key), leaseMillis);
			found.add(entry);
		}
		return new EntryRead(currentEpoch(epochKey), found);
	}

	@Override
	public synchronized StoredEntry read(byte[] epochKey, byte[] key, int maxBytes) {
		called();
		return new StoredEntry(currentEpoch(epochKey), this.entries.get(text(key)),
				this.ttls.getOrDefault(text(key), StoredEntry.NO_EXPIRY));
	}

	@Override
	public synchronized long epoch(byte[] epochKey) {
		this.epochCalls++;
		called();
		return currentEpoch(epochKey);
	}

	@Override
	public synchronized WriteResult write(WriteBatch batch) {
		called();
		this.batches.add(batch);
		List<EntryWrite> applied = new ArrayList<>();
		for (EntryWrite write : batch.writes()) {
			if (this.writesToSkip > 0) {
				this.writesToSkip--;
			}
			else if (!write.mode().isFill() || Arrays.equals(this.entries.get(text(write.key())), write.expected())) {
				this.entries.put(text(write.key()), write.entry());
				long ttl = (write.ttlMillis() > 0) ? write.ttlMillis() : StoredEntry.NO_EXPIRY;
				long left = this.ttls.getOrDefault(text(write.key()), StoredEntry.NO_EXPIRY);
				if (write.mode() == WriteMode.FILL_KEEPING_STATES && left != StoredEntry.NO_EXPIRY
						&& (ttl == StoredEntry.NO_EXPIRY || left < ttl)) {
					ttl = left;
				}
				this.ttls.put(text(write.key()), ttl);
				applied.add(write);
			}
		}
		for (byte[] epochKey : batch.invalidations()) {
			this.epochs.put(text(epochKey), currentEpoch(epochKey) + 1);
		}
		Map<byte[], Long> epochsRead = new HashMap<>();
		for (byte[] epochKey : batch.epochReads()) {
			epochsRead.put(epochKey, this.epochs.getOrDefault(text(epochKey), 0L));
		}
		return WriteResult.of(applied, epochsRead);
	}

	@Override
	public CompletableFuture<WriteResult> writeAsync(WriteBatch batch) {
		try {
			return CompletableFuture.completedFuture(write(batch));
		}
		catch (CacheUnavailableException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	public synchronized byte @Nullable [] get(byte[] key, int maxBytes) {
		called();
		return this.entries.get(text(key));
	}

	@Override
	public synchronized void set(byte[] key, byte[] value, long ttlMillis) {
		called();
		put(key, value, (ttlMillis > 0) ? ttlMillis : StoredEntry.NO_EXPIRY);
	}

	@Override
	public synchronized boolean delete(byte[] key) {
		called();
		return this.entries.remove(text(key)) != null;
	}

	@Override
	public KeyPage scan(String pattern, @Nullable KeyPage previous, int count) {
		throw new UnsupportedOperationException("scan");
	}

	@Override
	public synchronized boolean isAvailable() {
		return !this.unavailable;
	}

	@Override
	public @Nullable RedisFailure lastFailure() {
		return null;
	}

	@Override
	public List<RedisMaster> masters() {
		return List.of(new RedisMaster("fake", 0, 0, false, null));
	}

	@Override
	public synchronized boolean ping() {
		return !this.unavailable;
	}

	private void called() {
		this.calls++;
		if (this.unavailable) {
			throw new CacheUnavailableException("Redis is unavailable (test)", null);
		}
	}

	private long currentEpoch(byte[] epochKey) {
		return this.epochs.computeIfAbsent(text(epochKey), (key) -> INITIAL_EPOCH);
	}

}
