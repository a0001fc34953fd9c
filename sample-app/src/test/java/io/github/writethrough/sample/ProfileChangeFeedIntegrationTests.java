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

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import io.github.writethrough.sample.ProfileController.ProfileResponse;
import io.github.writethrough.test.TestSchema;
import io.github.writethrough.test.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app with the change feed on, as its {@code prod} profile runs it: a row that
 * {@code psql} updates behind the application's back is served updated on the next read.
 *
 * @author Write-Through contributors
 */
class ProfileChangeFeedIntegrationTests {

	private static final TestSchema schema = TestServers.postgres().createSchema("profile_change_feed");

	private static final String SLOT = "wt_sample_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private static final String KEY_PREFIX = "wt-sample-feed-" + SLOT;

	@AfterAll
	static void dropSlotAndSchema() throws Exception {
		try (Connection connection = schema.connect(); Statement statement = connection.createStatement()) {
			await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
				statement.execute("select pg_drop_replication_slot(slot_name) from pg_replication_slots "
						+ "where slot_name = '" + SLOT + "'");
				return true;
			});
			statement.execute("drop publication if exists " + SLOT);
		}
		schema.drop();
		TestServers.redis().deleteKeys(KEY_PREFIX + ":");
	}

	@Test
	void updateBySqlIsServedOnTheNextRead() throws Exception {
		try (ConfigurableApplicationContext application = new SpringApplicationBuilder(SampleApplication.class)
			.properties(schema.springProperties().and(TestServers.redis().springProperties()).toArray())
			.properties("server.port=0", "write-through.key-prefix=" + KEY_PREFIX,
					"write-through.change-feed.enabled=true", "write-through.change-feed.slot-name=" + SLOT)
			.run()) {
			RestClient client = RestClient
				.create("http://localhost:" + application.getEnvironment().getProperty("local.server.port"));
			ProfileResponse created = client.post()
				.uri("/profiles")
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"email\":\"feed@example.com\",\"displayName\":\"Ada\"}")
				.retrieve()
				.body(ProfileResponse.class);
			long id = created.id();
			assertThat(read(client, id).displayName()).isEqualTo("Ada");
			try (Connection connection = schema.connect(); Statement statement = connection.createStatement()) {
				statement.executeUpdate("update profiles set display_name = 'x' where id = " + id);
			}
			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> "x".equals(read(client, id).displayName()));
		}
	}

	private static ProfileResponse read(RestClient client, long id) {
		return client.get().uri("/profiles/{id}", id).retrieve().body(ProfileResponse.class);
	}

}
