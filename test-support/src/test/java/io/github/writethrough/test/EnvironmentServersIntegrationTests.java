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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for servers given by the environment, as {@code .ci/run} does. They
 * run only when the environment names both servers and no source is forced.
 *
 * @author Write-Through contributors
 */
@EnabledIfEnvironmentVariable(named = "WRITE_THROUGH_TEST_POSTGRES_URL", matches = ".+")
@EnabledIfEnvironmentVariable(named = "WRITE_THROUGH_TEST_REDIS_URL", matches = ".+")
@DisabledIfEnvironmentVariable(named = "WRITE_THROUGH_TEST_SERVERS", matches = ".+")
@DisabledIfSystemProperty(named = "write-through.test.servers", matches = ".+")
class EnvironmentServersIntegrationTests {

	@Test
	void postgresIsTheOneTheEnvironmentNames() throws Exception {
		TestPostgres postgres = TestServers.postgres();
		assertThat(postgres.source()).isEqualTo(ServerSource.ENVIRONMENT);
		assertThat(postgres.jdbcUrl()).isEqualTo(System.getenv("WRITE_THROUGH_TEST_POSTGRES_URL"));
		try (Connection connection = postgres.connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select 1")) {
			assertThat(result.next()).isTrue();
			assertThat(result.getInt(1)).isOne();
		}
	}

	@Test
	void redisIsTheOneTheEnvironmentNames() {
		TestRedis redis = TestServers.redis();
		assertThat(redis.source()).isEqualTo(ServerSource.ENVIRONMENT);
		assertThat(new TestServerSettings.RedisSettings(redis.host(), redis.port()))
			.isEqualTo(TestServerSettings.parseRedis(System.getenv("WRITE_THROUGH_TEST_REDIS_URL")));
		String reply = redis.withCommands((commands) -> commands.ping());
		assertThat(reply).isEqualTo("PONG");
	}

}
