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
package io.github.writethrough.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * A plain Lettuce client with its own connection: the Redis floor, and the tool that
 * prepares and cleans up keys.
 *
 * @author Write-Through contributors
 */
final class RawRedis implements AutoCloseable {

	private final RedisClient client;

	private final StatefulRedisConnection<byte[], byte[]> connection;

	private RawRedis(RedisClient client) {
		this.client = client;
		this.connection = client.connect(ByteArrayCodec.INSTANCE);
	}

	static RawRedis connect(BenchmarkSettings settings) {
		return new RawRedis(RedisClient.create(RedisURI.create(settings.redisHost(), settings.redisPort())));
	}

	RedisCommands<byte[], byte[]> sync() {
		return this.connection.sync();
	}

	/**
	 * Return the key of the starter's entry of an item.
	 * @param id the item's id
	 * @return the key
	 */
	static byte[] entryKey(long id) {
		return key(BenchmarkSettings.KEY_PREFIX + ":" + CachedItemRepository.CACHE_NAME + ":" + id);
	}

	/**
	 * Return the key of the peer's entry of an item ({@code RedisCacheConfiguration}'s
	 * {@code <prefix><cache>::<key>}).
	 * @param id the item's id
	 * @return the key
	 */
	static byte[] peerKey(long id) {
		return key(BenchmarkApplication.PEER_KEY_PREFIX + PeerItemService.CACHE_NAME + "::" + id);
	}

	static byte[] key(String key) {
		return key.getBytes(StandardCharsets.UTF_8);
	}

	String serverVersion() {
		String info = sync().info("server");
		return info.lines()
			.filter((line) -> line.startsWith("redis_version:"))
			.map((line) -> line.substring("redis_version:".length()))
			.findFirst()
			.orElse("unknown");
	}

	/**
	 * Delete every key that starts with the benchmarks' prefix, with {@code SCAN}.
	 * @return the number of keys deleted
	 */
	long deleteBenchmarkKeys() {
		long deleted = 0;
		ScanArgs args = ScanArgs.Builder.matches(BenchmarkSettings.KEY_PREFIX + "*").limit(1000);
		ScanCursor cursor = ScanCursor.INITIAL;
		do {
			KeyScanCursor<byte[]> page = sync().scan(cursor, args);
			List<byte[]> keys = page.getKeys();
			if (!keys.isEmpty()) {
				deleted += sync().del(keys.toArray(new byte[0][]));
			}
			cursor = page;
		}
		while (!cursor.isFinished());
		return deleted;
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
	}

}
