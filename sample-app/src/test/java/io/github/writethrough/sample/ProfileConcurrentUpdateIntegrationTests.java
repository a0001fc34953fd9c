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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.operations.CacheCoherence;
import io.github.writethrough.sample.ProfileController.ProfileResponse;
import io.github.writethrough.test.TestSchema;
import io.github.writethrough.test.TestServers;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests that update a few profiles from many threads at once, through a real
 * server, database and Redis.
 *
 * @author Write-Through contributors
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ProfileConcurrentUpdateIntegrationTests {

	private static final Log logger = LogFactory.getLog(ProfileConcurrentUpdateIntegrationTests.class);

	private static final int THREADS = 16;

	private static final int UPDATES_PER_THREAD = 25;

	private static final int PROFILES = 3;

	private static final TestSchema schema = TestServers.postgres().createSchema("profile_concurrency");

	private static final String keyPrefix = StringUtils
		.trimTrailingCharacter(TestServers.redis().newKeyPrefix(ProfileConcurrentUpdateIntegrationTests.class), ':');

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private JsonMapper jsonMapper;

	@Autowired
	private CacheCoherence coherence;

	@Autowired
	private EntityCaches caches;

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		schema.springProperties()
			.and(TestServers.redis().springProperties())
			.and("write-through.key-prefix", keyPrefix)
			.registerIn(registry);
	}

	@AfterAll
	static void cleanUp() {
		schema.drop();
		TestServers.redis().deleteKeys(keyPrefix + ":");
	}

	@Test
	void concurrentUpdatesNeverFailAndLeaveCacheAndDatabaseEqual() throws Exception {
		long seed = System.nanoTime();
		logger.info("Seed of concurrent updates: " + seed);
		RestClient client = RestClient.create("http://localhost:" + this.port);
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < PROFILES; i++) {
			ids.add(create(client, "concurrent-" + i + "@example.com").id());
		}
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(THREADS);
		List<Future<List<Update>>> futures = new ArrayList<>();
		for (int thread = 0; thread < THREADS; thread++) {
			Random random = new Random(seed + thread);
			String name = "thread-" + thread;
			futures.add(executor.submit(() -> {
				start.await();
				return updateRandomly(client, ids, random, name);
			}));
		}
		start.countDown();
		executor.shutdown();
		assertThat(executor.awaitTermination(60, TimeUnit.SECONDS)).as("updates done in time, seed %d", seed).isTrue();
		List<Update> updates = new ArrayList<>();
		for (Future<List<Update>> future : futures) {
			updates.addAll(future.get());
		}
		assertThat(updates).hasSize(THREADS * UPDATES_PER_THREAD);
		logger.info("Statuses of concurrent updates: " + updates.stream()
			.collect(Collectors.groupingBy((update) -> update.withVersion() ? "with version" : "without version",
					TreeMap::new, Collectors.groupingBy(Update::status, TreeMap::new, Collectors.counting()))));
		assertThat(updates).as("updates without a version, seed %d", seed)
			.filteredOn((update) -> !update.withVersion())
			.isNotEmpty()
			.allSatisfy((update) -> assertThat(update.status()).isEqualTo(200));
		assertThat(updates).as("updates with a version, seed %d", seed)
			.filteredOn(Update::withVersion)
			.isNotEmpty()
			.allSatisfy((update) -> assertThat(update.status()).isIn(200, 409));
		for (Long id : ids) {
			long succeeded = updates.stream().filter((update) -> update.id() == id && update.status() == 200).count();
			Map<String, Object> row = this.jdbc.sql("select version, display_name from profiles where id = ?")
				.param(id)
				.query()
				.singleRow();
			assertThat(row.get("version")).as("version of profile %d, seed %d", id, seed).isEqualTo(succeeded);
			JsonNode cached = this.jsonMapper.readTree(this.redis.opsForValue().get(keyPrefix + ":profiles:" + id))
				.get("@shapes")
				.get(this.caches.get("profiles").shape());
			assertThat(cached.get("version").asLong()).as("cached version of profile %d, seed %d", id, seed)
				.isEqualTo(row.get("version"));
			assertThat(cached.get("displayName").asString()).as("cached name of profile %d, seed %d", id, seed)
				.isEqualTo(row.get("display_name"));
			ProfileResponse read = client.get().uri("/profiles/{id}", id).retrieve().body(ProfileResponse.class);
			assertThat(read).isNotNull();
			assertThat(read.version()).isEqualTo(row.get("version"));
			assertThat(read.displayName()).isEqualTo(row.get("display_name"));
		}
		this.coherence.assertEveryEntryMatchesItsRow("profiles");
	}

	/**
	 * Update profiles picked at random with new display names, a quarter of the time
	 * giving the version just read.
	 */
	private List<Update> updateRandomly(RestClient client, List<Long> ids, Random random, String name) {
		List<Update> updates = new ArrayList<>();
		for (int i = 0; i < UPDATES_PER_THREAD; i++) {
			long id = ids.get(random.nextInt(ids.size()));
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("displayName", name + " update " + i);
			boolean withVersion = random.nextInt(4) == 0;
			if (withVersion) {
				body.put("version",
						client.get().uri("/profiles/{id}", id).retrieve().body(ProfileResponse.class).version());
			}
			int status = client.put()
				.uri("/profiles/{id}", id)
				.contentType(MediaType.APPLICATION_JSON)
				.body(body)
				.exchangeForRequiredValue((request, response) -> response.getStatusCode().value());
			updates.add(new Update(id, withVersion, status));
		}
		return updates;
	}

	private ProfileResponse create(RestClient client, String email) {
		ProfileResponse profile = client.post()
			.uri("/profiles")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email, "displayName", "Created"))
			.retrieve()
			.body(ProfileResponse.class);
		assertThat(profile).isNotNull();
		return profile;
	}

	/**
	 * One update and its HTTP status.
	 */
	private record Update(long id, boolean withVersion, int status) {

	}

}
