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

package io.github.writethrough.test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import org.springframework.util.Assert;

/**
 * A running Redis server for tests.
 *
 * @param host host name or address
 * @param port port
 * @param source where the server comes from
 * @author Write-Through contributors
 * @since 0.1.0
 * @see TestServers#redis()
 */
public record TestRedis(String host, int port, ServerSource source) {

	private static final int SCAN_COUNT = 500;

	/**
	 * Return the URL of the server, {@code redis://host:port}.
	 * @return the URL
	 */
	public String url() {
		return "redis://" + this.host + ":" + this.port;
	}

	/**
	 * Return a key prefix no other test class uses, such as
	 * {@code wt-test:ProfileCacheIntegrationTests:1f2e3d4c:}.
	 * @param testClass the test class
	 * @return a unique key prefix ending in {@code :}
	 */
	public String newKeyPrefix(Class<?> testClass) {
		Assert.notNull(testClass, "'testClass' must not be null");
		return "wt-test:" + testClass.getSimpleName() + ":" + UUID.randomUUID().toString().substring(0, 8) + ":";
	}

	/**
	 * Run an action with synchronous Lettuce commands on a new connection that is closed
	 * afterwards.
	 * @param <T> the type of the result
	 * @param action the action
	 * @return the result of the action
	 */
	public <T> T withCommands(Function<RedisCommands<String, String>, T> action) {
		Assert.notNull(action, "'action' must not be null");
		return withCommands(this.host, this.port, action);
	}

	/**
	 * Run an action with synchronous Lettuce commands on a new connection to a server,
	 * closed afterwards.
	 * @param <T> the type of the result
	 * @param host the server's host
	 * @param port the server's port
	 * @param action the action
	 * @return the result of the action
	 */
	static <T> T withCommands(String host, int port, Function<RedisCommands<String, String>, T> action) {
		RedisClient client = RedisClient.create(RedisURI.create(host, port));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return action.apply(connection.sync());
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	/**
	 * Delete every key that starts with the given prefix, using {@code SCAN} so that the
	 * server is never blocked. For test clean-up only.
	 * @param prefix the key prefix, as returned by {@link #newKeyPrefix(Class)}
	 * @return the number of keys deleted
	 */
	public long deleteKeys(String prefix) {
		Assert.hasText(prefix, "'prefix' must not be empty");
		ScanArgs args = ScanArgs.Builder.matches(escapeGlob(prefix) + "*").limit(SCAN_COUNT);
		return withCommands((commands) -> {
			long deleted = 0;
			ScanCursor cursor = ScanCursor.INITIAL;
			do {
				KeyScanCursor<String> page = commands.scan(cursor, args);
				if (!page.getKeys().isEmpty()) {
					deleted += commands.unlink(page.getKeys().toArray(String[]::new));
				}
				cursor = page;
			}
			while (!cursor.isFinished());
			return deleted;
		});
	}

	static String escapeGlob(String value) {
		return value.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
	}

	/**
	 * Return the {@code spring.data.redis.*} properties for this server.
	 * @return the properties
	 */
	public SpringProperties springProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.data.redis.host", this.host);
		properties.put("spring.data.redis.port", String.valueOf(this.port));
		return SpringProperties.of(properties);
	}

}
