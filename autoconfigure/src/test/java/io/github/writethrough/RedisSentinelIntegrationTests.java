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
import java.util.concurrent.TimeUnit;

import io.github.writethrough.test.TestRedisSentinel;
import io.github.writethrough.test.TestServers;
import io.github.writethrough.testapp.Profile;
import io.github.writethrough.testapp.ProfileRepository;
import io.github.writethrough.testapp.TestApplication;
import io.github.writethrough.transaction.CacheRepairs;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter on a real Redis master with two replicas under three sentinels: reads and
 * writes, then concurrent writers and readers while the master is killed and a replica
 * takes over, after which every entry equals its row.
 *
 * @author Write-Through contributors
 */
@EnabledIf("sentinelAvailable")
@Timeout(180)
class RedisSentinelIntegrationTests {

	private static final Log logger = LogFactory.getLog(RedisSentinelIntegrationTests.class);

	private static final IntegrationServers servers = IntegrationServers
		.forTestClass(RedisSentinelIntegrationTests.class);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(TestApplication.class)
		.withPropertyValues(servers.springProperties().toArray())
		.withPropertyValues(sentinel().springProperties().toArray())
		.withPropertyValues("spring.jpa.open-in-view=false", "write-through.timeout=300ms",
				"write-through.circuit-breaker.open-duration=300ms", "write-through.repair.interval=200ms",
				"write-through.failover.check-interval=200ms", "spring.data.redis.timeout=1s",
				"spring.data.redis.connect-timeout=500ms");

	static boolean sentinelAvailable() {
		return TestServers.redisSentinel().isPresent();
	}

	@AfterAll
	static void dropSchema() {
		servers.close();
	}

	@Test
	void readsAndWritesGoToTheMaster() {
		this.contextRunner.run((context) -> {
			List<Long> ids = new ArrayList<>();
			try {
				ProfileRepository profiles = context.getBean(ProfileRepository.class);
				Long id = profiles.save(new Profile("sentinel@example.com", "saved")).getId();
				ids.add(id);
				assertThat(profiles.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("saved");
				assertThat(context.getBean(StringRedisTemplate.class)
					.opsForValue()
					.get(servers.keyPrefix() + ":profiles:" + id)).contains("\"displayName\":\"saved\"");
			}
			finally {
				cachedProfiles(context).deleteKeys(ids);
			}
		});
	}

	@Test
	void nearTiersOfTwoInstancesFollowTheMasterThroughAFailover() {
		Duration maxStaleness = Duration.ofSeconds(1);
		ApplicationContextRunner near = this.contextRunner.withPropertyValues(
				"write-through.caches.profiles.near.max-entries=1000",
				"write-through.caches.profiles.near.max-staleness=" + maxStaleness.toMillis() + "ms");
		near.run((first) -> near.run((second) -> {
			List<Long> ids = new ArrayList<>();
			try {
				ProfileRepository writer = first.getBean(ProfileRepository.class);
				for (int i = 0; i < 5; i++) {
					ids.add(writer.save(new Profile("near" + i + "@example.com", "saved")).getId());
				}
				cachedProfiles(first).assertNearTiersFollowAFailover(first, second, sentinel(), sentinel().masterPort(),
						ids, Duration.ofSeconds(60), maxStaleness);
			}
			finally {
				cachedProfiles(first).deleteKeys(ids);
			}
		}));
	}

	@Test
	void concurrentWritersAndReadersWhileTheMasterIsKilledNeverEndStale() {
		this.contextRunner.run((context) -> {
			List<Long> ids = new ArrayList<>();
			try {
				ProfileRepository profiles = context.getBean(ProfileRepository.class);
				TransactionTemplate transaction = new TransactionTemplate(
						context.getBean(PlatformTransactionManager.class));
				for (int i = 0; i < 12; i++) {
					ids.add(profiles.save(new Profile("failover" + i + "@example.com", "initial")).getId());
				}
				int master = sentinel().masterPort();
				int renames;
				try {
					renames = CachedProfiles.renameAndReadWhile(profiles, transaction, ids, () -> {
						TimeUnit.SECONDS.sleep(1);
						sentinel().kill(master);
						sentinel().awaitHealthy(Duration.ofSeconds(60));
						TimeUnit.SECONDS.sleep(1);
					});
				}
				finally {
					sentinel().restart(master);
					sentinel().awaitHealthy(Duration.ofSeconds(60));
				}
				logger.info(renames + " renames committed while the master on port " + master + " was killed");
				cachedProfiles(context).assertCoherentOnceRepaired(context.getBean(CacheRepairs.class), profiles, ids);
			}
			finally {
				cachedProfiles(context).deleteKeys(ids);
			}
		});
	}

	@Test
	void anUpdateTheMasterAcknowledgedButNoReplicaTookIsSentAgainAfterTheFailover() {
		this.contextRunner.run((context) -> {
			List<Long> ids = new ArrayList<>();
			try {
				ProfileRepository profiles = context.getBean(ProfileRepository.class);
				Long id = profiles.save(new Profile("lost@example.com", "saved")).getId();
				ids.add(id);
				cachedProfiles(context).assertRenameLostInAFailoverIsSentAgain(context, sentinel(),
						sentinel().masterPort(), id, ids, Duration.ofSeconds(60));
			}
			finally {
				cachedProfiles(context).deleteKeys(ids);
			}
		});
	}

	private static CachedProfiles cachedProfiles(AssertableApplicationContext context) {
		return new CachedProfiles(servers.keyPrefix(), context.getBean(StringRedisTemplate.class),
				context.getBean(JdbcTemplate.class));
	}

	private static TestRedisSentinel sentinel() {
		return TestServers.redisSentinel().orElseThrow();
	}

}
