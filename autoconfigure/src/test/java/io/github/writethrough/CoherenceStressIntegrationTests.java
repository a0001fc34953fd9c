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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.writethrough.domain.AuthorRepository;
import io.github.writethrough.domain.DomainApplication;
import io.github.writethrough.domain.DomainFixtures;
import io.github.writethrough.domain.PlainAuthorRepository;
import io.github.writethrough.domain.hierarchy.BankPayment;
import io.github.writethrough.domain.hierarchy.CardPayment;
import io.github.writethrough.domain.hierarchy.CardPaymentRepository;
import io.github.writethrough.domain.hierarchy.PaymentRepository;
import io.github.writethrough.testapp.Note;
import io.github.writethrough.testapp.NoteRepository;
import io.github.writethrough.testapp.Profile;
import io.github.writethrough.testapp.ProfileRepository;
import io.github.writethrough.testapp.TestApplication;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent writers, deleters and readers on a few hot rows, with and without
 * {@code @Version}: once they have settled, every cache entry is absent, a marker, or
 * equal to its row.
 *
 * @author Write-Through contributors
 */
@SpringBootTest(classes = { TestApplication.class, DomainApplication.class },
		properties = "spring.jpa.open-in-view=false")
class CoherenceStressIntegrationTests {

	private static final Log logger = LogFactory.getLog(CoherenceStressIntegrationTests.class);

	private static final int THREADS = 16;

	private static final int ROUNDS = 5;

	private static final int OPERATIONS_PER_THREAD = 50;

	private static final int HOT_ROWS = 4;

