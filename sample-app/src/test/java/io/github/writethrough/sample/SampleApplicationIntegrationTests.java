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
import java.sql.ResultSet;

import io.github.writethrough.test.TestSchema;
import io.github.writethrough.test.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for {@link SampleApplication} against the shared test servers.
 *
 * @author Write-Through contributors
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationIntegrationTests {

	private static final TestSchema schema = TestServers.postgres().createSchema("sample_app");

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		schema.springProperties().and(TestServers.redis().springProperties()).registerIn(registry);
	}

	@AfterAll
	static void dropSchema() {
		schema.drop();
	}

	@Test
	void healthIsUp() {
		RestTestClient client = RestTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
		client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.db.status")
			.isEqualTo("UP")
			.jsonPath("$.components.writethrough.status")
			.isEqualTo("UP")
			.jsonPath("$.components.writethrough.details.redis")
			.isEqualTo("reachable");
	}

	@Test
	void embeddedServersAreNotStartedWhenPropertiesNameServers(@Autowired ApplicationContext context,
			@Autowired Environment environment) {
		assertThat(context.containsBean("embeddedServers")).isFalse();
		assertThat(environment.getProperty("spring.datasource.url")).isEqualTo(schema.jdbcUrl());
		assertThat(environment.getProperty("spring.data.redis.port", Integer.class))
			.isEqualTo(TestServers.redis().port());
	}

	@Test
	void flywayCreatesTheProfilesTableInTheTestSchema() throws Exception {
		try (Connection connection = schema.connect();
				ResultSet tables = connection.getMetaData().getTables(null, schema.name(), "profiles", null)) {
			assertThat(tables.next()).isTrue();
		}
	}

}
