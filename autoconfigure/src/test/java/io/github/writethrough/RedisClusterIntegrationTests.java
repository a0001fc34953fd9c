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

import io.github.writethrough.cache.CacheOperations;
import io.github.writethrough.cache.CacheStatistics;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.cache.NearCache;
import io.github.writethrough.store.EntryStore;
import io.github.writethrough.store.KeyPage;
import io.github.writethrough.test.TestRedisCluster;
import io.github.writethrough.test.TestServers;
import io.github.writethrough.testapp.Profile;
import io.github.writethrough.testapp.ProfileRepository;
import io.github.writethrough.testapp.ProfileService;
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
import static org.awaitility.Awaitility.await;

/**
 * The starter on a real Redis Cluster of three masters with a replica each: reads,
 * writes, bulk invalidations and reads across slots, and concurrent writers and readers
 * while a master is killed, after which every entry equals its row.
 *
 * @author Write-Through contributors
 */
@EnabledIf("clusterAvailable")
@Timeout(180)
class RedisClusterIntegrationTests {

	private static final Log logger = LogFactory.getLog(RedisClusterIntegrationTests.class);

	private static final Duration NEAR_STALENESS = Duration.ofSeconds(1);

	private static final IntegrationServers servers = IntegrationServers
		.forTestClass(RedisClusterIntegrationTests.class);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(TestApplication.class)
		.withPropertyValues(servers.springProperties().toArray())
		.withPropertyValues(cluster().springProperties().toArray())
		.withPropertyValues("spring.jpa.open-in-view=false", "write-through.timeout=300ms",
				"write-through.circuit-breaker.open-duration=300ms", "write-through.repair.interval=200ms",
				"spring.data.redis.timeout=1s", "spring.data.redis.connect-timeout=500ms",
				// what LettuceClusterRefreshDefaults sets in an application, but
				// refreshing
				// every second
				"spring.data.redis.lettuce.cluster.refresh.adaptive=true",
				"spring.data.redis.lettuce.cluster.refresh.period=1s");

	static boolean clusterAvailable() {
		return TestServers.redisCluster().isPresent();
	}

	@AfterAll
	static void dropSchema() {
		servers.close();
	}

	@Test
	void readsWritesAndInvalidationsWorkAcrossSlots() {
		this.contextRunner.run((context) -> {
			List<Long> ids = new ArrayList<>();
			try {
				ProfileRepository profiles = context.getBean(ProfileRepository.class);
				EntityCaches caches = context.getBean(EntityCaches.class);
				StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
				for (int i = 0; i < 30; i++) {
					ids.add(profiles.save(new Profile("crud" + i + "@example.com", "saved")).getId());
				}
				assertThat(ids.stream().map((id) -> cluster().masterOf(entryKey(id))).distinct()).hasSize(3);
				long hits = caches.get("profiles").statistics().hits();
				assertThat(profiles.findAllById(ids)).hasSize(30);
				assertThat(caches.get("profiles").statistics().hits() - hits).isEqualTo(30);
				assertThat(redis.opsForValue().get(entryKey(ids.get(0)))).contains("\"displayName\":\"saved\"");
				profiles.renameAll("renamed");
				assertThat(profiles.findAllById(ids)).extracting(Profile::getDisplayName).containsOnly("renamed");
				profiles.deleteById(ids.get(1));
				assertThat(profiles.findById(ids.get(1))).isEmpty();
				assertThat(redis.opsForValue().get(entryKey(ids.get(1)))).contains("\"@kind\":\"deleted\"");
				cachedProfiles(context).assertEveryEntryEqualsItsRow(ids);
			}
			finally {
				cachedProfiles(context).deleteKeys(ids);
			}
		});
	}

