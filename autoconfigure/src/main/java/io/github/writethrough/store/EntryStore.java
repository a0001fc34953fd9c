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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Reads and writes cache entries in Redis. Every call is one round trip and either
 * returns what Redis answered or throws {@link CacheUnavailableException}; after a
 * failure, calls fail at once for a while, so that a dead Redis does not slow every
 * caller down.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 * @see #lettuce(RedisConnectionFactory, Duration, Duration)
 */
public interface EntryStore {

	/**
	 * Read a cache's epoch and entries. Where an entry is absent, a lease is left in its
	 * place, so that the caller may fill it unless a write comes first.
	 * @param epochKey the cache's epoch key
	 * @param keys the entry keys
	 * @param lease the lease to leave where an entry is absent
	 * @param leaseMillis how long a lease lives
	 * @param maxBytes the largest entry expected: a larger one comes cut to
	 * {@code maxBytes + 1} bytes, so that it shows as such without being read whole
	 * @return the epoch, and the entries with {@code null} where the caller now holds the
	 * lease
	 */
	EntryRead lookup(byte[] epochKey, List<byte[]> keys, byte[] lease, long leaseMillis, int maxBytes);

	/**
	 * Read a cache's epoch, the start of one entry and its time-to-live, leaving no
	 * lease: at most {@code maxBytes + 1} bytes, so that an entry larger than
	 * {@code maxBytes} shows as such without being read whole.
	 * @param epochKey the cache's epoch key
	 * @param key the entry key
	 * @param maxBytes the largest entry expected
	 * @return the epoch and the entry, its value {@code null} if absent
	 */
	StoredEntry read(byte[] epochKey, byte[] key, int maxBytes);

	/**
	 * Read a cache's epoch, starting the counter if it is missing.
	 * @param epochKey the cache's epoch key
	 * @return the epoch
	 */
	long epoch(byte[] epochKey);

	/**
	 * Apply fenced writes, advance the epochs of invalidated caches, then read epochs.
	 * @param batch what to send
	 * @return what each write did, and the epochs read
	 */
	WriteResult write(WriteBatch batch);

	/**
	 * Send what {@link #write} sends without waiting for the replies. Commands that the
	 * caller sends later on the same connection are answered after these, and a failure
	 * completes the result before their replies arrive. Where that order cannot be had
	 * (no shared connection yet, Redis Cluster, an open circuit) it runs as
	 * {@link #write} does.
	 * @param batch what to send
	 * @return the result, or a {@link CacheUnavailableException} when Redis did not take
	 * the batch in time or did not know the script (the batch is not sent again: a retry
	 * would be answered after reads sent in the meantime)
	 */
	CompletableFuture<WriteResult> writeAsync(WriteBatch batch);

	/**
	 * Read a key that is not an entry, such as a unique key's index, with
	 * {@code GETRANGE}.
	 * @param key the key
	 * @param maxBytes the most bytes to read; a longer value is returned cut
	 * @return the value, or {@code null} when the key is empty
	 */
	byte @Nullable [] get(byte[] key, int maxBytes);

	/**
	 * Set a key that is not an entry, such as a unique key's index, unconditionally.
	 * @param key the key
	 * @param value the value
	 * @param ttlMillis the time-to-live, {@code 0} for none
	 */
	void set(byte[] key, byte[] value, long ttlMillis);

	/**
	 * Remove an entry.
	 * @param key the entry key
	 * @return whether there was an entry
	 */
	boolean delete(byte[] key);

	/**
	 * Return the next page of the keys that match a pattern, with {@code SCAN}.
	 * @param pattern the pattern
	 * @param previous the previous page, or {@code null} (or the last page) to start over
	 * @param count how many keys to look at
	 * @return the page
	 */
	KeyPage scan(String pattern, @Nullable KeyPage previous, int count);

	/**
	 * Whether the last call reached Redis: {@code false} while calls fail.
	 * @return whether Redis is available
	 */
	boolean isAvailable();

	/**
	 * Return what the last failure was, while calls fail at once.
	 * @return the failure, or {@code null} while Redis is available
	 */
	@Nullable RedisFailure lastFailure();

	/**
	 * Ask each master who it is, past the circuit breakers: one server or the master of a
	 * Sentinel group, or each master of a Cluster.
	 * @return the masters that answered in time; those that did not are left out
	 */
	List<RedisMaster> masters();

	/**
	 * Check that Redis answers, even while calls fail at once; a success ends that.
	 * @return whether Redis answered
	 */
	boolean ping();

	/**
	 * Create a store over the connections of a Lettuce connection factory, sharing its
	 * native connection when the factory shares one.
	 * @param connectionFactory the connection factory
	 * @param timeout how long a call waits for Redis before it fails
	 * @param openDuration how long calls fail at once, without reaching Redis, after a
	 * call failed
	 * @return the store
	 */
	static EntryStore lettuce(RedisConnectionFactory connectionFactory, Duration timeout, Duration openDuration) {
		return new LettuceEntryStore(connectionFactory, timeout, openDuration);
	}

}
