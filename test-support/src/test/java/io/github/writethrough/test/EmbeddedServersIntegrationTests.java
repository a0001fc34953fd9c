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

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import io.lettuce.core.ScriptOutputType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for embedded servers, forced whatever the environment says. The
 * servers started here are not the shared ones and stop when the JVM exits.
 *
 * @author Write-Through contributors
 */
class EmbeddedServersIntegrationTests {

	private static final TestServerSettings EMBEDDED = new TestServerSettings(ServerSource.EMBEDDED, null, null);

	@Test
	void embeddedPostgresAnswersQueries() throws Exception {
		TestPostgres postgres = TestServers.startPostgres(EMBEDDED);
		assertThat(postgres.source()).isEqualTo(ServerSource.EMBEDDED);
		try (Connection connection = postgres.connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select 1")) {
			assertThat(result.next()).isTrue();
			assertThat(result.getInt(1)).isOne();
		}
	}

	@Test
	void embeddedRedisRunsCommandsAndScripts() {
		TestRedis redis = TestServers.startRedis(EMBEDDED);
		assertThat(redis.source()).isEqualTo(ServerSource.EMBEDDED);
		assertThat(redis.port()).isNotEqualTo(6379);
		String key = redis.newKeyPrefix(getClass()) + "greeting";
		String result = redis.withCommands((commands) -> {
			commands.set(key, "hello");
			assertThat(commands.get(key)).isEqualTo("hello");
			return commands.eval("return redis.call('GET', KEYS[1]) .. ' ' .. ARGV[1]", ScriptOutputType.VALUE,
					new String[] { key }, "world");
		});
		assertThat(result).isEqualTo("hello world");
	}

}
