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

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.writethrough.cache.CacheStatistics;
import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.operations.CacheCoherence;
import io.github.writethrough.transaction.CacheRepairs;
import io.github.writethrough.versions.v1.AccountsV1Application;
import io.github.writethrough.versions.v2.AccountsV2Application;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two versions of an application side by side on one database and one Redis, as during a
 * rolling deploy: their entity classes map the same table differently (a field renamed, a
 * type changed, a column added), so each reads only entries of its own shape.
 *
 * @author Write-Through contributors
 */
@Timeout(180)
class RollingDeployIntegrationTests {

	private static final Log logger = LogFactory.getLog(RollingDeployIntegrationTests.class);

	private static final IntegrationServers servers = IntegrationServers
		.forTestClass(RollingDeployIntegrationTests.class);

	private static final int ACCOUNTS = 20;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private Version v1;

	private Version v2;

	@BeforeEach
	void startBothVersions() {
		this.v1 = new Version(start(AccountsV1Application.class),
				io.github.writethrough.versions.v1.AccountRepository.class);
		JdbcTemplate jdbc = this.v1.context.getBean(JdbcTemplate.class);
		jdbc.execute("drop table if exists account");
		jdbc.execute("create table account (id bigint primary key, version bigint not null, name text, "
				+ "balance numeric(19, 2), nickname text)");
		jdbc.execute("drop table if exists memo");
		jdbc.execute("create table memo (id bigint primary key, text text)");
		for (long id = 1; id <= ACCOUNTS; id++) {
			jdbc.update("insert into account (id, version, name, balance) values (?, 0, ?, 100)", id, "holder " + id);
			jdbc.update("insert into memo (id, text) values (?, ?)", id, "memo " + id);
		}
		this.v2 = new Version(start(AccountsV2Application.class),
				io.github.writethrough.versions.v2.AccountRepository.class);
	}

