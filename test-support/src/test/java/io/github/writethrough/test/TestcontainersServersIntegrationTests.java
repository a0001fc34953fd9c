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
import org.testcontainers.junit.jupiter.Testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for servers in containers, skipped where no Docker engine is
 * reachable.
 *
 * @author Write-Through contributors
 */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersServersIntegrationTests {

	private static final TestServerSettings TESTCONTAINERS = new TestServerSettings(ServerSource.TESTCONTAINERS, null,
			null);

	@Test
	void containerPostgresAnswersQueries() throws Exception {
		TestPostgres postgres = TestServers.startPostgres(TESTCONTAINERS);
		assertThat(postgres.source()).isEqualTo(ServerSource.TESTCONTAINERS);
		try (Connection connection = postgres.connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select 1")) {
			assertThat(result.next()).isTrue();
			assertThat(result.getInt(1)).isOne();
		}
	}

	@Test
	void containerRedisRunsCommands() {
		TestRedis redis = TestServers.startRedis(TESTCONTAINERS);
		assertThat(redis.source()).isEqualTo(ServerSource.TESTCONTAINERS);
		String reply = redis.withCommands((commands) -> commands.ping());
		assertThat(reply).isEqualTo("PONG");
	}

}
