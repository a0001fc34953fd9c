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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for the isolation helpers of the shared {@link TestServers}, whatever
 * their source.
 *
 * @author Write-Through contributors
 */
class TestServersIntegrationTests {

	@Test
	void sharedServersAreStartedOnce() {
		assertThat(TestServers.postgres()).isSameAs(TestServers.postgres());
		assertThat(TestServers.redis()).isSameAs(TestServers.redis());
	}

	@Test
	void schemaIsCreatedCurrentAndDropped() throws Exception {
		TestSchema schema = TestServers.postgres().createSchema(getClass().getSimpleName());
		assertThat(schema.name()).startsWith("testserversintegrationtests_");
		assertThat(schema.jdbcUrl()).endsWith("currentSchema=" + schema.name());
		try (Connection connection = schema.connect(); Statement statement = connection.createStatement()) {
			statement.execute("create table probe (id int)");
			try (ResultSet result = statement.executeQuery("select current_schema()")) {
				assertThat(result.next()).isTrue();
				assertThat(result.getString(1)).isEqualTo(schema.name());
			}
		}
		schema.drop();
		assertThat(schemaExists(schema.name())).isFalse();
	}

	@Test
	void deleteKeysRemovesOnlyKeysWithThePrefix() {
		TestRedis redis = TestServers.redis();
		String prefix = redis.newKeyPrefix(getClass());
		String other = redis.newKeyPrefix(getClass());
		redis.withCommands((commands) -> {
			for (int i = 0; i < 1200; i++) {
				commands.set(prefix + i, "v");
			}
			return commands.set(other + "kept", "v");
		});
		assertThat(redis.deleteKeys(prefix)).isEqualTo(1200);
		long remaining = redis.withCommands((commands) -> commands.exists(prefix + "0", other + "kept"));
		assertThat(remaining).isOne();
		redis.deleteKeys(other);
	}

	@Test
	void springPropertiesPointAtTheServers() {
		TestPostgres postgres = TestServers.postgres();
		TestRedis redis = TestServers.redis();
		SpringProperties properties = postgres.springProperties().and(redis.springProperties());
		assertThat(properties.asMap()).containsEntry("spring.datasource.url", postgres.jdbcUrl())
			.containsEntry("spring.datasource.username", postgres.username())
			.containsEntry("spring.data.redis.host", redis.host())
			.containsEntry("spring.data.redis.port", String.valueOf(redis.port()));
		assertThat(properties.toArray()).contains("spring.datasource.url=" + postgres.jdbcUrl(),
				"spring.data.redis.port=" + redis.port());
	}

	private boolean schemaExists(String name) throws Exception {
		try (Connection connection = TestServers.postgres().connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(
						"select count(*) from information_schema.schemata where schema_name = '" + name + "'")) {
			result.next();
			return result.getInt(1) == 1;
		}
	}

}
