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

package io.github.writethrough;

import java.time.Duration;

import io.github.writethrough.test.StoppableRedis;
import io.github.writethrough.testapp.Profile;
import io.github.writethrough.testapp.ProfileRepository;
import io.github.writethrough.testapp.ProfileService;
import io.github.writethrough.testapp.TestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application commits, then dies before its cache update reaches Redis: the outbox
 * makes the next start invalidate what the crash left stale.
 *
 * @author Write-Through contributors
 */
@Timeout(120)
class CrashRecoveryIntegrationTests {

	private static final IntegrationServers servers = IntegrationServers
		.forTestClass(CrashRecoveryIntegrationTests.class);

	@AfterAll
	static void dropSchema() {
		servers.close();
	}

	@Test
	void outboxRowsAreDeletedOnceRedisTookTheUpdates() {
		new ApplicationContextRunner().withUserConfiguration(TestApplication.class)
			.withPropertyValues(servers.springProperties().toArray())
			.withPropertyValues("spring.jpa.hibernate.ddl-auto=update", "write-through.outbox.enabled=true")
			.run((context) -> {
				context.getBean(ProfileRepository.class).save(new Profile("outbox@example.com", "Ada"));
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(
							jdbc.queryForObject("select count(*) from write_through_outbox", Long.class))
						.isZero());
			});
	}

	@Test
	void outboxInvalidatesEntriesThatACrashLeftStale() {
		try (StoppableRedis redis = StoppableRedis.start()) {
			ApplicationContextRunner contextRunner = new ApplicationContextRunner()
				.withUserConfiguration(TestApplication.class)
				.withPropertyValues(servers.springProperties().toArray())
				.withPropertyValues("spring.jpa.hibernate.ddl-auto=update", "spring.data.redis.port=" + redis.port(),
						"write-through.timeout=200ms", "spring.data.redis.connect-timeout=500ms");
			ApplicationContextRunner withOutbox = contextRunner.withPropertyValues("write-through.outbox.enabled=true",
					"write-through.outbox.replay-after=1h");
			Long[] id = new Long[1];
			withOutbox.run((context) -> {
				ProfileRepository profiles = context.getBean(ProfileRepository.class);
				id[0] = profiles.save(new Profile("crash@example.com", "before")).getId();
				redis.stop();
				context.getBean(ProfileService.class).rename(id[0], "committed");
			});
			redis.restart();
			contextRunner.run((context) -> assertThat(context.getBean(ProfileRepository.class).findById(id[0]))
				.as("without an outbox the crash leaves the old state cached")
				.get()
				.extracting(Profile::getDisplayName)
				.isEqualTo("before"));
			withOutbox.run((context) -> assertThat(context.getBean(ProfileRepository.class).findById(id[0])).get()
				.extracting(Profile::getDisplayName)
				.isEqualTo("committed"));
		}
	}

}
