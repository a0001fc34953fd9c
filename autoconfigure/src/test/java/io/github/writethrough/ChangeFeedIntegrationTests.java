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

import java.nio.charset.StandardCharsets;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import io.github.writethrough.autoconfigure.actuate.ChangeFeedDescriptor;
import io.github.writethrough.autoconfigure.actuate.WriteThroughEndpoint;
import io.github.writethrough.autoconfigure.actuate.WriteThroughHealthIndicator;
import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.cache.NearCache;
import io.github.writethrough.domain.DomainApplication;
import io.github.writethrough.domain.Shelf;
import io.github.writethrough.domain.ShelfRepository;
import io.github.writethrough.domain.hierarchy.Car;
import io.github.writethrough.domain.hierarchy.CardPayment;
import io.github.writethrough.domain.hierarchy.DocumentRepository;
import io.github.writethrough.domain.hierarchy.PaymentRepository;
import io.github.writethrough.domain.hierarchy.Receipt;
import io.github.writethrough.domain.hierarchy.VehicleRepository;
import io.github.writethrough.feed.ChangeFeed;
import io.github.writethrough.test.EmbeddedServers;
import io.github.writethrough.test.TestServers;
import io.github.writethrough.testapp.Note;
import io.github.writethrough.testapp.NoteRepository;
import io.github.writethrough.testapp.Profile;
import io.github.writethrough.testapp.ProfileRepository;
import io.github.writethrough.testapp.ProfileService;
import io.lettuce.core.AclSetuserArgs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.lettuce.core.KillArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The change feed against a real PostgreSQL with {@code wal_level=logical}: rows that
 * plain SQL changes behind the application's back are brought in line in Redis, one
 * instance follows at a time, and another takes over when it goes.
 *
 * @author Write-Through contributors
 */
@Timeout(180)
class ChangeFeedIntegrationTests {

	private static final Log logger = LogFactory.getLog(ChangeFeedIntegrationTests.class);

	private static final IntegrationServers servers = IntegrationServers.forTestClass(ChangeFeedIntegrationTests.class);

	private static final String SLOT = "wt_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@AfterEach
	void stopInstances() {
		this.instances.forEach(ConfigurableApplicationContext::close);
	}

	@AfterAll
	static void dropSlotAndSchema() {
		Map<String, String> database = servers.springProperties().asMap();
		try (Connection connection = DriverManager.getConnection(database.get("spring.datasource.url"),
				database.get("spring.datasource.username"), database.get("spring.datasource.password"))) {
			JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> jdbc
					.queryForList("select pg_drop_replication_slot(slot_name) from pg_replication_slots "
							+ "where slot_name = ? and not active", SLOT)
					.size() == 1
						|| jdbc.queryForObject("select count(*) from pg_replication_slots where slot_name = ?",
								Long.class, SLOT) == 0);
			jdbc.execute("drop publication if exists " + SLOT);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		servers.close();
	}