	@AfterEach
	void stopBothVersions() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
		servers.deleteRedisKeys();
	}

	@AfterAll
	static void dropSchema() {
		servers.close();
	}

	@Test
	void versionsHaveShapesOfTheirOwn() {
		assertThat(this.v1.caches().get("accounts").shape()).matches("[0-9a-f]{16}")
			.isNotEqualTo(this.v2.caches().get("accounts").shape());
	}

	@Test
	void onceBothVersionsHaveReadARowNeitherWritesItAgainUntilItChanges() {
		for (long id = 1; id <= ACCOUNTS; id++) {
			this.v1.version(id);
			this.v2.version(id);
		}
		Counts v1Before = this.v1.counts();
		Counts v2Before = this.v2.counts();
		for (int round = 0; round < 9; round++) {
			for (long id = 1; id <= ACCOUNTS; id++) {
				this.v1.version(id);
				this.v2.version(id);
			}
		}
		Counts v1Reads = this.v1.counts().minus(v1Before);
		Counts v2Reads = this.v2.counts().minus(v2Before);
		assertThat(v1Reads).isEqualTo(new Counts(9 * ACCOUNTS, 0, 0, 0));
		assertThat(v2Reads).isEqualTo(new Counts(9 * ACCOUNTS, 0, 0, 0));
		assertThat(this.v1.counts().otherShapes() + this.v2.counts().otherShapes()).isEqualTo(ACCOUNTS);
	}

	@Test
	void versionsShareTheEntriesOfAnEntityWithoutVersionTooAndReadEachOthersWrites() {
		for (int round = 0; round < 3; round++) {
			assertThat(this.v1.memo(1)).isEqualTo("memo 1");
			assertThat(this.v2.memo(1)).isEqualTo("memo 1");
		}
		CacheStatistics v1Memos = this.v1.caches().get("memos").statistics();
		CacheStatistics v2Memos = this.v2.caches().get("memos").statistics();
		assertThat(v1Memos.hits() + v2Memos.hits()).isEqualTo(4);
		assertThat(v1Memos.appliedWrites() + v2Memos.appliedWrites()).isEqualTo(2);
		this.v2.writeMemo(1, "written by v2");
		assertThat(this.v1.memo(1)).isEqualTo("written by v2");
		this.v1.writeMemo(1, "written by v1");
		assertThat(this.v2.memo(1)).isEqualTo("written by v1");
		assertThat(this.v1.memo(1)).isEqualTo("written by v1");
		for (Version version : List.of(this.v1, this.v2)) {
			version.context.getBean(CacheCoherence.class).assertEveryEntryMatchesItsRow("memos");
		}
	}

	@Test
	void aWriteOfEitherVersionIsReadByTheOther() {
		this.v1.version(1);
		this.v2.version(1);
		this.v2.update(1, 1);
		assertThat(this.v1.version(1)).isEqualTo(1);
		assertThat(this.v2.version(1)).isEqualTo(1);
		this.v1.update(1, 2);
		assertThat(this.v2.version(1)).isEqualTo(2);
		assertThat(this.v1.version(1)).isEqualTo(2);
		assertThat(this.v1.context.getBean(JdbcTemplate.class)
			.queryForObject("select balance from account where id = 1", BigDecimal.class)).isEqualByComparingTo("102");
	}

	@Test
	void concurrentWritesOfBothVersionsLeaveNoStaleEntry() throws Exception {
		Map<Long, AtomicLong> committed = new ConcurrentHashMap<>();
		for (long id = 1; id <= ACCOUNTS; id++) {
			committed.put(id, new AtomicLong());
		}
		List<String> stale = new CopyOnWriteArrayList<>();
		AtomicInteger conflicts = new AtomicInteger();
		Counts v1Before = this.v1.counts();
		Counts v2Before = this.v2.counts();
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> work = new ArrayList<>();
			for (Version version : List.of(this.v1, this.v2)) {
				for (int thread = 0; thread < 2; thread++) {
					int seed = ((version == this.v1) ? 0 : 10) + thread;
					Random writes = new Random(seed);
					Random reads = new Random(seed + 100);
					work.add(executor.submit(() -> {
						for (int i = 0; i < 150; i++) {
							long id = 1 + writes.nextInt(ACCOUNTS);
							try {
								long written = version.update(id, i);
								committed.get(id).accumulateAndGet(written, Math::max);
								version.commits.incrementAndGet();
							}
							catch (OptimisticLockingFailureException ex) {
								conflicts.incrementAndGet();
							}
						}
					}));
					work.add(executor.submit(() -> {
						for (int i = 0; i < 1000; i++) {
							long id = 1 + reads.nextInt(ACCOUNTS);
							long before = committed.get(id).get();
							long read = version.version(id);
							if (read < before) {
								stale.add(version.name + " read version " + read + " of account " + id
										+ " after version " + before + " committed");
							}
						}
					}));
				}
			}
			for (Future<?> future : work) {
				future.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(stale).isEmpty();
		for (Version version : List.of(this.v1, this.v2)) {
			assertThat(version.context.getBean(CacheRepairs.class).pending()).isZero();
			version.context.getBean(CacheCoherence.class).assertEveryEntryMatchesItsRow("accounts");
		}
		JdbcTemplate jdbc = this.v1.context.getBean(JdbcTemplate.class);
		for (long id = 1; id <= ACCOUNTS; id++) {
			long row = jdbc.queryForObject("select version from account where id = ?", Long.class, id);
			assertThat(this.v1.version(id)).isEqualTo(row);
			assertThat(this.v2.version(id)).isEqualTo(row);
		}
		Counts v1Counts = this.v1.counts().minus(v1Before);
		Counts v2Counts = this.v2.counts().minus(v2Before);
		logger.info("Two versions, 600 updates tried (" + conflicts + " conflicts): "
				+ v1Counts.describe("v1", this.v1.commits.get()) + "; "
				+ v2Counts.describe("v2", this.v2.commits.get()));
	}

	private ConfigurableApplicationContext start(Class<?> application) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
			.properties(servers.springProperties()
				.and("spring.jpa.hibernate.ddl-auto", "none")
				.and("spring.jpa.open-in-view", "false")
				.and("spring.data.redis.repositories.enabled", "false")
				.toArray())
			.web(WebApplicationType.NONE)
			.run();
		this.contexts.add(context);
		return context;
	}

	/**
	 * Reads and writes of one version of the application, through its cached repository.
	 */
	private static final class Version {

		private final ConfigurableApplicationContext context;

		private final String name;

		private final io.github.writethrough.versions.v1.AccountRepository v1;

		private final io.github.writethrough.versions.v2.AccountRepository v2;

		private final TransactionTemplate transaction;

		private final AtomicInteger commits = new AtomicInteger();

		Version(ConfigurableApplicationContext context, Class<?> repository) {
			this.context = context;
			this.name = repository.getPackageName().substring(repository.getPackageName().lastIndexOf('.') + 1);
			this.v1 = (repository == io.github.writethrough.versions.v1.AccountRepository.class)
					? context.getBean(io.github.writethrough.versions.v1.AccountRepository.class) : null;
			this.v2 = (this.v1 == null) ? context.getBean(io.github.writethrough.versions.v2.AccountRepository.class)
					: null;
			this.transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
		}

		/**
		 * Read an account through the cache and return its version.
		 */
		long version(long id) {
			return (this.v1 != null) ? this.v1.findById(id).orElseThrow().getVersion()
					: this.v2.findById(id).orElseThrow().getVersion();
		}

		/**
		 * Change an account and return the version committed.
		 */
		long update(long id, int change) {
			if (this.v1 != null) {
				return this.transaction.execute((status) -> {
					io.github.writethrough.versions.v1.Account account = this.v1.findById(id).orElseThrow();
					account.setName("v1 holder " + change);
					account.setBalance(account.getBalance() + 1);
					return account;
				}).getVersion();
			}
			return this.transaction.execute((status) -> {
				io.github.writethrough.versions.v2.Account account = this.v2.findById(id).orElseThrow();
				account.setHolder("v2 holder " + change);
				account.setNickname("nick " + change);
				account.setBalance(account.getBalance().add(BigDecimal.ONE));
				return account;
			}).getVersion();
		}

		String memo(long id) {
			return (this.v1 != null)
					? this.context.getBean(io.github.writethrough.versions.v1.MemoRepository.class)
						.findById(id)
						.orElseThrow()
						.getText()
					: this.context.getBean(io.github.writethrough.versions.v2.MemoRepository.class)
						.findById(id)
						.orElseThrow()
						.getText();
		}

		void writeMemo(long id, String text) {
			this.transaction.executeWithoutResult((status) -> {
				if (this.v1 != null) {
					this.context.getBean(io.github.writethrough.versions.v1.MemoRepository.class)
						.findById(id)
						.orElseThrow()
						.setText(text);
				}
				else {
					this.context.getBean(io.github.writethrough.versions.v2.MemoRepository.class)
						.findById(id)
						.orElseThrow()
						.setText(text);
				}
			});
		}

		EntityCaches caches() {
			return this.context.getBean(EntityCaches.class);
		}

		Counts counts() {
			CacheStatistics statistics = caches().get("accounts").statistics();
			return new Counts(statistics.hits(), statistics.misses(), statistics.appliedWrites(),
					statistics.otherShapes());
		}

	}

	/**
	 * What the cache of one version counted.
	 */
	private record Counts(long hits, long misses, long appliedWrites, long otherShapes) {

		Counts minus(Counts earlier) {
			return new Counts(this.hits - earlier.hits, this.misses - earlier.misses,
					this.appliedWrites - earlier.appliedWrites, this.otherShapes - earlier.otherShapes);
		}

		String describe(String version, int commits) {
			long reads = this.hits + this.misses;
			long fills = this.appliedWrites - commits;
			return ("%s: %d reads, hit ratio %.2f, %d of them found the other version's shape; %d commits, "
					+ "at most %d fills (%.3f per read)")
				.formatted(version, reads, (double) this.hits / reads, this.otherShapes, commits, fills,
						(double) fills / reads);
		}

	}

}
