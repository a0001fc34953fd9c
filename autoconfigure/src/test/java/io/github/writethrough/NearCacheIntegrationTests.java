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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import io.github.writethrough.autoconfigure.actuate.WriteThroughEndpoint;
import io.github.writethrough.autoconfigure.actuate.WriteThroughEndpoint.CacheDescriptor;
import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.cache.NearCache;
import io.github.writethrough.test.StoppableRedis;
import io.github.writethrough.testapp.Address;
import io.github.writethrough.testapp.Note;
import io.github.writethrough.testapp.NoteRepository;
import io.github.writethrough.testapp.Profile;
import io.github.writethrough.testapp.ProfileRepository;
import io.github.writethrough.transaction.CacheRepairs;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.protocol.ProtocolVersion;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.types.RedisClientInfo;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The near tier with two instances sharing PostgreSQL and Redis: hits are copies, a
 * thread reads its own writes, the other instance sees a write within the bound, and a
 * tracking connection that drops or a Redis that restarts never leaves an older state in
 * a near tier.
 *
 * @author Write-Through contributors
 */
@Timeout(180)
@ExtendWith(OutputCaptureExtension.class)
class NearCacheIntegrationTests {

	private static final Log logger = LogFactory.getLog(NearCacheIntegrationTests.class);

	private static final IntegrationServers servers = IntegrationServers.forTestClass(NearCacheIntegrationTests.class);

	/**
	 * The longest a read may see the state before a write of another instance: the
	 * configured max-staleness.
	 */
	private static final Duration BOUND = Duration.ofSeconds(1);

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@AfterEach
	void stopInstances() {
		this.instances.forEach(ConfigurableApplicationContext::close);
		servers.deleteRedisKeys();
	}

	@AfterAll
	static void dropSchema() {
		servers.close();
	}

	@Test
	void aNearHitIsACopyThatTheCallerOwns() {
		ConfigurableApplicationContext instance = start();
		NoteRepository notes = instance.getBean(NoteRepository.class);
		notes.save(new Note("copied", "as saved"));
		awaitNearHit(instance, "note", () -> notes.findById("copied"));
		Note first = notes.findById("copied").orElseThrow();
		first.setText("changed by its caller");
		assertThat(notes.findById("copied")).get().extracting(Note::getText).isEqualTo("as saved");
		ProfileRepository profiles = instance.getBean(ProfileRepository.class);
		Profile saved = new Profile("copy@near.example", "as saved");
		saved.setAddress(new Address("1 Main Street", "Springfield"));
		Long id = profiles.save(saved).getId();
		awaitNearHit(instance, "profiles", () -> profiles.findById(id));
		Profile profile = profiles.findById(id).orElseThrow();
		profile.setDisplayName("changed by its caller");
		profile.getAddress().setCity("Shelbyville");
		Profile again = profiles.findById(id).orElseThrow();
		assertThat(again).isNotSameAs(profile);
		assertThat(again.getDisplayName()).isEqualTo("as saved");
		assertThat(again.getAddress().getCity()).isEqualTo("Springfield");
		MeterRegistry meters = instance.getBean(MeterRegistry.class);
		assertThat(meters.get("writethrough.near.gets")
			.tags("cache", "profiles", "result", "hit")
			.functionCounter()
			.count()).isPositive();
		assertThat(meters.get("writethrough.near.entries").tag("cache", "profiles").gauge().value()).isPositive();
		CacheDescriptor described = instance.getBean(WriteThroughEndpoint.class)
			.caches()
			.caches()
			.stream()
			.filter((cache) -> cache.name().equals("profiles"))
			.findFirst()
			.orElseThrow();
		assertThat(described.near().answering()).isTrue();
		assertThat(described.near().maxStaleness()).isEqualTo(BOUND);
		assertThat(described.near().hits()).isPositive();
	}

