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

package io.github.writethrough.sample;

import java.time.Duration;

import io.github.writethrough.operations.CacheCoherence;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app against a PostgreSQL and a Redis that Testcontainers starts and
 * {@link ServiceConnection @ServiceConnection} connects, as a user's own
 * {@code @SpringBootTest} gets them. The {@code prod} profile starts no embedded servers
 * and turns the change feed on. Skipped where Docker is absent.
 *
 * @author Write-Through contributors
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest
@ActiveProfiles("prod")
class ProfileServiceConnectionIntegrationTests {

	@Container
	@ServiceConnection
	static PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine")
		// logical decoding, for the change feed that the prod profile turns on
		.withCommand("postgres", "-c", "wal_level=logical");

	@Container
	@ServiceConnection(name = "redis")
	static GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);

	@Autowired
	private ProfileService profiles;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private CacheCoherence cacheCoherence;

	@Test
	void secondReadIsACacheHitAndAnUpdateKeepsTheCacheCoherent() {
		long id = this.profiles.create("ada@example.com", "Ada", null, null).getId();
		assertThat(this.profiles.find(id)).map(Profile::getDisplayName).hasValue("Ada");
		double hits = cacheHits();
		assertThat(this.profiles.find(id)).map(Profile::getDisplayName).hasValue("Ada");
		assertThat(cacheHits()).isEqualTo(hits + 1);
		this.profiles.update(id, null, "Ada Lovelace", null, null);
		assertThat(this.profiles.find(id)).map(Profile::getDisplayName).hasValue("Ada Lovelace");
		this.cacheCoherence.assertEveryEntryMatchesItsRow("profiles");
	}

	@Test
	void updateBySqlReachesTheCacheThroughTheChangeFeed() {
		long id = this.profiles.create("grace@example.com", "Grace", null, null).getId();
		assertThat(this.profiles.find(id)).map(Profile::getDisplayName).hasValue("Grace");
		this.jdbc.sql("update profiles set display_name = 'Grace Hopper' where id = ?").param(id).update();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(this.profiles.find(id)).map(Profile::getDisplayName).hasValue("Grace Hopper"));
		this.cacheCoherence.assertEveryEntryMatchesItsRow("profiles");
	}

	private double cacheHits() {
		return this.meterRegistry.get("cache.gets")
			.tags("cache", "profiles", "result", "hit")
			.functionCounter()
			.count();
	}

}
