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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for {@link TestReplica}: a standby that replays the primary's schema,
 * and holds back commits by its apply delay.
 *
 * @author Write-Through contributors
 */
@EnabledIf("replicaAvailable")
class TestReplicaIntegrationTests {

	private final TestSchema schema = TestServers.postgres().createSchema(getClass().getSimpleName());

	static boolean replicaAvailable() {
		return TestServers.replica().isPresent();
	}

	@AfterEach
	void dropSchema() {
		replica().applyDelay(Duration.ZERO);
		this.schema.drop();
	}

	@Test
	void replicaIsAStandbyThatReplaysThePrimary() throws SQLException {
		execute("create table probe (id int)", "insert into probe values (1)");
		replica().awaitReplay(Duration.ofSeconds(30));
		assertThat(queryOnReplica("select pg_is_in_recovery()::text")).isEqualTo("true");
		assertThat(queryOnReplica("select count(*)::text from " + this.schema.name() + ".probe")).isEqualTo("1");
	}

	@Test
	void applyDelayHoldsCommitsBack() throws SQLException {
		execute("create table probe (id int)");
		replica().awaitReplay(Duration.ofSeconds(30));
		replica().applyDelay(Duration.ofSeconds(3));
		execute("insert into probe values (1)");
		assertThat(queryOnReplica("select count(*)::text from " + this.schema.name() + ".probe")).isEqualTo("0");
		replica().applyDelay(Duration.ZERO);
		replica().awaitReplay(Duration.ofSeconds(30));
		assertThat(queryOnReplica("select count(*)::text from " + this.schema.name() + ".probe")).isEqualTo("1");
	}

	private void execute(String... statements) throws SQLException {
		try (Connection connection = this.schema.connect(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	private static String queryOnReplica(String sql) throws SQLException {
		try (Connection connection = replica().connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

	private static TestReplica replica() {
		return TestServers.replica().orElseThrow();
	}

}
