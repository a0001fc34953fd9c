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
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.cache.NearCache;
import io.github.writethrough.test.RedisServerGroup;
import io.github.writethrough.testapp.Profile;
import io.github.writethrough.testapp.ProfileRepository;
import io.github.writethrough.testapp.ProfileService;
import io.github.writethrough.transaction.CacheRepairs;

import org.springframework.context.ApplicationContext;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Checks and workloads on the {@code profiles} cache of the test application, shared by
 * the tests that break Redis or the database under it.
 *
 * @author Write-Through contributors
 */
final class CachedProfiles {

	private final String keyPrefix;

	private final StringRedisTemplate redis;

	private final JdbcTemplate jdbc;

	CachedProfiles(String keyPrefix, StringRedisTemplate redis, JdbcTemplate jdbc) {
		this.keyPrefix = keyPrefix;
		this.redis = redis;
		this.jdbc = jdbc;
	}

	/**
	 * Return the key of a profile's entry.
	 * @param id the profile's id
	 * @return the key
	 */
	String entryKey(Long id) {
		return this.keyPrefix + ":profiles:" + id;
	}

	/**
	 * Assert that every entity entry of the cache's current epoch, among those of some
	 * profiles, equals its row.
	 * @param ids the ids of the profiles
	 */
	void assertEveryEntryEqualsItsRow(List<Long> ids) {
		String epochValue = this.redis.opsForValue().get(this.keyPrefix + ":profiles");
		String epoch = (epochValue != null) ? epochValue : "0";
		for (Long id : ids) {
			String entry = this.redis.opsForValue().get(entryKey(id));
			if (entry == null || !entry.startsWith("{\"@epoch\":" + epoch + ",")
					|| !entry.contains("\"@kind\":\"entity\"")) {
				continue;
			}
			List<Map<String, Object>> rows = this.jdbc
				.queryForList("select version, display_name from profile where id = ?", id);
			assertThat(rows).as("row of cached %s", entry).hasSize(1);
			assertThat(entry).contains("\"version\":" + rows.get(0).get("version"))
				.contains("\"displayName\":\"" + rows.get(0).get("display_name") + "\"");
		}
	}