	@Test
	void aThreadReadsItsOwnWriteAndTheOtherInstanceWithinTheBound() {
		ConfigurableApplicationContext first = start();
		ConfigurableApplicationContext second = start();
		ProfileRepository writer = first.getBean(ProfileRepository.class);
		ProfileRepository reader = second.getBean(ProfileRepository.class);
		Long id = writer.save(new Profile("bound@near.example", "name 0")).getId();
		awaitNearHit(first, "profiles", () -> writer.findById(id));
		awaitNearHit(second, "profiles", () -> reader.findById(id));
		long hitsBefore = near(second, "profiles").hits();
		long[] delays = new long[40];
		for (int i = 1; i <= delays.length; i++) {
			String name = "name " + i;
			Profile profile = writer.findById(id).orElseThrow();
			profile.setDisplayName(name);
			writer.save(profile);
			long committed = System.nanoTime();
			assertThat(writer.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo(name);
			while (!name.equals(reader.findById(id).orElseThrow().getDisplayName())) {
				assertThat(Duration.ofNanos(System.nanoTime() - committed)).isLessThan(BOUND);
			}
			delays[i - 1] = System.nanoTime() - committed;
			// the reader's near tier holds the new state again before the next write
			awaitNearHit(second, "profiles", () -> reader.findById(id));
		}
		Arrays.sort(delays);
		logger.info("Delay from a commit on one instance to its state read on the other: p50 "
				+ Duration.ofNanos(delays[delays.length / 2]) + ", max " + Duration.ofNanos(delays[delays.length - 1]));
		assertThat(near(second, "profiles").hits()).isGreaterThan(hitsBefore);
		assertThat(near(second, "profiles").invalidations()).isGreaterThanOrEqualTo(delays.length);
	}

	@Test
	void aDroppedTrackingConnectionFlushesAndBypassesTheNearTierUntilRedisTracksAgain() {
		ConfigurableApplicationContext first = start();
		ConfigurableApplicationContext second = start();
		ProfileRepository writer = first.getBean(ProfileRepository.class);
		ProfileRepository reader = second.getBean(ProfileRepository.class);
		Long id = writer.save(new Profile("killed@near.example", "before")).getId();
		awaitNearHit(second, "profiles", () -> reader.findById(id));
		NearCache near = near(second, "profiles");
		long flushes = near.flushes();
		StringRedisTemplate redis = second.getBean(StringRedisTemplate.class);
		List<String> tracking = trackingClients(redis);
		assertThat(tracking).hasSizeGreaterThanOrEqualTo(2);
		redis.execute((RedisCallback<Object>) (connection) -> {
			tracking.forEach((address) -> connection.serverCommands()
				.killClient(address.substring(0, address.lastIndexOf(':')),
						Integer.parseInt(address.substring(address.lastIndexOf(':') + 1))));
			return null;
		});
		await().atMost(BOUND).until(() -> near.flushes() > flushes);
		Profile profile = writer.findById(id).orElseThrow();
		profile.setDisplayName("after");
		writer.save(profile);
		assertThat(reader.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("after");
		awaitNearHit(second, "profiles", () -> reader.findById(id));
		assertThat(reader.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("after");
		assertThat(trackingClients(redis)).hasSameSizeAs(tracking).doesNotContainAnyElementsOf(tracking);
		profile = writer.findById(id).orElseThrow();
		profile.setDisplayName("tracked again");
		writer.save(profile);
		await().atMost(BOUND)
			.untilAsserted(() -> assertThat(reader.findById(id)).get()
				.extracting(Profile::getDisplayName)
				.isEqualTo("tracked again"));
	}

	@Test
	void aRedisRestartLeavesNoOlderStateInTheNearTier() {
		try (StoppableRedis redis = StoppableRedis.start()) {
			String[] settings = { "spring.data.redis.port=" + redis.port(), "write-through.timeout=200ms",
					"write-through.circuit-breaker.open-duration=300ms", "write-through.repair.interval=200ms",
					"spring.data.redis.timeout=1s", "spring.data.redis.connect-timeout=500ms" };
			ConfigurableApplicationContext first = start(settings);
			ConfigurableApplicationContext second = start(settings);
			ProfileRepository writer = first.getBean(ProfileRepository.class);
			ProfileRepository reader = second.getBean(ProfileRepository.class);
			Long id = writer.save(new Profile("restart@near.example", "before")).getId();
			awaitNearHit(first, "profiles", () -> writer.findById(id));
			awaitNearHit(second, "profiles", () -> reader.findById(id));
			redis.stop();
			Profile profile = writer.findById(id).orElseThrow();
			profile.setDisplayName("while Redis was down");
			writer.save(profile);
			assertThat(writer.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("while Redis was down");
			assertThat(reader.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("while Redis was down");
			redis.restart();
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(first.getBean(CacheRepairs.class).pending()).isZero());
			awaitNearHit(second, "profiles", () -> reader.findById(id));
			assertThat(reader.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("while Redis was down");
			assertThat(writer.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("while Redis was down");
		}
	}

	@Test
	void aWholeCacheInvalidationEmptiesEveryNearTier() {
		ConfigurableApplicationContext first = start();
		ConfigurableApplicationContext second = start();
		ProfileRepository writer = first.getBean(ProfileRepository.class);
		ProfileRepository reader = second.getBean(ProfileRepository.class);
		Long id = writer.save(new Profile("all@near.example", "before")).getId();
		awaitNearHit(first, "profiles", () -> writer.findById(id));
		awaitNearHit(second, "profiles", () -> reader.findById(id));
		writer.renameAll("renamed by a query");
		assertThat(writer.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("renamed by a query");
		await().atMost(BOUND)
			.untilAsserted(() -> assertThat(reader.findById(id)).get()
				.extracting(Profile::getDisplayName)
				.isEqualTo("renamed by a query"));
	}

	@Test
	void aClientOnRespTwoNeverAnswersFromTheNearTierAndSaysWhy(CapturedOutput output) {
		ConfigurableApplicationContext instance = start(List.of(RespTwo.class));
		ProfileRepository profiles = instance.getBean(ProfileRepository.class);
		Long id = profiles.save(new Profile("resp2@near.example", "saved")).getId();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> output.getOut().contains("Near caches are bypassed: Redis cannot track their keys"));
		for (int i = 0; i < 20; i++) {
			assertThat(profiles.findById(id)).isPresent();
		}
		assertThat(near(instance, "profiles").hits()).isZero();
		assertThat(output.getOut()).contains("+client|id +client|tracking");
	}

	@Test
	void concurrentWritesOnTwoInstancesLeaveEveryNearAndRedisEntryEqualToItsRow() throws Exception {
		ConfigurableApplicationContext first = start();
		ConfigurableApplicationContext second = start();
		List<ProfileRepository> repositories = List.of(first.getBean(ProfileRepository.class),
				second.getBean(ProfileRepository.class));
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			ids.add(repositories.get(0).save(new Profile("stress" + i + "@near.example", "0")).getId());
		}
		Long marker = repositories.get(0).save(new Profile("marker@near.example", "0")).getId();
		awaitNearHit(second, "profiles", () -> repositories.get(1).findById(ids.get(0)));
		ExecutorService threads = Executors.newFixedThreadPool(4);
		long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
		List<Future<Integer>> workers = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			ProfileRepository profiles = repositories.get(t % 2);
			workers.add(threads.submit(() -> {
				int writes = 0;
				ThreadLocalRandom random = ThreadLocalRandom.current();
				while (System.nanoTime() < end) {
					Long id = ids.get(random.nextInt(ids.size()));
					Profile profile = profiles.findById(id).orElseThrow();
					if (random.nextInt(4) == 0) {
						profile.setDisplayName(Integer.toString(random.nextInt(1000)));
						try {
							profiles.save(profile);
							writes++;
						}
						catch (OptimisticLockingFailureException ex) {
							// read an older state, as a concurrent writer may
						}
					}
				}
				return writes;
			}));
		}
		int writes = 0;
		for (Future<Integer> worker : workers) {
			writes += worker.get();
		}
		threads.shutdown();
		awaitToldOfEveryWrite(first, second, marker, "settled on the second");
		awaitToldOfEveryWrite(second, first, marker, "settled on the first");
		JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
		int nearHits = 0;
		for (ConfigurableApplicationContext instance : this.instances) {
			ProfileRepository profiles = instance.getBean(ProfileRepository.class);
			NearCache near = near(instance, "profiles");
			for (Long id : ids) {
				Map<String, Object> row = jdbc.queryForMap("select version, display_name from profile where id = ?",
						id);
				// the first read finds what the near tier kept; the second what the first
				// filled it with
				for (int read = 0; read < 2; read++) {
					long hits = near.hits();
					Profile profile = profiles.findById(id).orElseThrow();
					nearHits += (int) (near.hits() - hits);
					assertThat(profile.getVersion()).isEqualTo(((Number) row.get("version")).longValue());
					assertThat(profile.getDisplayName()).isEqualTo(row.get("display_name"));
				}
			}
		}
		new CachedProfiles(servers.keyPrefix(), first.getBean(StringRedisTemplate.class), jdbc)
			.assertEveryEntryEqualsItsRow(ids);
		logger.info(writes + " writes on two instances; then " + nearHits + " of " + (4 * ids.size())
				+ " reads answered by the near tier, every one equal to its row");
		assertThat(writes).isPositive();
		assertThat(nearHits).isPositive();
	}

	/**
	 * Wait until one instance has been told of every write made so far: Redis pushes the
	 * keys of writes in the order it applies them, so once the instance no longer answers
	 * a marker row from its near tier with the state before a write made after all
	 * others, it has been told of them all (or its near tier was emptied meanwhile).
	 */
	private static void awaitToldOfEveryWrite(ConfigurableApplicationContext writing,
			ConfigurableApplicationContext told, Long marker, String name) {
		ProfileRepository writer = writing.getBean(ProfileRepository.class);
		ProfileRepository reader = told.getBean(ProfileRepository.class);
		awaitNearHit(told, "profiles", () -> reader.findById(marker));
		Profile profile = writer.findById(marker).orElseThrow();
		profile.setDisplayName(name);
		writer.save(profile);
		await().atMost(BOUND)
			.pollInterval(Duration.ofMillis(5))
			.until(() -> name.equals(reader.findById(marker).orElseThrow().getDisplayName()));
	}

	/**
	 * Return the addresses of the connections on which Redis tracks keys.
	 */
	private static List<String> trackingClients(StringRedisTemplate redis) {
		return Objects
			.requireNonNull(redis.execute((RedisCallback<List<String>>) (connection) -> connection.serverCommands()
				.getClientList()
				.stream()
				.filter((client) -> client.get("flags").contains("t"))
				.map(RedisClientInfo::getAddressPort)
				.toList()));
	}

	private static NearCache near(ConfigurableApplicationContext instance, String cache) {
		return Objects.requireNonNull(Objects.requireNonNull(instance.getBean(EntityCaches.class).get(cache)).near());
	}

	/**
	 * Read until the near tier answers: Redis tracks the keys, and the entry is filled.
	 */
	private static void awaitNearHit(ConfigurableApplicationContext instance, String cache, Runnable read) {
		NearCache near = near(instance, cache);
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
			long hits = near.hits();
			read.run();
			return near.hits() > hits;
		});
	}

	private ConfigurableApplicationContext start(String... properties) {
		return start(List.of(), properties);
	}

	private ConfigurableApplicationContext start(List<Class<?>> sources, String... properties) {
		Map<String, String> settings = new LinkedHashMap<>(servers.springProperties().asMap());
		settings.put("spring.jpa.hibernate.ddl-auto", "update");
		settings.put("spring.jpa.open-in-view", "false");
		settings.put("spring.main.banner-mode", "off");
		settings.put("logging.level.org.springframework.data.repository.config", "warn");
		settings.put("management.endpoints.web.exposure.include", "writethrough");
		settings.put("write-through.caches.profiles.near.max-entries", "1000");
		settings.put("write-through.caches.profiles.near.max-staleness", BOUND.toMillis() + "ms");
		settings.put("write-through.caches.note.near.max-entries", "1000");
		for (String property : properties) {
			settings.put(property.substring(0, property.indexOf('=')), property.substring(property.indexOf('=') + 1));
		}
		ConfigurableApplicationContext context = IntegrationServers.startApplication(settings,
				sources.toArray(Class<?>[]::new));
		this.instances.add(context);
		return context;
	}

	/**
	 * Configures Lettuce for RESP2, on which Redis sends no pushes.
	 */
	@Configuration(proxyBeanMethods = false)
	static class RespTwo {

		@Bean
		LettuceClientConfigurationBuilderCustomizer respTwo() {
			return (builder) -> builder
				.clientOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
		}

	}

}
