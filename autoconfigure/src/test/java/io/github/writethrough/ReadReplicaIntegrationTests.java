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
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.test.ReplicaRouting;
import io.github.writethrough.test.TestReplica;
import io.github.writethrough.test.TestServers;
import io.github.writethrough.testapp.Note;
import io.github.writethrough.testapp.NoteRepository;
import io.github.writethrough.testapp.Profile;
import io.github.writethrough.testapp.ProfileRepository;
import io.github.writethrough.testapp.TestApplication;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data source that routes read-only transactions to a streaming replica that lags a few
 * seconds behind the primary, the usual Spring recipe: the caller's read-only
 * transactions read the replica's older state, and no fill ever caches it.
 *
 * @author Write-Through contributors
 */
@EnabledIf("replicaAvailable")
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SpringBootTest(classes = { TestApplication.class, ReadReplicaIntegrationTests.RoutingConfiguration.class },
		properties = "spring.jpa.open-in-view=false")
class ReadReplicaIntegrationTests {

	private static final Duration LAG = Duration.ofSeconds(3);

	private static final Duration CATCH_UP = Duration.ofSeconds(30);

	private static final IntegrationServers servers = IntegrationServers
		.forTestClass(ReadReplicaIntegrationTests.class);

	@Autowired
	private ProfileRepository profiles;

	@Autowired
	private NoteRepository notes;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Autowired
	private EntityCaches caches;

	@Autowired
	private EntityManagerFactory entityManagerFactory;