	@Test
	void concurrentWritersAndReadersWhileAMasterIsKilledNeverEndStale() {
		this.contextRunner.run((context) -> {
			List<Long> ids = new ArrayList<>();
			try {
				ProfileRepository profiles = context.getBean(ProfileRepository.class);
				TransactionTemplate transaction = new TransactionTemplate(
						context.getBean(PlatformTransactionManager.class));
				for (int i = 0; i < 12; i++) {
					ids.add(profiles.save(new Profile("chaos" + i + "@example.com", "initial")).getId());
				}
				int master = cluster().masterOf(entryKey(ids.get(0)));
				int renames;
				try {
					renames = CachedProfiles.renameAndReadWhile(profiles, transaction, ids, () -> {
						TimeUnit.SECONDS.sleep(1);
						cluster().kill(master);
						cluster().awaitHealthy(Duration.ofSeconds(30));
						TimeUnit.SECONDS.sleep(1);
						// the topology still lists the killed master: a scan passes it by
						assertThat(scannedKeys(context))
							.containsAll(ids.stream().map(RedisClusterIntegrationTests::entryKey).toList());
						assertThat(context.getBean(EntryStore.class).isAvailable()).isTrue();
					});
				}
				finally {
					cluster().restart(master);
					cluster().awaitHealthy(Duration.ofSeconds(30));
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
	void keysOfHealthyMastersAreReadFromRedisWhileWritesToAFailedShardWaitForRepair() {
		this.contextRunner.run((context) -> {
			List<Long> ids = new ArrayList<>();
			try {
				ProfileRepository profiles = context.getBean(ProfileRepository.class);
				for (int i = 0; i < 12; i++) {
					ids.add(profiles.save(new Profile("shard" + i + "@example.com", "saved")).getId());
				}
				List<Integer> masters = cluster()
					.mastersOf(ids.stream().map(RedisClusterIntegrationTests::entryKey).toList());
				int epochMaster = cluster().masterOf(servers.keyPrefix() + ":profiles");
				int index = 0;
				while (masters.get(index) == epochMaster) {
					index++;
				}
				Long failing = ids.get(index);
				int master = masters.get(index);
				List<Long> healthy = new ArrayList<>();
				for (int i = 0; i < ids.size(); i++) {
					if (masters.get(i) != master) {
						healthy.add(ids.get(i));
					}
				}
				List<Integer> shard = new ArrayList<>(List.of(master));
				shard.addAll(cluster().replicasOf(master));
				CacheStatistics statistics = context.getBean(EntityCaches.class).get("profiles").statistics();
				ProfileService service = context.getBean(ProfileService.class);
				EntryStore store = context.getBean(EntryStore.class);
				shard.forEach(cluster()::kill);
				try {
					service.rename(failing, "renamed while its shard was down");
					// the rename waits, and so do the saves of the dead shard's keys,
					// which
					// are sent again once the shard's master does not answer
					assertThat(context.getBean(CacheRepairs.class).pending()).isPositive();
					assertThat(profiles.findById(failing)).get()
						.extracting(Profile::getDisplayName)
						.isEqualTo("renamed while its shard was down");
					assertThat(store.isAvailable()).isFalse();
					// the writes and the repairs keep failing on the dead shard, every
					// 200 ms and more often, while its keys' circuit is open
					for (int round = 0; round < 20; round++) {
						service.rename(failing, "renamed while its shard was down");
						long hits = statistics.hits();
						assertThat(profiles.findAllById(healthy)).hasSize(healthy.size());
						assertThat(statistics.hits() - hits).as("hits of round %d", round).isEqualTo(healthy.size());
						TimeUnit.MILLISECONDS.sleep(50);
					}
					assertThat(context.getBean(CacheRepairs.class).pending()).isPositive();
					assertThat(store.isAvailable()).isFalse();
				}
				finally {
					shard.forEach(cluster()::restart);
					cluster().awaitHealthy(Duration.ofSeconds(30));
				}
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(context.getBean(CacheRepairs.class).pending()).isZero());
				assertThat(profiles.findById(failing)).get()
					.extracting(Profile::getDisplayName)
					.isEqualTo("renamed while its shard was down");
				cachedProfiles(context).assertEveryEntryEqualsItsRow(ids);
			}
			finally {
				cachedProfiles(context).deleteKeys(ids);
			}
		});
	}

	@Test
	void anUpdateAMasterAcknowledgedButNoReplicaTookIsSentAgainAfterItsReplicaTookOver() {
		this.contextRunner.withPropertyValues("write-through.failover.check-interval=200ms").run((context) -> {
			List<Long> ids = new ArrayList<>();
			try {
				ProfileRepository profiles = context.getBean(ProfileRepository.class);
				int epochMaster = cluster().masterOf(servers.keyPrefix() + ":profiles");
				Long id = null;
				for (int i = 0; id == null; i++) {
					Long saved = profiles.save(new Profile("lost" + i + "@example.com", "saved")).getId();
					ids.add(saved);
					if (cluster().masterOf(entryKey(saved)) != epochMaster) {
						id = saved;
					}
				}
				cachedProfiles(context).assertRenameLostInAFailoverIsSentAgain(context, cluster(),
						cluster().masterOf(entryKey(id)), id, ids, Duration.ofSeconds(30));
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

	private static List<String> scannedKeys(AssertableApplicationContext context) {
		CacheOperations operations = context.getBean(CacheOperations.class);
		EntityCache cache = context.getBean(EntityCaches.class).get("profiles");
		List<String> keys = new ArrayList<>();
		KeyPage page = null;
		do {
			page = operations.scan(cache, page, 100);
			keys.addAll(page.keys());
		}
		while (!page.isLast());
		return keys;
	}

	@Test
	void nearTiersOfTwoInstancesFollowEveryMasterThroughAFailover() {
		ApplicationContextRunner near = this.contextRunner.withPropertyValues(
				"write-through.caches.profiles.near.max-entries=1000",
				"write-through.caches.profiles.near.max-staleness=" + NEAR_STALENESS.toMillis() + "ms");
		near.run((first) -> near.run((second) -> {
			List<Long> ids = new ArrayList<>();
			try {
				ProfileRepository writer = first.getBean(ProfileRepository.class);
				for (int i = 0; i < 12; i++) {
					ids.add(writer.save(new Profile("near" + i + "@example.com", "saved")).getId());
				}
				assertThat(ids.stream().map((id) -> cluster().masterOf(entryKey(id))).distinct()).hasSize(3);
				cachedProfiles(first).assertNearTiersFollowAFailover(first, second, cluster(),
						cluster().masterOf(entryKey(ids.get(0))), ids, Duration.ofSeconds(30), NEAR_STALENESS);
			}
			finally {
				cachedProfiles(first).deleteKeys(ids);
			}
		}));
	}

	@Test
	void nearTiersFollowAKeyWhoseSlotMovesToAnotherMaster() {
		ApplicationContextRunner near = this.contextRunner.withPropertyValues(
				"write-through.caches.profiles.near.max-entries=1000",
				"write-through.caches.profiles.near.max-staleness=" + NEAR_STALENESS.toMillis() + "ms");
		near.run((first) -> near.run((second) -> {
			List<Long> ids = new ArrayList<>();
			ProfileRepository writer = first.getBean(ProfileRepository.class);
			ProfileRepository reader = second.getBean(ProfileRepository.class);
			NearCache readerNear = second.getBean(EntityCaches.class).get("profiles").near();
			try {
				Long id = writer.save(new Profile("moved@example.com", "before the move")).getId();
				ids.add(id);
				String key = entryKey(id);
				int from = cluster().masterOf(key);
				int to = cluster().masterOf(entryKey(id + 1)) != from ? cluster().masterOf(entryKey(id + 1))
						: cluster().masterOf(entryKey(id + 2));
				await().atMost(Duration.ofSeconds(30)).until(() -> {
					long hits = readerNear.hits();
					reader.findById(id);
					return readerNear.hits() > hits;
				});
				long flushes = readerNear.flushes();
				try {
					cluster().moveSlotOf(key, to);
					await().atMost(Duration.ofSeconds(10)).until(() -> readerNear.flushes() > flushes);
					Profile profile = writer.findById(id).orElseThrow();
					profile.setDisplayName("after the move");
					writer.save(profile);
					await().atMost(NEAR_STALENESS)
						.untilAsserted(() -> assertThat(reader.findById(id)).get()
							.extracting(Profile::getDisplayName)
							.isEqualTo("after the move"));
					await().atMost(Duration.ofSeconds(30)).until(() -> {
						long hits = readerNear.hits();
						reader.findById(id);
						return readerNear.hits() > hits;
					});
					profile = writer.findById(id).orElseThrow();
					profile.setDisplayName("served by the new master");
					writer.save(profile);
					await().atMost(NEAR_STALENESS)
						.untilAsserted(() -> assertThat(reader.findById(id)).get()
							.extracting(Profile::getDisplayName)
							.isEqualTo("served by the new master"));
				}
				finally {
					cluster().moveSlotOf(key, from);
				}
			}
			finally {
				cachedProfiles(first).deleteKeys(ids);
			}
		}));
	}

	private static String entryKey(Long id) {
		return servers.keyPrefix() + ":profiles:" + id;
	}

	private static TestRedisCluster cluster() {
		return TestServers.redisCluster().orElseThrow();
	}

}