	private static final IntegrationServers servers = IntegrationServers
		.forTestClass(CoherenceStressIntegrationTests.class);

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		servers.register(registry);
	}

	@Autowired
	private ProfileRepository profiles;

	@Autowired
	private NoteRepository notes;

	@Autowired
	private PaymentRepository payments;

	@Autowired
	private CardPaymentRepository cardPayments;

	@Autowired
	private AuthorRepository authors;

	@Autowired
	private PlainAuthorRepository plainAuthors;

	@Autowired
	private DomainFixtures fixtures;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Value("${write-through.key-prefix}")
	private String prefix;

	private final AtomicInteger comparedEntries = new AtomicInteger();

	@AfterAll
	static void dropSchema() {
		servers.close();
	}

	@AfterEach
	void cleanUp() {
		this.jdbc.execute("truncate table profile_tags, profile, note, payment cascade");
		this.fixtures.deleteAll();
		this.redis.delete(this.redis.keys(this.prefix + ":*:*"));
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3 })
	void versionedEntitiesNeverEndStale(long seed) throws Exception {
		List<Long> ids = new CopyOnWriteArrayList<>();
		for (int i = 0; i < HOT_ROWS; i++) {
			ids.add(this.profiles.save(new Profile("user" + i + "@example.com", "initial")).getId());
		}
		Set<Long> everyId = ConcurrentHashMap.newKeySet();
		everyId.addAll(ids);
		AtomicInteger conflicts = new AtomicInteger();
		run(seed, (random, thread) -> {
			int slot = random.nextInt(HOT_ROWS);
			Long id = ids.get(slot);
			int choice = random.nextInt(10);
			try {
				if (choice < 4) {
					TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);
					transaction.executeWithoutResult((status) -> this.profiles.findById(id)
						.ifPresent((profile) -> profile.setDisplayName("t" + thread + "-" + random.nextInt(1000))));
				}
				else if (choice < 5) {
					TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);
					transaction.executeWithoutResult((status) -> this.profiles.findById(id).ifPresent((profile) -> {
						this.profiles.delete(profile);
						this.profiles.flush();
						Profile recreated = this.profiles.save(new Profile(profile.getEmail(), "recreated"));
						ids.set(slot, recreated.getId());
						everyId.add(recreated.getId());
					}));
				}
				else if (choice < 6) {
					this.redis.delete(this.prefix + ":profiles:" + id);
				}
				else {
					this.profiles.findById(id);
				}
			}
			catch (OptimisticLockingFailureException | DataIntegrityViolationException ex) {
				conflicts.incrementAndGet();
			}
		}, () -> {
			for (Long id : everyId) {
				Map<String, Object> row = row("select version, display_name from profile where id = ?", id);
				assertCoherent("profiles", id, row, (entry) -> {
					assertThat(entry).contains("\"version\":" + row.get("version"));
					assertThat(entry).contains("\"displayName\":\"" + row.get("display_name") + "\"");
				});
			}
		});
		logger.info("Seed " + seed + ": " + conflicts + " conflicts, " + this.comparedEntries
				+ " cached entities equal to their rows");
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3 })
	void entitiesWithoutVersionNeverEndStale(long seed) throws Exception {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < HOT_ROWS; i++) {
			ids.add(this.notes.save(new Note("note-" + i, "initial")).getId());
		}
		AtomicInteger conflicts = new AtomicInteger();
		run(seed, (random, thread) -> {
			String id = ids.get(random.nextInt(ids.size()));
			int choice = random.nextInt(10);
			try {
				if (choice < 3) {
					this.notes.save(new Note(id, "t" + thread + "-" + random.nextInt(1000)));
				}
				else if (choice < 5) {
					TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);
					transaction.executeWithoutResult((status) -> this.notes.findById(id)
						.ifPresent((note) -> note.setText("dirty" + thread + "-" + random.nextInt(1000))));
				}
				else if (choice < 6) {
					this.notes.deleteById(id);
				}
				else if (choice < 7) {
					this.redis.delete(this.prefix + ":note:" + id);
				}
				else {
					this.notes.findById(id);
				}
			}
			catch (DataIntegrityViolationException | OptimisticLockingFailureException ex) {
				conflicts.incrementAndGet();
			}
		}, () -> {
			for (String id : ids) {
				Map<String, Object> row = row("select text from note where id = ?", id);
				assertCoherent("note", id, row,
						(entry) -> assertThat(entry).contains("\"text\":\"" + row.get("text") + "\""));
			}
		});
		logger.info("Seed " + seed + ": " + conflicts + " conflicts, " + this.comparedEntries
				+ " cached entities equal to their rows");
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3 })
	void entitiesOfAHierarchyAndEntitiesWithCollectionsNeverEndStale(long seed) throws Exception {
		List<Long> paymentIds = new ArrayList<>();
		for (int i = 0; i < HOT_ROWS; i++) {
			paymentIds.add(
					this.payments
						.save((i % 2 == 0) ? new CardPayment(new BigDecimal("1.00"), "4111")
								: new BankPayment(new BigDecimal("1.00"), "DE89"))
						.getId());
		}
		List<Long> authorIds = List.of(this.fixtures.author("ada@example.com", List.of("Analysis"), 2),
				this.fixtures.author("grace@example.com", List.of("Compilers"), 2));
		AtomicInteger conflicts = new AtomicInteger();
		run(seed, (random, thread) -> {
			Long payment = paymentIds.get(random.nextInt(paymentIds.size()));
			Long author = authorIds.get(random.nextInt(authorIds.size()));
			BigDecimal amount = BigDecimal.valueOf(random.nextInt(100_000), 2);
			TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);
			try {
				switch (random.nextInt(10)) {
					case 0, 1 -> transaction.executeWithoutResult(
							(status) -> this.payments.findById(payment).ifPresent((found) -> found.setAmount(amount)));
					case 2 -> transaction.executeWithoutResult((status) -> this.cardPayments.findById(payment)
						.ifPresent((found) -> found.setAmount(amount)));
					case 3 -> transaction
						.executeWithoutResult((status) -> this.plainAuthors.findById(author).ifPresent((found) -> {
							found.setName("t" + thread + "-" + random.nextInt(1000));
							found.getTags().add("tag" + random.nextInt(5));
						}));
					case 4 -> this.fixtures.moveFirstBookIfAny(author, authorIds.get(random.nextInt(2)));
					case 5 -> this.redis.delete(this.prefix + ":payment:" + payment);
					case 6 -> this.cardPayments.findById(payment);
					case 7 -> this.authors.findById(author);
					case 8 ->
						this.authors.findByEmail((random.nextBoolean()) ? "ada@example.com" : "grace@example.com");
					default -> this.payments.findById(payment);
				}
			}
			catch (OptimisticLockingFailureException ex) {
				conflicts.incrementAndGet();
			}
		}, () -> {
			for (Long id : paymentIds) {
				Map<String, Object> row = row("select version, amount, dtype from payment where id = ?", id);
				assertCoherent("payment", id, row,
						(entry) -> assertThat(entry).contains("\"@entity\":\"" + row.get("dtype") + "\"",
								"\"version\":" + row.get("version"), "\"amount\":" + row.get("amount")));
			}
			for (Long id : authorIds) {
				Map<String, Object> row = row("select version, name from author where id = ?", id);
				assertCoherent("authors", id, row, (entry) -> assertThat(entry)
					.contains("\"version\":" + row.get("version"), "\"name\":\"" + row.get("name") + "\""));
			}
		});
		logger.info("Seed " + seed + ": " + conflicts + " conflicts, " + this.comparedEntries
				+ " cached entities equal to their rows");
	}

	private void run(long seed, Operation operation, Runnable checkSettled) throws Exception {
		logger.info("Stress seed " + seed);
		ExecutorService executor = Executors.newFixedThreadPool(THREADS);
		try {
			for (int round = 0; round < ROUNDS; round++) {
				List<Future<?>> futures = new ArrayList<>();
				for (int thread = 0; thread < THREADS; thread++) {
					Random random = new Random(seed * 1000 + round * 100 + thread);
					int number = thread;
					futures.add(executor.submit(() -> {
						for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
							operation.run(random, number);
						}
					}));
				}
				for (Future<?> future : futures) {
					future.get(120, TimeUnit.SECONDS);
				}
				checkSettled.run();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private Map<String, Object> row(String sql, Object id) {
		List<Map<String, Object>> rows = this.jdbc.queryForList(sql, id);
		return rows.isEmpty() ? Map.of() : rows.get(0);
	}

	private void assertCoherent(String cache, Object id, Map<String, Object> row,
			java.util.function.Consumer<String> matchesRow) {
		String entry = this.redis.opsForValue().get(this.prefix + ":" + cache + ":" + id);
		String current = this.redis.opsForValue().get(this.prefix + ":" + cache);
		String epoch = (current != null) ? current : "0";
		if (entry == null || !entry.startsWith("{\"@epoch\":" + epoch + ",")
				|| !entry.contains("\"@kind\":\"entity\"")) {
			return;
		}
		this.comparedEntries.incrementAndGet();
		assertThat(row).as("row of %s:%s, cached as %s", cache, id, entry).isNotEmpty();
		matchesRow.accept(entry);
	}

	@FunctionalInterface
	private interface Operation {

		void run(Random random, int thread);

	}

}
