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
import java.util.ArrayList;
import java.util.List;

import io.github.writethrough.test.StoppableRedis;
import io.github.writethrough.testapp.Profile;
import io.github.writethrough.testapp.ProfileRepository;
import io.github.writethrough.testapp.ProfileService;
import io.github.writethrough.testapp.TestApplication;
import io.github.writethrough.transaction.CacheRepairs;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A real Redis stops while the application writes and starts again with the entries it
 * held: no write is lost, reads keep working, and no stale entry survives the repair.
 *
 * @author Write-Through contributors
 */
@Timeout(120)
class RedisOutageIntegrationTests {

	private static final Log logger = LogFactory.getLog(RedisOutageIntegrationTests.class);

	private static final IntegrationServers servers = IntegrationServers
		.forTestClass(RedisOutageIntegrationTests.class);

	private StoppableRedis redis;

	private ApplicationContextRunner contextRunner;

	@BeforeEach
	void startRedis() {
		this.redis = StoppableRedis.start();
		this.contextRunner = new ApplicationContextRunner().withUserConfiguration(TestApplication.class)
			.withPropertyValues(servers.springProperties().toArray())
			.withPropertyValues("spring.data.redis.port=" + this.redis.port(), "write-through.timeout=200ms",
					"write-through.circuit-breaker.open-duration=300ms", "write-through.repair.interval=200ms",
					"spring.data.redis.timeout=1s", "spring.data.redis.connect-timeout=500ms");
	}

	@AfterEach
	void stopRedis() {
		this.redis.close();
	}

	@AfterAll
	static void dropSchema() {
		servers.close();
	}

	@ParameterizedTest(name = "await-updates={0}")
	@ValueSource(booleans = { true, false })
	void writesDuringOutageCommitAndStaleEntriesAreRepairedAfterIt(boolean awaitUpdates) {
		this.contextRunner.withPropertyValues("write-through.await-updates=" + awaitUpdates).run((context) -> {
			ProfileRepository profiles = context.getBean(ProfileRepository.class);
			ProfileService service = context.getBean(ProfileService.class);
			List<Long> ids = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				ids.add(profiles.save(new Profile("outage" + i + "@example.com", "before")).getId());
			}
			this.redis.stop();
			long started = System.nanoTime();
			for (Long id : ids) {
				service.rename(id, "during-1");
				service.rename(id, "during-2");
				assertThat(profiles.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("during-2");
			}
			logger.info("15 writes and reads during the outage took "
					+ Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(context.getBean(CacheRepairs.class).pending()).isEqualTo(ids.size()));
			this.redis.restart();
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(context.getBean(CacheRepairs.class).pending()).isZero());
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			String prefix = servers.keyPrefix();
			try (Redis inspector = new Redis(this.redis.port())) {
				for (Long id : ids) {
					assertThat(jdbc.queryForObject("select display_name from profile where id = ?", String.class, id))
						.isEqualTo("during-2");
					String key = prefix + ":profiles:" + id;
					assertThat(inspector.template().opsForValue().get(key)).contains("\"displayName\":\"during-2\"",
							"\"version\":2");
					assertThat(profiles.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("during-2");
				}
			}
		});
	}

	@Test
	void repairedUpdatesLeaveTheOutboxWithoutInvalidatingTheirCache() {
		this.contextRunner
			.withPropertyValues("write-through.outbox.enabled=true", "write-through.outbox.replay-after=1s")
			.run((context) -> {
				ProfileRepository profiles = context.getBean(ProfileRepository.class);
				ProfileService service = context.getBean(ProfileService.class);
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				Long id = profiles.save(new Profile("outbox@example.com", "before")).getId();
				String epochKey = servers.keyPrefix() + ":profiles";
				try (Redis inspector = new Redis(this.redis.port())) {
					String epoch = inspector.template().opsForValue().get(epochKey);
					this.redis.stop();
					service.rename(id, "during");
					this.redis.restart();
					await().atMost(Duration.ofSeconds(20))
						.untilAsserted(() -> assertThat(context.getBean(CacheRepairs.class).pending()).isZero());
					await().atMost(Duration.ofSeconds(10))
						.untilAsserted(() -> assertThat(
								jdbc.queryForObject("select count(*) from write_through_outbox", Long.class))
							.isZero());
					// a row left behind would invalidate the cache after replay-after
					await().during(Duration.ofMillis(1500))
						.atMost(Duration.ofSeconds(3))
						.untilAsserted(
								() -> assertThat(inspector.template().opsForValue().get(epochKey)).isEqualTo(epoch));
				}
				assertThat(profiles.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("during");
			});
	}

	@Test
	void outOfMemoryRedisIsTreatedLikeAnyOtherFailure() {
		this.contextRunner.run((context) -> {
			ProfileRepository profiles = context.getBean(ProfileRepository.class);
			Long id = profiles.save(new Profile("oom@example.com", "before")).getId();
			try (Redis inspector = new Redis(this.redis.port())) {
				inspector.configure("maxmemory-policy", "noeviction");
				inspector.configure("maxmemory", "1");
				context.getBean(ProfileService.class).rename(id, "during");
				assertThat(context.getBean(CacheRepairs.class).pending()).isOne();
				assertThat(profiles.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("during");
				inspector.configure("maxmemory", "0");
				await().atMost(Duration.ofSeconds(20))
					.untilAsserted(() -> assertThat(context.getBean(CacheRepairs.class).pending()).isZero());
				assertThat(inspector.template().opsForValue().get(servers.keyPrefix() + ":profiles:" + id))
					.contains("\"@fence\":1");
			}
		});
	}

	@Test
	void failModeReportsCacheFailureAfterCommit() {
		this.contextRunner.withPropertyValues("write-through.on-cache-failure=fail").run((context) -> {
			ProfileRepository profiles = context.getBean(ProfileRepository.class);
			Long id = profiles.save(new Profile("fail@example.com", "before")).getId();
			this.redis.stop();
			assertThatExceptionOfType(CacheUpdateFailedException.class)
				.isThrownBy(() -> context.getBean(ProfileService.class).rename(id, "committed"));
			assertThat(context.getBean(JdbcTemplate.class)
				.queryForObject("select display_name from profile where id = ?", String.class, id))
				.isEqualTo("committed");
			assertThat(profiles.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("committed");
		});
	}

	/**
	 * A connection to inspect the stoppable Redis.
	 */
	private static final class Redis implements AutoCloseable {

		private final LettuceConnectionFactory connectionFactory;

		Redis(int port) {
			this.connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
			this.connectionFactory.afterPropertiesSet();
		}

		StringRedisTemplate template() {
			return new StringRedisTemplate((RedisConnectionFactory) this.connectionFactory);
		}

		void configure(String parameter, String value) {
			template().execute((RedisCallback<Void>) (connection) -> {
				connection.serverCommands().setConfig(parameter, value);
				return null;
			});
		}

		@Override
		public void close() {
			this.connectionFactory.destroy();
		}

	}

}