	/**
	 * Assert, once the repairs have applied everything, that every entry equals its row,
	 * and still does after each profile was read once more.
	 * @param repairs the repairs of the application
	 * @param profiles the repository
	 * @param ids the ids of the profiles
	 */
	void assertCoherentOnceRepaired(CacheRepairs repairs, ProfileRepository profiles, List<Long> ids) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(repairs.pending()).isZero());
		assertEveryEntryEqualsItsRow(ids);
		for (Long id : ids) {
			assertThat(profiles.findById(id)).isPresent();
		}
		assertEveryEntryEqualsItsRow(ids);
	}

	/**
	 * Lose a rename in a failover, and check that it is sent again: cut the master's
	 * replicas off, rename the profile (the master takes the entry, no replica does),
	 * kill the master and let a replica take over; once the repairs landed, the entry no
	 * longer holds the state from before the rename, and every entry equals its row.
	 * @param context the application
	 * @param group the servers
	 * @param master the port of the master that serves the profile's entry
	 * @param id the profile, displayed as {@code saved}, whose entry the replicas hold
	 * @param ids every profile of the test
	 * @param takeover how long the group may take to be healthy again
	 */
	void assertRenameLostInAFailoverIsSentAgain(ApplicationContext context, RedisServerGroup group, int master, Long id,
			List<Long> ids, Duration takeover) {
		CacheRepairs repairs = context.getBean(CacheRepairs.class);
		group.awaitReplicasInSync(master, Duration.ofSeconds(10));
		try {
			group.cutOffReplicas(master);
			context.getBean(ProfileService.class).rename(id, "renamed before the failover");
			assertThat(repairs.pending()).isZero();
			assertThat(this.redis.opsForValue().get(entryKey(id))).doesNotContain("\"displayName\":\"saved\"");
			group.kill(master);
			group.resumeReplicas();
			group.awaitHealthy(takeover);
		}
		finally {
			group.resumeReplicas();
			group.restart(master);
			group.awaitHealthy(takeover);
		}
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(repairs.pending()).isZero();
			assertThat(this.redis.opsForValue().get(entryKey(id))).doesNotContain("\"displayName\":\"saved\"");
		});
		assertThat(context.getBean(ProfileRepository.class).findById(id)).get()
			.extracting(Profile::getDisplayName)
			.isEqualTo("renamed before the failover");
		assertEveryEntryEqualsItsRow(ids);
	}

	/**
	 * Delete the cache's epoch and the entries of some profiles, one key at a time so
	 * that it works on a cluster during a change of topology too: a context that creates
	 * its tables again starts its ids again, below the fences of older entries.
	 * @param ids the ids of the profiles
	 */
	void deleteKeys(List<Long> ids) {
		this.redis.delete(this.keyPrefix + ":profiles");
		ids.forEach((id) -> this.redis.delete(entryKey(id)));
	}

	/**
	 * Run threads that rename profiles (one in three operations) and read them, each read
	 * answered, while something happens to the servers.
	 * @param profiles the repository
	 * @param transaction runs the renames
	 * @param ids the profiles
	 * @param meanwhile what happens while they run; they stop when it returns
	 * @return how many renames committed
	 * @throws Exception when a thread or {@code meanwhile} failed
	 */
	static int renameAndReadWhile(ProfileRepository profiles, TransactionTemplate transaction, List<Long> ids,
			Meanwhile meanwhile) throws Exception {
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger renames = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(6);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int thread = 0; thread < 6; thread++) {
				Random random = new Random(thread);
				futures.add(executor.submit(() -> {
					while (running.get()) {
						Long id = ids.get(random.nextInt(ids.size()));
						if (random.nextInt(3) == 0) {
							try {
								transaction.executeWithoutResult((status) -> profiles.findById(id)
									.orElseThrow()
									.setDisplayName("n" + random.nextInt(1000)));
								renames.incrementAndGet();
							}
							catch (OptimisticLockingFailureException ex) {
								// another thread renamed it first
							}
						}
						else {
							assertThat(profiles.findById(id)).isPresent();
						}
					}
					return null;
				}));
			}
			meanwhile.run();
			running.set(false);
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
			return renames.get();
		}
		finally {
			running.set(false);
			executor.shutdownNow();
		}
	}

	/**
	 * Two instances with near tiers: renames on the first are read on the second within
	 * the near tier's max-staleness, before and after the master of the first profile is
	 * killed and a replica took over; the second's near tier was emptied in between, and
	 * every entry equals its row at the end.
	 * @param first the instance that renames
	 * @param second the instance that reads
	 * @param group the servers
	 * @param master the port of the master to kill
	 * @param ids the profiles, displayed as {@code saved}
	 * @param takeover how long the group may take to be healthy again
	 * @param maxStaleness the near tier's max-staleness
	 */
	void assertNearTiersFollowAFailover(ApplicationContext first, ApplicationContext second, RedisServerGroup group,
			int master, List<Long> ids, Duration takeover, Duration maxStaleness) {
		ProfileRepository writer = first.getBean(ProfileRepository.class);
		ProfileRepository reader = second.getBean(ProfileRepository.class);
		NearCache near = second.getBean(EntityCaches.class).get("profiles").near();
		awaitNearHits(reader, near, ids);
		assertNearTierFollowsRenames(writer, reader, near, ids, "before failover", maxStaleness);
		long flushes = near.flushes();
		try {
			group.kill(master);
			group.awaitHealthy(takeover);
			await().atMost(Duration.ofSeconds(10)).until(() -> near.flushes() > flushes);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(first.getBean(CacheRepairs.class).pending()).isZero());
			assertNearTierFollowsRenames(writer, reader, near, ids, "after failover", maxStaleness);
		}
		finally {
			group.restart(master);
			group.awaitHealthy(takeover);
		}
		// Sentinel may fail over again on a loaded machine (a master that does not answer
		// for a second): once the replay of what the new master may lack has landed
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertEveryEntryEqualsItsRow(ids));
	}

	private static void assertNearTierFollowsRenames(ProfileRepository writer, ProfileRepository reader, NearCache near,
			List<Long> ids, String name, Duration maxStaleness) {
		for (Long id : ids) {
			Profile profile = writer.findById(id).orElseThrow();
			profile.setDisplayName(name);
			writer.save(profile);
		}
		await().atMost(maxStaleness)
			.untilAsserted(
					() -> assertThat(reader.findAllById(ids)).extracting(Profile::getDisplayName).containsOnly(name));
		awaitNearHits(reader, near, ids);
		assertThat(reader.findAllById(ids)).extracting(Profile::getDisplayName).containsOnly(name);
	}

	private static void awaitNearHits(ProfileRepository profiles, NearCache near, List<Long> ids) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
			long hits = near.hits();
			profiles.findAllById(ids);
			return near.hits() - hits == ids.size();
		});
	}

	/**
	 * What happens to the servers while the workload runs.
	 */
	@FunctionalInterface
	interface Meanwhile {

		void run() throws Exception;

	}

}