	static boolean replicaAvailable() {
		return TestServers.replica().isPresent();
	}

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		servers.register(registry);
	}

	@AfterAll
	static void dropSchema() {
		servers.close();
	}

	@BeforeEach
	void replicaCaughtUp() {
		replica().awaitReplay(CATCH_UP);
	}

	@AfterEach
	void cleanUp() {
		RoutingConfiguration.readsGoToReplica.remove();
		replica().applyDelay(Duration.ZERO);
		this.jdbc.execute("truncate table profile_tags, profile, note cascade");
		servers.deleteRedisKeys();
	}

	@Test
	void fillAfterAnEpochAdvanceReadsThePrimary() {
		List<Long> ids = saveProfiles(10);
		laggingReplica();
		this.profiles.renameAll("renamed");
		for (Long id : ids) {
			assertThat(readOnly(() -> this.profiles.findById(id))).get()
				.extracting(Profile::getDisplayName)
				.isEqualTo("initial");
			assertThat(this.profiles.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("renamed");
		}
		assertEveryEntryEqualsItsRow(ids);
		replicaCaughtUpAgain();
		assertEveryEntryEqualsItsRow(ids);
		assertThat(this.profiles.findAllById(ids)).extracting(Profile::getDisplayName).containsOnly("renamed");
	}

	@Test
	void fillAfterAnExpiryReadsThePrimary() {
		List<Long> ids = saveProfiles(10);
		laggingReplica();
		inTransaction(() -> this.profiles.findAllById(ids).forEach((profile) -> profile.setDisplayName("changed")));
		ids.forEach((id) -> this.redis.delete(entryKey("profiles", id)));
		for (Long id : ids) {
			assertThat(readOnly(() -> this.profiles.findById(id))).get().extracting(Profile::getVersion).isEqualTo(0L);
			assertThat(this.profiles.findById(id)).get().extracting(Profile::getVersion).isEqualTo(1L);
		}
		assertEveryEntryEqualsItsRow(ids);
		replicaCaughtUpAgain();
		assertEveryEntryEqualsItsRow(ids);
	}

	@Test
	void fillOfAnEntityWithoutVersionReadsThePrimary() {
		this.notes.save(new Note("n1", "one"));
		laggingReplica();
		this.notes.save(new Note("n1", "two"));
		this.redis.delete(entryKey("note", "n1"));
		assertThat(readOnly(() -> this.notes.findById("n1"))).get().extracting(Note::getText).isEqualTo("one");
		assertThat(this.notes.findById("n1")).get().extracting(Note::getText).isEqualTo("two");
		assertThat(this.redis.opsForValue().get(entryKey("note", "n1"))).contains("\"text\":\"two\"");
		replicaCaughtUpAgain();
		assertThat(this.redis.opsForValue().get(entryKey("note", "n1"))).contains("\"text\":\"two\"");
	}

	@Test
	void deletedRowsAreNotFilledFromTheReplica() {
		List<Long> ids = saveProfiles(3);
		laggingReplica();
		ids.forEach(this.profiles::deleteById);
		ids.forEach((id) -> this.redis.delete(entryKey("profiles", id)));
		for (Long id : ids) {
			assertThat(readOnly(() -> this.profiles.findById(id))).isPresent();
			assertThat(readOnly(() -> this.profiles.existsById(id))).isTrue();
			assertThat(this.redis.opsForValue().get(entryKey("profiles", id))).doesNotContain("\"@kind\":\"entity\"");
			assertThat(this.profiles.existsById(id)).isFalse();
			assertThat(this.profiles.findById(id)).isEmpty();
		}
		replicaCaughtUpAgain();
		assertEveryEntryEqualsItsRow(ids);
		assertThat(this.profiles.findAllById(ids)).isEmpty();
	}

	@Test
	@Order(1) // the warning is logged once per application context
	void aReadOfTheStarterThatGoesToAStandbyIsNotCached(CapturedOutput output) {
		List<Long> ids = saveProfiles(2);
		replica().awaitReplay(CATCH_UP);
		ids.forEach((id) -> this.redis.delete(entryKey("profiles", id)));
		RoutingConfiguration.readsGoToReplica.set(true);
		assertThat(this.profiles.findAllById(ids)).hasSize(2);
		assertThat(this.redis.opsForValue().multiGet(ids.stream().map((id) -> entryKey("profiles", id)).toList()))
			.allSatisfy((entry) -> assertThat(entry).doesNotContain("\"@kind\":\"entity\""));
		assertThat(this.caches.get("profiles").statistics().standbyReads()).isGreaterThanOrEqualTo(2);
		assertThat(output).containsOnlyOnce("A read-write transaction of write-through read a standby server");
	}

	@Test
	void openSessionInViewKeepsTheReplicaOfTheRequestsFirstTransactionAndFillsNothingFromIt() {
		List<Long> ids = saveProfiles(1);
		Long id = ids.get(0);
		laggingReplica();
		inTransaction(() -> this.profiles.findById(id).orElseThrow().setDisplayName("changed"));
		this.redis.delete(entryKey("profiles", id));
		EntityManager view = this.entityManagerFactory.createEntityManager();
		TransactionSynchronizationManager.bindResource(this.entityManagerFactory, new EntityManagerHolder(view));
		try {
			readOnly(() -> this.profiles.count());
			assertThat(this.profiles.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("initial");
		}
		finally {
			TransactionSynchronizationManager.unbindResource(this.entityManagerFactory);
			view.close();
		}
		assertThat(this.redis.opsForValue().get(entryKey("profiles", id))).doesNotContain("\"@kind\":\"entity\"");
		assertThat(this.profiles.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("changed");
		replicaCaughtUpAgain();
		assertEveryEntryEqualsItsRow(ids);
	}

	@Test
	void concurrentWritersAndReadersWithRoutingNeverEndStale() throws Exception {
		List<Long> ids = saveProfiles(6);
		replica().applyDelay(Duration.ofMillis(500));
		AtomicInteger conflicts = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int thread = 0; thread < 8; thread++) {
				Random random = new Random(thread);
				futures.add(executor.submit(() -> {
					for (int i = 0; i < 80; i++) {
						Long id = ids.get(random.nextInt(ids.size()));
						int choice = random.nextInt(20);
						try {
							if (choice < 5) {
								inTransaction(() -> this.profiles.findById(id)
									.ifPresent((profile) -> profile.setDisplayName("n" + random.nextInt(1000))));
							}
							else if (choice < 6) {
								this.profiles.rename(id, "r" + random.nextInt(1000));
							}
							else if (choice < 8) {
								this.redis.delete(entryKey("profiles", id));
							}
							else if (choice < 13) {
								readOnly(() -> this.profiles.findById(id));
							}
							else {
								this.profiles.findById(id);
							}
						}
						catch (OptimisticLockingFailureException ex) {
							conflicts.incrementAndGet();
						}
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get(120, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertEveryEntryEqualsItsRow(ids);
		replicaCaughtUpAgain();
		assertEveryEntryEqualsItsRow(ids);
		assertThat(this.caches.get("profiles").statistics().puts()).isPositive();
	}

	private List<Long> saveProfiles(int count) {
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(this.profiles.save(new Profile("user" + i + "@example.com", "initial")).getId());
		}
		return ids;
	}

	private void laggingReplica() {
		replica().awaitReplay(CATCH_UP);
		replica().applyDelay(LAG);
	}

	private void replicaCaughtUpAgain() {
		replica().applyDelay(Duration.ZERO);
		replica().awaitReplay(CATCH_UP);
	}

	private void assertEveryEntryEqualsItsRow(List<Long> ids) {
		new CachedProfiles(servers.keyPrefix(), this.redis, this.jdbc).assertEveryEntryEqualsItsRow(ids);
	}

	private <T> T readOnly(Supplier<T> read) {
		TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);
		transaction.setReadOnly(true);
		return transaction.execute((status) -> read.get());
	}

	private void inTransaction(Runnable work) {
		new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> work.run());
	}

	private static String entryKey(String cache, Object id) {
		return servers.keyPrefix() + ":" + cache + ":" + id;
	}

	private static TestReplica replica() {
		return TestServers.replica().orElseThrow();
	}

	/**
	 * The routing recipe of README, over a pool of the primary and one of the replica.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class RoutingConfiguration {

		/**
		 * Sends the reads of the starter's own read-write transactions to the replica
		 * too, as a routing that keys on something else would.
		 */
		static final ThreadLocal<Boolean> readsGoToReplica = ThreadLocal.withInitial(() -> false);

		@Bean(defaultCandidate = false)
		HikariDataSource primaryDataSource(Environment environment) {
			return DataSourceBuilder.create()
				.type(HikariDataSource.class)
				.url(environment.getRequiredProperty("spring.datasource.url"))
				.username(environment.getRequiredProperty("spring.datasource.username"))
				.password(environment.getProperty("spring.datasource.password"))
				.build();
		}

		@Bean(defaultCandidate = false)
		HikariDataSource replicaDataSource() {
			return DataSourceBuilder.create()
				.type(HikariDataSource.class)
				.url(replica().jdbcUrl(servers.schemaName()))
				.username(replica().username())
				.password(replica().password())
				.build();
		}

		@Bean
		@Primary
		DataSource dataSource(@Qualifier("primaryDataSource") DataSource primary,
				@Qualifier("replicaDataSource") DataSource replica) {
			return ReplicaRouting.readOnlyToReplica(primary, replica, readsGoToReplica::get);
		}

	}

}