	@Test
	void updatesBySqlOfEveryTableOfAHierarchyOrASecondaryTableReachTheNextRead() {
		ConfigurableApplicationContext instance = start(new Class<?>[] { DomainApplication.class });
		PaymentRepository payments = instance.getBean(PaymentRepository.class);
		VehicleRepository vehicles = instance.getBean(VehicleRepository.class);
		DocumentRepository documents = instance.getBean(DocumentRepository.class);
		Long card = payments.save(new CardPayment(new BigDecimal("1.00"), "4111")).getId();
		Long car = vehicles.save(new Car("Beetle", 2)).getId();
		documents.save(new Receipt(7L, "Coffee", "Corner"));
		ShelfRepository shelves = instance.getBean(ShelfRepository.class);
		shelves.save(new Shelf(3L, "Fiction", "Aisle 1"));
		shelves.findById(3L);
		payments.findById(card);
		vehicles.findById(car);
		documents.findById(7L);
		awaitFollowing(instance);
		JdbcTemplate jdbc = instance.getBean(JdbcTemplate.class);
		jdbc.update("update payment set card_number = '5500' where id = ?", card);
		jdbc.update("update car set doors = 5 where id = ?", car);
		jdbc.update("update receipt set shop = 'Kiosk' where id = 7");
		jdbc.update("update shelf_detail set location = 'Aisle 9' where id = 3");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(payments.findById(card)).get()
				.asInstanceOf(InstanceOfAssertFactories.type(CardPayment.class))
				.extracting(CardPayment::getCardNumber)
				.isEqualTo("5500");
			assertThat(vehicles.findById(car)).get()
				.asInstanceOf(InstanceOfAssertFactories.type(Car.class))
				.extracting(Car::getDoors)
				.isEqualTo(5);
			assertThat(documents.findById(7L)).get()
				.asInstanceOf(InstanceOfAssertFactories.type(Receipt.class))
				.extracting(Receipt::getShop)
				.isEqualTo("Kiosk");
			assertThat(shelves.findById(3L)).get().extracting(Shelf::getLocation).isEqualTo("Aisle 9");
		});
	}

	@Test
	void updateBySqlOfAnotherProgramReachesTheNextRead() {
		ConfigurableApplicationContext instance = start();
		ProfileRepository profiles = instance.getBean(ProfileRepository.class);
		Long id = profiles.save(new Profile("sql@feed.example", "Ada")).getId();
		assertThat(profiles.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("Ada");
		awaitFollowing(instance);
		JdbcTemplate jdbc = instance.getBean(JdbcTemplate.class);
		long start = System.nanoTime();
		jdbc.update("update profile set display_name = 'x' where id = ?", id);
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> "x".equals(profiles.findById(id).map(Profile::getDisplayName).orElse(null)));
		System.err.println(
				"LAG " + feed(instance).status().lagMillis() + " took " + Duration.ofNanos(System.nanoTime() - start));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		assertThat(profiles.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("x");
		MeterRegistry meters = instance.getBean(MeterRegistry.class);
		// the follower records the change once Redis took its marker, which reads may see
		// first
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(meters.get("writethrough.changefeed.lag").timer().count()).isPositive());
		assertThat(meters.get("writethrough.changefeed.following").gauge().value()).isOne();
		assertThat(meters.get("writethrough.changefeed.changes").functionCounter().count()).isPositive();
		ChangeFeedDescriptor described = instance.getBean(WriteThroughEndpoint.class).caches().changeFeed();
		assertThat(described.following()).isTrue();
		assertThat(described.changes()).isPositive();
		assertThat(instance.getBean(WriteThroughHealthIndicator.class).health(true).getDetails())
			.containsKey("changeFeed");
	}

	@Test
	void updateBySqlOfAnotherProgramRemovesTheEntryFromEveryNearTier() {
		String near = "write-through.caches.profiles.near.max-entries=100";
		ConfigurableApplicationContext first = start(near);
		ConfigurableApplicationContext second = start(near);
		Long id = first.getBean(ProfileRepository.class).save(new Profile("near@feed.example", "Ada")).getId();
		awaitFollowing(first, second);
		for (ConfigurableApplicationContext instance : List.of(first, second)) {
			NearCache nearCache = instance.getBean(EntityCaches.class).get("profiles").near();
			ProfileRepository profiles = instance.getBean(ProfileRepository.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				long hits = nearCache.hits();
				profiles.findById(id);
				return nearCache.hits() > hits;
			});
		}
		first.getBean(JdbcTemplate.class).update("update profile set display_name = 'by sql' where id = ?", id);
		for (ConfigurableApplicationContext instance : List.of(first, second)) {
			ProfileRepository profiles = instance.getBean(ProfileRepository.class);
			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> "by sql".equals(profiles.findById(id).map(Profile::getDisplayName).orElse(null)));
		}
	}

	@Test
	void ownWritesOfAVersionedEntityStayCachedWhenTheFeedReadsThem() {
		ConfigurableApplicationContext instance = start();
		awaitFollowing(instance);
		ProfileRepository profiles = instance.getBean(ProfileRepository.class);
		StringRedisTemplate redis = instance.getBean(StringRedisTemplate.class);
		ChangeFeed feed = feed(instance);
		long changes = feed.status().changes();
		Long id = profiles.save(new Profile("own@feed.example", "inserted")).getId();
		String key = servers.keyPrefix() + ":profiles:" + id;
		await().atMost(Duration.ofSeconds(5)).until(() -> feed.status().changes() > changes);
		assertThat(redis.opsForValue().get(key)).contains("\"@kind\":\"entity\"", "\"displayName\":\"inserted\"");
		long updated = feed.status().changes();
		new TransactionTemplate(instance.getBean(PlatformTransactionManager.class)).executeWithoutResult((status) -> {
			Profile profile = profiles.findById(id).orElseThrow();
			profile.getTags().size();
			profile.setDisplayName("renamed");
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> feed.status().changes() > updated);
		assertThat(redis.opsForValue().get(key)).contains("\"@kind\":\"entity\"", "\"displayName\":\"renamed\"");
		long renamed = feed.status().changes();
		instance.getBean(JdbcTemplate.class).update("update profile set display_name = 'by sql' where id = ?", id);
		await().atMost(Duration.ofSeconds(5)).until(() -> feed.status().changes() > renamed);
		assertThat(redis.opsForValue().get(key)).as("an update that kept the version is marked")
			.contains("\"@kind\":\"evicted\"");
		assertThat(profiles.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("by sql");
	}

	@Test
	void insertsDeletesAndTruncatesBySqlReachTheCacheOfAnEntityWithoutVersion() {
		ConfigurableApplicationContext instance = start();
		NoteRepository notes = instance.getBean(NoteRepository.class);
		JdbcTemplate jdbc = instance.getBean(JdbcTemplate.class);
		notes.save(new Note("kept", "before"));
		assertThat(notes.findById("inserted")).isEmpty();
		assertThat(notes.findById("kept")).get().extracting(Note::getText).isEqualTo("before");
		awaitFollowing(instance);
		jdbc.update("insert into note (id, text) values ('inserted', 'by sql')");
		jdbc.update("update note set text = 'changed by sql' where id = 'kept'");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(notes.findById("inserted")).get().extracting(Note::getText).isEqualTo("by sql");
			assertThat(notes.findById("kept")).get().extracting(Note::getText).isEqualTo("changed by sql");
		});
		assertThat(instance.getBean(StringRedisTemplate.class).opsForValue().get(servers.keyPrefix() + ":note:kept"))
			.as("the read after the change's marker fills the entry again")
			.endsWith("\"text\":\"changed by sql\"}}}");
		jdbc.update("delete from note where id = 'inserted'");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(notes.findById("inserted")).isEmpty());
		notes.save(new Note("truncated", "cached"));
		assertThat(notes.findById("truncated")).isPresent();
		jdbc.execute("truncate note");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(notes.findById("truncated")).isEmpty());
	}

	@Test
	void concurrentSqlWritersBesideTwoInstancesLeaveNoStaleEntryOnceWritesSettle() throws Exception {
		ConfigurableApplicationContext first = start();
		ConfigurableApplicationContext second = start();
		awaitFollowing(first, second);
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			ids.add(first.getBean(ProfileRepository.class).save(new Profile(i + "@race.example", "0")).getId());
		}
		ExecutorService executor = Executors.newFixedThreadPool(8);
		AtomicLong sqlUpdates = new AtomicLong();
		AtomicLong saves = new AtomicLong();
		AtomicLong reads = new AtomicLong();
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
		List<Future<?>> work = new ArrayList<>();
		for (ConfigurableApplicationContext instance : List.of(first, second)) {
			ProfileRepository profiles = instance.getBean(ProfileRepository.class);
			JdbcTemplate jdbc = instance.getBean(JdbcTemplate.class);
			work.add(executor.submit(() -> {
				while (System.nanoTime() < end) {
					Long id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
					jdbc.update("update profile set display_name = (display_name::int + 1)::text where id = ?", id);
					sqlUpdates.incrementAndGet();
				}
			}));
			work.add(executor.submit(() -> {
				while (System.nanoTime() < end) {
					Long id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
					try {
						profiles.findById(id).ifPresent((profile) -> {
							profile.setDisplayName(String.valueOf(Integer.parseInt(profile.getDisplayName()) + 1000));
							profiles.save(profile);
							saves.incrementAndGet();
						});
					}
					catch (RuntimeException ex) {
						// an optimistic locking conflict with another writer
					}
				}
			}));
			for (int reader = 0; reader < 2; reader++) {
				work.add(executor.submit(() -> {
					while (System.nanoTime() < end) {
						profiles.findById(ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
						reads.incrementAndGet();
					}
				}));
			}
		}
		for (Future<?> future : work) {
			future.get();
		}
		executor.shutdown();
		JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			List<String> stale = new ArrayList<>();
			for (Long id : ids) {
				String row = jdbc.queryForObject("select display_name from profile where id = ?", String.class, id);
				for (ConfigurableApplicationContext instance : List.of(first, second)) {
					String cached = instance.getBean(ProfileRepository.class)
						.findById(id)
						.map(Profile::getDisplayName)
						.orElse(null);
					if (!row.equals(cached)) {
						stale.add(id + ": " + cached + " for " + row);
					}
				}
			}
			assertThat(stale).isEmpty();
		});
		assertThat(first.getBean(EntityCaches.class).get("profiles").statistics().hits()).isPositive();
		logger.info("No stale entry once writes settled, after " + sqlUpdates + " SQL updates, " + saves + " saves and "
				+ reads + " reads through two instances in 4 s, on " + ids.size() + " rows");
	}

	@Test
	void anotherInstanceTakesOverWhenTheFollowerStops() {
		ConfigurableApplicationContext first = start();
		ConfigurableApplicationContext second = start();
		ConfigurableApplicationContext follower = awaitFollowing(first, second);
		ConfigurableApplicationContext other = (follower == first) ? second : first;
		assertThat(feed(other).status().isFollowing()).isFalse();
		ProfileRepository profiles = other.getBean(ProfileRepository.class);
		Long id = profiles.save(new Profile("takeover@feed.example", "Ada")).getId();
		assertThat(profiles.findById(id)).isPresent();
		follower.close();
		long start = System.nanoTime();
		awaitFollowing(other);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		other.getBean(JdbcTemplate.class).update("update profile set display_name = 'y' where id = ?", id);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> "y".equals(profiles.findById(id).map(Profile::getDisplayName).orElse(null)));
	}

	@Test
	void changesMadeWhileRedisRefusesWritesAreAppliedWhenItTakesThemAgain() {
		ConfigurableApplicationContext instance = start("write-through.timeout=200ms");
		ProfileRepository profiles = instance.getBean(ProfileRepository.class);
		Long id = profiles.save(new Profile("paused@feed.example", "Ada")).getId();
		assertThat(profiles.findById(id)).isPresent();
		awaitFollowing(instance);
		StringRedisTemplate redis = instance.getBean(StringRedisTemplate.class);
		redis.execute((RedisCallback<Object>) (connection) -> connection.execute("CLIENT",
				"PAUSE".getBytes(StandardCharsets.US_ASCII), "3000".getBytes(StandardCharsets.US_ASCII),
				"WRITE".getBytes(StandardCharsets.US_ASCII)));
		instance.getBean(JdbcTemplate.class).update("update profile set display_name = 'paused' where id = ?", id);
		await().atMost(Duration.ofSeconds(3)).until(() -> feed(instance).status().lastFailure() != null);
		await().atMost(Duration.ofSeconds(15))
			.until(() -> "paused".equals(profiles.findById(id).map(Profile::getDisplayName).orElse(null)));
	}

	@Test
	void slotFurtherBehindThanMaxLagIsSkippedAheadAndItsCachesInvalidated() {
		ConfigurableApplicationContext first = start();
		ProfileRepository profiles = first.getBean(ProfileRepository.class);
		Long id = profiles.save(new Profile("behind@feed.example", "Ada")).getId();
		awaitFollowing(first);
		first.close();
		JdbcTemplate jdbc = new JdbcTemplate(
				new SingleConnectionDataSource(servers.springProperties().asMap().get("spring.datasource.url"),
						servers.springProperties().asMap().get("spring.datasource.username"),
						servers.springProperties().asMap().get("spring.datasource.password"), true));
		for (int i = 0; i < 300; i++) {
			jdbc.update("update profile set display_name = ? where id = ?", "behind " + i, id);
		}
		ConfigurableApplicationContext second = start("write-through.change-feed.max-lag=16KB");
		StringRedisTemplate redis = second.getBean(StringRedisTemplate.class);
		String epochKey = second.getBean(EntityCaches.class).get("profiles").epochKey();
		long epoch = Long.parseLong(redis.opsForValue().get(epochKey));
		awaitFollowing(second);
		await().atMost(Duration.ofSeconds(10)).until(() -> feed(second).status().skips() == 1);
		assertThat(second.getBean(ProfileRepository.class).findById(id)).get()
			.extracting(Profile::getDisplayName)
			.isEqualTo("behind 299");
		assertThat(Long.parseLong(redis.opsForValue().get(epochKey))).isGreaterThan(epoch);
	}

	@Test
	void slotDroppedBehindTheFollowersBackIsCreatedAnewAndItsCachesInvalidated() {
		ConfigurableApplicationContext instance = start();
		ProfileRepository profiles = instance.getBean(ProfileRepository.class);
		Long id = profiles.save(new Profile("dropped@feed.example", "Ada")).getId();
		assertThat(profiles.findById(id)).isPresent();
		awaitFollowing(instance);
		StringRedisTemplate redis = instance.getBean(StringRedisTemplate.class);
		String epochKey = instance.getBean(EntityCaches.class).get("profiles").epochKey();
		long epoch = Long.parseLong(redis.opsForValue().get(epochKey));
		JdbcTemplate jdbc = instance.getBean(JdbcTemplate.class);
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
			jdbc.queryForList("select pg_terminate_backend(active_pid) from pg_replication_slots "
					+ "where slot_name = ? and active", SLOT);
			jdbc.queryForList(
					"select pg_drop_replication_slot(slot_name) from pg_replication_slots " + "where slot_name = ?",
					SLOT);
			return true;
		});
		await().atMost(Duration.ofSeconds(10))
			.until(() -> Long.parseLong(redis.opsForValue().get(epochKey)) > epoch
					&& feed(instance).status().isFollowing());
		jdbc.update("update profile set display_name = 'after the drop' where id = ?", id);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> "after the drop".equals(profiles.findById(id).map(Profile::getDisplayName).orElse(null)));
	}

	@Test
	void databaseWithoutLogicalWalLevelIsToldTheSettingAtStartup() throws Exception {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setServerConfig("listen_addresses", EmbeddedServers.LOOPBACK)
			.setServerConfig("wal_level", "replica")
			.start()) {
			assertThatExceptionOfType(WriteThroughConfigurationException.class)
				.isThrownBy(() -> start("spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
						"spring.datasource.username=postgres", "spring.datasource.password=",
						"spring.jpa.hibernate.ddl-auto=create"))
				.withMessage("PostgreSQL's wal_level is 'replica', and the change feed needs 'logical'")
				.satisfies((ex) -> assertThat(ex.getAction()).startsWith("Run ALTER SYSTEM SET wal_level = logical"));
		}
	}

	@Test
	void userWithoutReplicationPrivilegeIsToldTheGrantAtStartup() {
		JdbcTemplate jdbc = new JdbcTemplate(
				new SingleConnectionDataSource(servers.springProperties().asMap().get("spring.datasource.url"),
						servers.springProperties().asMap().get("spring.datasource.username"),
						servers.springProperties().asMap().get("spring.datasource.password"), true));
		String user = SLOT + "_user";
		String slot = SLOT + "_other";
		jdbc.execute("create role " + user + " login password 'secret'");
		jdbc.execute("create publication " + slot + " for all tables");
		try {
			jdbc.execute("grant all on schema " + servers.schemaName() + " to " + user);
			jdbc.execute("grant all on all tables in schema " + servers.schemaName() + " to " + user);
			jdbc.execute("grant all on all sequences in schema " + servers.schemaName() + " to " + user);
			assertThatExceptionOfType(WriteThroughConfigurationException.class)
				.isThrownBy(() -> start(
						"spring.datasource.url="
								+ withoutUser(servers.springProperties().asMap().get("spring.datasource.url")),
						"spring.datasource.username=" + user, "spring.datasource.password=secret",
						"write-through.change-feed.slot-name=" + slot))
				.withMessageContaining("Could not create replication slot " + slot)
				.satisfies((ex) -> assertThat(ex.getAction()).contains("ALTER ROLE " + user + " REPLICATION;"));
		}
		finally {
			jdbc.execute("drop publication " + slot);
			jdbc.execute("drop owned by " + user);
			jdbc.execute("drop role " + user);
		}
	}

	@Test
	void partitionOfOneInstanceFromRedisLeavesTheOthersStaleOnlyWithoutTheFeed() {
		String user = SLOT + "_partitioned";
		redis((commands) -> commands.aclSetuser(user,
				AclSetuserArgs.Builder.on().addPassword("secret").allKeys().allChannels().allCommands()));
		try {
			Duration without = staleWhilePartitioned(user, false, false);
			Duration readerFollows = staleWhilePartitioned(user, true, false);
			Duration writerFollows = staleWhilePartitioned(user, true, true);
			logger.info("Partition of one instance from Redis: another instance served the replaced entry for "
					+ without.toMillis() + " ms without the change feed (the whole partition, 2 s, and until the "
					+ "repair landed), " + readerFollows.toMillis() + " ms with it, " + writerFollows.toMillis()
					+ " ms when the partitioned instance followed the feed");
			assertThat(readerFollows).isLessThan(Duration.ofSeconds(2));
			assertThat(writerFollows).isLessThan(Duration.ofSeconds(2));
		}
		finally {
			redis((commands) -> commands.aclDeluser(user));
		}
	}

	/**
	 * Partition instance {@code a} from Redis, let it update a row, and return how long
	 * instance {@code b} serves the replaced state, from the start of the update, which
	 * waits 200 ms for Redis.
	 */
	private Duration staleWhilePartitioned(String user, boolean feed, boolean writerFollows) {
		String enabled = "write-through.change-feed.enabled=" + feed;
		String[] writer = { enabled, "spring.data.redis.username=" + user, "spring.data.redis.password=secret",
				"write-through.timeout=200ms" };
		ConfigurableApplicationContext a = writerFollows ? start(writer) : null;
		ConfigurableApplicationContext b = start(enabled);
		if (feed) {
			awaitFollowing(writerFollows ? a : b);
		}
		a = (a != null) ? a : start(writer);
		ProfileRepository readerProfiles = b.getBean(ProfileRepository.class);
		Long id = a.getBean(ProfileRepository.class).save(new Profile(feed + "@partition.example", "before")).getId();
		assertThat(readerProfiles.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("before");
		redis((commands) -> commands.aclSetuser(user, AclSetuserArgs.Builder.off()));
		redis((commands) -> commands.clientKill(KillArgs.Builder.user(user)));
		long start = System.nanoTime();
		a.getBean(ProfileService.class).rename(id, "after");
		boolean seenDuringPartition = awaitName(readerProfiles, id, "after", Duration.ofSeconds(2));
		if (!seenDuringPartition) {
			redis((commands) -> commands.aclSetuser(user, AclSetuserArgs.Builder.on()));
			assertThat(awaitName(readerProfiles, id, "after", Duration.ofSeconds(10))).isTrue();
		}
		Duration stale = Duration.ofNanos(System.nanoTime() - start);
		redis((commands) -> commands.aclSetuser(user, AclSetuserArgs.Builder.on()));
		assertThat(seenDuringPartition).as("another instance reads the new state while the writer is cut off")
			.isEqualTo(feed);
		a.close();
		b.close();
		return stale;
	}

	private static void redis(Function<RedisCommands<String, String>, Object> command) {
		TestServers.redis().withCommands(command);
	}

	private static boolean awaitName(ProfileRepository profiles, Long id, String name, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (name.equals(profiles.findById(id).map(Profile::getDisplayName).orElse(null))) {
				return true;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
		}
		return false;
	}

	/**
	 * Take the user out of a JDBC URL, where embedded PostgreSQL puts it and where it
	 * would win over {@code spring.datasource.username}.
	 */
	private static String withoutUser(String jdbcUrl) {
		return jdbcUrl.replaceAll("([?&])user=[^&]*&?", "$1").replaceAll("[?&]$", "");
	}

	private ConfigurableApplicationContext start(String... properties) {
		return start(new Class<?>[0], properties);
	}

	private ConfigurableApplicationContext start(Class<?>[] sources, String... properties) {
		Map<String, String> settings = new LinkedHashMap<>(servers.springProperties().asMap());
		settings.put("spring.jpa.hibernate.ddl-auto", "update");
		settings.put("spring.jpa.open-in-view", "false");
		settings.put("write-through.change-feed.enabled", "true");
		settings.put("write-through.change-feed.slot-name", SLOT);
		settings.put("write-through.caches.note.negative-ttl", "1m");
		settings.put("spring.main.banner-mode", "off");
		settings.put("management.endpoints.web.exposure.include", "health,writethrough");
		settings.put("logging.level.org.springframework.data.repository.config", "warn");
		for (String property : properties) {
			settings.put(property.substring(0, property.indexOf('=')), property.substring(property.indexOf('=') + 1));
		}
		ConfigurableApplicationContext context = IntegrationServers.startApplication(settings, sources);
		this.instances.add(context);
		return context;
	}

	private static ChangeFeed feed(ConfigurableApplicationContext context) {
		return context.getBean(ChangeFeed.class);
	}

	private static ConfigurableApplicationContext awaitFollowing(ConfigurableApplicationContext... candidates) {
		ConfigurableApplicationContext[] follower = new ConfigurableApplicationContext[1];
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> {
			for (ConfigurableApplicationContext candidate : candidates) {
				if (candidate.isActive() && feed(candidate).status().isFollowing()) {
					follower[0] = candidate;
					return true;
				}
			}
			return false;
		});
		return follower[0];
	}

}
