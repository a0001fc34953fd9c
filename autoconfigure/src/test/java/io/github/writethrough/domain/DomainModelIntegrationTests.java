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

import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.Hibernate;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.writethrough.IntegrationServers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hits of an entity with collections, an eager to-one and an inverse one-to-one, compared
 * with what the plain repository returns for the same row, in every context.
 *
 * @author Write-Through contributors
 */
@DirtiesContext
@SpringBootTest(classes = DomainApplication.class,
		properties = { "spring.jpa.open-in-view=false", "spring.jpa.properties.hibernate.generate_statistics=true" })
class DomainModelIntegrationTests {

	private static final IntegrationServers servers = IntegrationServers
		.forTestClass(DomainModelIntegrationTests.class);

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		servers.register(registry);
	}

	@Autowired
	private AuthorRepository authors;

	@Autowired
	private PlainAuthorRepository plainAuthors;

	@Autowired
	private BookRepository books;

	@Autowired
	private ShelfRepository shelves;

	@Autowired
	private DomainFixtures fixtures;

	@Autowired
	private EntityManagerFactory entityManagerFactory;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Autowired
	private StringRedisTemplate redis;

	@AfterAll
	static void dropSchema() {
		servers.close();
	}

	@AfterEach
	void cleanUp() {
		this.fixtures.deleteAll();
		servers.deleteRedisKeys();
	}

	@ParameterizedTest
	@EnumSource
	void hitIsSeenExactlyAsTheRepositorysOwnResult(ReadContext context) {
		Long id = this.fixtures.author("ada@example.com", List.of("Analysis", "Engines"), 2);
		this.authors.findById(id);
		assertThat(this.redis.hasKey(servers.keyPrefix() + ":authors:" + id)).isTrue();
		String plain = context.run(this.entityManagerFactory, this.transactionManager,
				() -> AuthorView.of(this.plainAuthors.findById(id)));
		statistics().clear();
		String cached = context.run(this.entityManagerFactory, this.transactionManager,
				() -> AuthorView.of(this.authors.findById(id)));
		assertThat(cached).isEqualTo(plain);
		if (context == ReadContext.NO_TRANSACTION) {
			assertThat(cached).contains("postLoaded=true", "country=loaded UK", "bio=loaded About ada",
					"books=lazy LazyInitializationException", "tags=lazy LazyInitializationException");
		}
		if (context != ReadContext.READ_WRITE_TRANSACTION) {
			assertThat(statistics().getEntityStatistics(Author.class.getName()).getLoadCount()).isZero();
		}
	}

	@Test
	void hitWhereNoSessionIsBoundOpensOneSessionWhateverItsAssociations() {
		Long id = this.fixtures.author("ada@example.com", List.of("Analysis"), 1);
		this.authors.findById(id);
		statistics().clear();
		assertThat(this.authors.findById(id)).get().extracting(Author::getCountry).isNotNull();
		assertThat(statistics().getEntityStatistics(Author.class.getName()).getLoadCount()).isZero();
		assertThat(statistics().getSessionOpenCount()).isOne();
	}

	@ParameterizedTest
	@EnumSource
	void hitIsTheInstanceThePersistenceContextHolds(ReadContext context) {
		Long id = this.fixtures.author("ada@example.com", List.of("Analysis"), 1);
		this.authors.findById(id);
		List<Boolean> plain = context.run(this.entityManagerFactory, this.transactionManager,
				() -> List.of(this.plainAuthors.findById(id).get() == this.plainAuthors.findById(id).get(),
						this.plainAuthors.findById(id).get() == this.plainAuthors.findById(id).get()));
		List<Boolean> cached = context.run(this.entityManagerFactory, this.transactionManager,
				() -> List.of(this.authors.findById(id).get() == this.authors.findById(id).get(),
						this.authors.findById(id).get() == this.plainAuthors.findById(id).get()));
		assertThat(cached).isEqualTo(plain);
	}

	@Test
	void findAllByIdHitsJoinThePersistenceContext() {
		Long first = this.fixtures.author("ada@example.com", List.of("Analysis"), 1);
		Long second = this.fixtures.author("grace@example.com", List.of("Compilers"), 3);
		this.authors.findAllById(List.of(first, second));
		for (ReadContext context : ReadContext.values()) {
			String plain = context.run(this.entityManagerFactory, this.transactionManager,
					() -> this.plainAuthors.findAllById(List.of(first, second))
						.stream()
						.map(AuthorView::of)
						.sorted()
						.toList()
						.toString());
			String cached = context.run(this.entityManagerFactory, this.transactionManager,
					() -> this.authors.findAllById(List.of(first, second))
						.stream()
						.map(AuthorView::of)
						.sorted()
						.toList()
						.toString());
			assertThat(cached).as(context.name()).isEqualTo(plain);
		}
	}

	@Test
	void hitReadInAnOpenSessionIsManagedSoALaterTransactionOfTheViewPersistsItsChanges() {
		Long id = this.fixtures.author("ada@example.com", List.of("Analysis"), 1);
		this.authors.findById(id);
		ReadContext.OPEN_SESSION_IN_VIEW.run(this.entityManagerFactory, this.transactionManager, () -> {
			Author author = this.authors.findById(id).orElseThrow();
			new TransactionTemplate(this.transactionManager)
				.executeWithoutResult((status) -> author.setName("Ada, Countess of Lovelace"));
			return null;
		});
		assertThat(this.plainAuthors.findById(id)).get()
			.extracting(Author::getName)
			.isEqualTo("Ada, Countess of Lovelace");
		assertThat(this.authors.findById(id)).get().extracting(Author::getName).isEqualTo("Ada, Countess of Lovelace");
	}

	@Test
	void movingABookBetweenAuthorsShowsInTheBooksOfBothOnTheNextHit() {
		Long ada = this.fixtures.author("ada@example.com", List.of(), 2);
		Long grace = this.fixtures.author("grace@example.com", List.of(), 1);
		this.authors.findAllById(List.of(ada, grace));
		this.fixtures.moveFirstBook(ada, grace);
		for (Long id : List.of(ada, grace)) {
			String plain = ReadContext.READ_ONLY_TRANSACTION.run(this.entityManagerFactory, this.transactionManager,
					() -> AuthorView.of(this.plainAuthors.findById(id)));
			String cached = ReadContext.READ_ONLY_TRANSACTION.run(this.entityManagerFactory, this.transactionManager,
					() -> AuthorView.of(this.authors.findById(id)));
			assertThat(cached).isEqualTo(plain);
		}
	}

	@Test
	void aMissForAnAuthorTheViewHoldsAsAProxyCachesTheAuthorsState() {
		Long id = this.fixtures.author("ada@example.com", List.of(), 1);
		ReadContext.OPEN_SESSION_IN_VIEW.run(this.entityManagerFactory, this.transactionManager, () -> {
			Book book = this.books.findAll().get(0);
			assertThat(Hibernate.isInitialized(book.getAuthor())).isFalse();
			return this.authors.findAllById(List.of(id));
		});
		assertThat(this.redis.opsForValue().get(servers.keyPrefix() + ":authors:" + id)).contains("\"name\":\"ada\"",
				"\"email\":\"ada@example.com\"");
		assertThat(this.authors.findById(id)).get().extracting(Author::getName).isEqualTo("ada");
	}

	@Test
	void aMissInAnOpenSessionLoadsAManagedEntityWhoseChangesALaterTransactionPersists() {
		Long id = this.fixtures.author("ada@example.com", List.of(), 0);
		ReadContext.OPEN_SESSION_IN_VIEW.run(this.entityManagerFactory, this.transactionManager, () -> {
			Author author = this.authors.findById(id).orElseThrow();
			new TransactionTemplate(this.transactionManager)
				.executeWithoutResult((status) -> author.setName("Changed"));
			return null;
		});
		assertThat(this.plainAuthors.findById(id)).get().extracting(Author::getName).isEqualTo("Changed");
	}

	@Test
	void aHitInAnOpenSessionThatHoldsAProxyIsThatProxy() {
		Long id = this.fixtures.author("ada@example.com", List.of(), 1);
		this.authors.findById(id);
		List<Boolean> plain = ReadContext.OPEN_SESSION_IN_VIEW.run(this.entityManagerFactory, this.transactionManager,
				() -> List.of(this.books.findAll().get(0).getAuthor() == this.plainAuthors.findById(id).orElseThrow()));
		List<Boolean> cached = ReadContext.OPEN_SESSION_IN_VIEW.run(this.entityManagerFactory, this.transactionManager,
				() -> List.of(this.books.findAll().get(0).getAuthor() == this.authors.findById(id).orElseThrow()));
		assertThat(cached).isEqualTo(plain);
	}

	@Test
	void aHitOfAnEntityWithoutAssociationsOutsideAnySessionRunsItsPostLoadCallback() {
		this.shelves.save(new Shelf(1L, "Fiction", "Aisle 1"));
		this.shelves.findById(1L);
		assertThat(this.shelves.findById(1L)).get().extracting(Shelf::isPostLoaded).isEqualTo(true);
	}

	@Test
	void aLookupByEmailInAnOpenSessionThatHeldAnOlderStateFillsNothing() {
		Long id = this.fixtures.author("ada@example.com", List.of(), 0);
		this.authors.findByEmail("ada@example.com");
		ReadContext.OPEN_SESSION_IN_VIEW.run(this.entityManagerFactory, this.transactionManager, () -> {
			this.plainAuthors.findById(id).orElseThrow();
			CompletableFuture
				.runAsync(() -> new TransactionTemplate(this.transactionManager)
					.executeWithoutResult((status) -> this.plainAuthors.findById(id).orElseThrow().setName("New")))
				.join();
			this.redis.delete(servers.keyPrefix() + ":authors:" + id);
			return this.authors.findByEmail("ada@example.com");
		});
		assertThat(this.authors.findById(id)).get().extracting(Author::getName).isEqualTo("New");
	}

	private Statistics statistics() {
		return this.entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
	}

}
