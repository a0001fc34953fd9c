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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.testapp.Profile;
import io.github.writethrough.testapp.ProfileRepository;
import io.github.writethrough.testapp.TestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code write-through.await-updates=false}, a commit returns once its cache updates
 * are sent, and the instance still reads its own writes.
 *
 * @author Write-Through contributors
 */
@Timeout(120)
class UnawaitedUpdatesIntegrationTests {

	private static final int THREADS = 8;

	private static final int WRITES_PER_THREAD = 100;

	private static final IntegrationServers servers = IntegrationServers
		.forTestClass(UnawaitedUpdatesIntegrationTests.class);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(TestApplication.class)
		.withPropertyValues(servers.springProperties().toArray())
		.withPropertyValues("spring.jpa.hibernate.ddl-auto=update", "write-through.await-updates=false");

	@AfterAll
	static void dropSchema() {
		servers.close();
	}

	@Test
	void everyThreadReadsItsOwnWritesFromTheCache() {
		this.contextRunner.run((context) -> {
			ProfileRepository profiles = context.getBean(ProfileRepository.class);
			EntityCache cache = context.getBean(EntityCaches.class)
				.all()
				.stream()
				.filter((candidate) -> candidate.name().equals("profiles"))
				.findFirst()
				.orElseThrow();
			List<Long> ids = new ArrayList<>();
			for (int i = 0; i < THREADS; i++) {
				ids.add(profiles.save(new Profile("unawaited" + i + "@example.com", "initial")).getId());
			}
			ExecutorService executor = Executors.newFixedThreadPool(THREADS);
			try {
				long hitsBefore = cache.statistics().hits();
				List<Future<?>> threads = new ArrayList<>();
				for (Long id : ids) {
					threads.add(executor.submit(() -> {
						for (int i = 0; i < WRITES_PER_THREAD; i++) {
							Profile profile = profiles.findById(id).orElseThrow();
							profile.setDisplayName("write " + i);
							Profile saved = profiles.save(profile);
							Profile read = profiles.findById(id).orElseThrow();
							assertThat(read.getVersion()).isEqualTo(saved.getVersion());
							assertThat(read.getDisplayName()).isEqualTo("write " + i);
						}
					}));
				}
				for (Future<?> thread : threads) {
					thread.get();
				}
				assertThat(cache.statistics().hits() - hitsBefore).as("reads answered by the cache")
					.isGreaterThanOrEqualTo(THREADS * WRITES_PER_THREAD);
			}
			finally {
				executor.shutdownNow();
			}
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			for (Long id : ids) {
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(redis.opsForValue().get(servers.keyPrefix() + ":profiles:" + id))
						.contains("\"displayName\":\"write " + (WRITES_PER_THREAD - 1) + "\""));
			}
		});
	}

	@Test
	void updateThatRedisCannotRunIsRepairedAndNeverReadAround() {
		this.contextRunner.run((context) -> {
			ProfileRepository profiles = context.getBean(ProfileRepository.class);
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			Long id = profiles.save(new Profile("flushed@example.com", "before")).getId();
			Profile profile = profiles.findById(id).orElseThrow();
			redis.execute((RedisCallback<Void>) (connection) -> {
				connection.scriptingCommands().scriptFlush();
				return null;
			});
			profile.setDisplayName("after");
			profiles.save(profile);
			assertThat(profiles.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("after");
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(redis.opsForValue().get(servers.keyPrefix() + ":profiles:" + id))
					.contains("\"displayName\":\"after\""));
		});
	}

	@Test
	void failingTheCommitOnCacheFailureRequiresAwaitedUpdates() {
		this.contextRunner.withPropertyValues("write-through.on-cache-failure=fail").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(WriteThroughConfigurationException.class)
				.hasMessageContaining("write-through.await-updates is false");
		});
	}

}
