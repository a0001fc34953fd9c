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

package io.github.writethrough.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.persistence.EntityManagerFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.writethrough.IntegrationServers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a seeded random sequence of writes and reads against the cached repository and the
 * plain one over the same rows, each read in a random context, and requires every answer
 * to be the same: attribute values, what is loaded, collection contents, and where
 * {@code LazyInitializationException} is thrown; then lets two threads write and read at
 * once, and compares every answer once they are done. The seed is logged; set
 * {@code -Dwrite-through.differential.seed} to replay one.
 *
 * @author Write-Through contributors
 */
@DirtiesContext
@SpringBootTest(classes = DomainApplication.class, properties = "spring.jpa.open-in-view=false")
class DifferentialIntegrationTests {

	private static final Log logger = LogFactory.getLog(DifferentialIntegrationTests.class);

	private static final int OPERATIONS = 400;

	private static final IntegrationServers servers = IntegrationServers
		.forTestClass(DifferentialIntegrationTests.class);

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		servers.register(registry);
	}

	@Autowired
	private AuthorRepository authors;

	@Autowired
	private PlainAuthorRepository plainAuthors;

	@Autowired
	private DomainFixtures fixtures;

	@Autowired
	private EntityManagerFactory entityManagerFactory;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@AfterAll
	static void dropSchema() {
		servers.close();
	}

	@AfterEach
	void cleanUp() {
		this.fixtures.deleteAll();
		servers.deleteRedisKeys();
	}

	@Test
	void everyAnswerOfTheCachedRepositoryIsThePlainRepositorys() {
		long seed = Long.getLong("write-through.differential.seed", System.nanoTime());
		logger.info("Differential seed " + seed);
		Random random = new Random(seed);
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			ids.add(this.fixtures.author("author" + i + "@example.com", List.of("Genre " + i), 2));
		}
		int emails = ids.size();
		for (int step = 0; step < OPERATIONS; step++) {
			Long id = ids.get(random.nextInt(ids.size()));
			ReadContext context = ReadContext.values()[random.nextInt(ReadContext.values().length)];
			int operation = random.nextInt(10);
			String description = "seed " + seed + ", step " + step + ", operation " + operation + " of " + id + " in "
					+ context;
			switch (operation) {
				case 0 -> write((repository) -> repository.findById(id)
					.ifPresent((author) -> author.setName("n" + random.nextInt(1000))), random.nextBoolean());
				case 1 -> {
					String email = "author" + (emails++) + "@example.com";
					write((repository) -> repository.findById(id).ifPresent((author) -> author.setEmail(email)),
							random.nextBoolean());
				}
				case 2 -> {
					Long other = ids.get(random.nextInt(ids.size()));
					if (this.plainAuthors.existsById(id) && this.plainAuthors.existsById(other)) {
						this.fixtures.moveFirstBookIfAny(id, other);
					}
				}
				case 3 -> {
					if (random.nextInt(4) == 0 && this.plainAuthors.existsById(id)) {
						this.fixtures.delete(id);
						ids.add(this.fixtures.author("author" + (emails++) + "@example.com", List.of(), 1));
					}
				}
				case 4, 5 -> assertThat(read(context, () -> AuthorView.of(this.authors.findById(id)))).as(description)
					.isEqualTo(read(context, () -> AuthorView.of(this.plainAuthors.findById(id))));
				case 6 -> assertThat(read(context, () -> views(this.authors.findAllById(ids)))).as(description)
					.isEqualTo(read(context, () -> views(this.plainAuthors.findAllById(ids))));
				case 7 ->
					assertThat(this.authors.existsById(id)).as(description).isEqualTo(this.plainAuthors.existsById(id));
				default -> {
					String email = "author" + random.nextInt(emails) + "@example.com";
					assertThat(read(context, () -> AuthorView.of(this.authors.findByEmail(email)))).as(description)
						.isEqualTo(read(context, () -> AuthorView.of(this.plainAuthors.findByEmail(email))));
				}
			}
		}
	}

	@Test
	void afterTwoThreadsOfRandomWritesAndReadsEveryAnswerOfTheCachedRepositoryIsThePlainRepositorys() throws Exception {
		long seed = Long.getLong("write-through.differential.seed", System.nanoTime());
		logger.info("Differential seed with two threads " + seed);
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ids.add(this.fixtures.author("author" + i + "@example.com", List.of("Genre " + i), 2));
		}
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			List<Future<?>> threads = new ArrayList<>();
			for (int thread = 0; thread < 2; thread++) {
				Random random = new Random(seed + thread);
				int number = thread;
				threads.add(executor.submit(() -> {
					for (int step = 0; step < OPERATIONS / 2; step++) {
						Long id = ids.get(random.nextInt(ids.size()));
						try {
							switch (random.nextInt(5)) {
								case 0 -> write(
										(repository) -> repository.findById(id)
											.ifPresent((author) -> author
												.setName("t" + number + "-" + random.nextInt(1000))),
										random.nextBoolean());
								case 1 -> this.fixtures.moveFirstBookIfAny(id, ids.get(random.nextInt(ids.size())));
								case 2 -> this.authors.findByEmail("author" + random.nextInt(3) + "@example.com");
								default -> read(ReadContext.values()[random.nextInt(ReadContext.values().length)],
										() -> AuthorView.of(this.authors.findById(id)));
							}
						}
						catch (OptimisticLockingFailureException ex) {
							// the other thread changed the row first, as it may without
							// the cache
						}
					}
				}));
			}
			for (Future<?> thread : threads) {
				thread.get(120, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		for (ReadContext context : ReadContext.values()) {
			for (Long id : ids) {
				assertThat(read(context, () -> AuthorView.of(this.authors.findById(id))))
					.as("seed %d, %s", seed, context)
					.isEqualTo(read(context, () -> AuthorView.of(this.plainAuthors.findById(id))));
			}
			assertThat(read(context, () -> views(this.authors.findAllById(ids)))).as("seed %d, %s", seed, context)
				.isEqualTo(read(context, () -> views(this.plainAuthors.findAllById(ids))));
		}
	}

	/**
	 * Change an author by dirty checking in a transaction, read through either
	 * repository.
	 */
	private void write(Consumer<JpaRepository<Author, Long>> change, boolean throughCachedRepository) {
		new TransactionTemplate(this.transactionManager).executeWithoutResult(
				(status) -> change.accept(throughCachedRepository ? this.authors : this.plainAuthors));
	}

	private String read(ReadContext context, Supplier<String> read) {
		return context.run(this.entityManagerFactory, this.transactionManager, read);
	}

	private static String views(List<Author> authors) {
		return authors.stream().map(AuthorView::of).sorted().toList().toString();
	}

}
