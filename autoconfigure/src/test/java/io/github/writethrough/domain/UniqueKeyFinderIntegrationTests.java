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
import java.util.Optional;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
 * {@code @WriteThrough} lookups by a unique attribute against a real PostgreSQL and
 * Redis.
 *
 * @author Write-Through contributors
 */
@DirtiesContext
@SpringBootTest(classes = DomainApplication.class,
		properties = { "spring.jpa.open-in-view=false", "spring.jpa.properties.hibernate.generate_statistics=true" })
class UniqueKeyFinderIntegrationTests {

	private static final IntegrationServers servers = IntegrationServers
		.forTestClass(UniqueKeyFinderIntegrationTests.class);

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

	@Test
	void aLookupByEmailIsAnsweredFromTheCacheOnceTheEmailIsIndexedAndTheEntryFilled() {
		Long id = this.fixtures.author("ada@example.com", List.of("Analysis"), 1);
		assertThat(this.authors.findByEmail("ada@example.com")).get().extracting(Author::getId).isEqualTo(id);
		assertThat(this.redis.opsForValue().get(servers.keyPrefix() + ":authors#email:ada@example.com"))
			.isEqualTo(String.valueOf(id));
		assertThat(this.authors.findByEmail("ada@example.com")).get().extracting(Author::getId).isEqualTo(id);
		statistics().clear();
		Optional<Author> hit = this.authors.findByEmail("ada@example.com");
		assertThat(statistics().getQueryExecutionCount()).isZero();
		assertThat(statistics().getEntityStatistics(Author.class.getName()).getLoadCount()).isZero();
		assertThat(AuthorView.of(hit)).isEqualTo(AuthorView.of(this.plainAuthors.findByEmail("ada@example.com")));
	}

	@Test
	void afterTheCommitThatChangesAnEmailTheOldOneFindsNothingAndTheNewOneFindsTheAuthor() {
		Long id = this.fixtures.author("ada@example.com", List.of(), 0);
		warm("ada@example.com");
		new TransactionTemplate(this.transactionManager).executeWithoutResult(
				(status) -> this.plainAuthors.findById(id).orElseThrow().setEmail("lovelace@example.com"));
		assertThat(this.authors.findByEmail("ada@example.com")).isEmpty();
		assertThat(this.authors.lookUpByEmail("ada@example.com")).isNull();
		assertThat(this.authors.findByEmail("lovelace@example.com")).get().extracting(Author::getId).isEqualTo(id);
		assertThat(this.authors.lookUpByEmail("lovelace@example.com")).extracting(Author::getId).isEqualTo(id);
	}

	@Test
	void anEmailAnotherAuthorTakesOverFindsThatAuthor() {
		Long ada = this.fixtures.author("ada@example.com", List.of(), 0);
		warm("ada@example.com");
		new TransactionTemplate(this.transactionManager).executeWithoutResult(
				(status) -> this.plainAuthors.findById(ada).orElseThrow().setEmail("lovelace@example.com"));
		Long grace = this.fixtures.author("ada@example.com", List.of(), 0);
		assertThat(this.authors.findByEmail("ada@example.com")).get().extracting(Author::getId).isEqualTo(grace);
		assertThat(this.authors.findByEmail("ada@example.com")).get().extracting(Author::getId).isEqualTo(grace);
	}

	@Test
	void aDeletedAuthorIsNotFoundByItsEmail() {
		Long id = this.fixtures.author("ada@example.com", List.of(), 0);
		warm("ada@example.com");
		this.fixtures.delete(id);
		assertThat(this.authors.findByEmail("ada@example.com")).isEmpty();
		assertThat(this.redis.hasKey(servers.keyPrefix() + ":authors#email:ada@example.com")).isFalse();
	}

	@Test
	void anIndexEntryThatIsNotAnIdIsAMiss() {
		Long id = this.fixtures.author("ada@example.com", List.of(), 0);
		this.redis.opsForValue().set(servers.keyPrefix() + ":authors#email:ada@example.com", "not an id");
		assertThat(this.authors.findByEmail("ada@example.com")).get().extracting(Author::getId).isEqualTo(id);
		assertThat(this.redis.opsForValue().get(servers.keyPrefix() + ":authors#email:ada@example.com"))
			.isEqualTo(String.valueOf(id));
	}

	@Test
	void theQueryMethodAnswersLikeTheDerivedOne() {
		Long id = this.fixtures.author("ada@example.com", List.of(), 0);
		warm("ada@example.com");
		statistics().clear();
		assertThat(this.authors.lookUpByEmail("ada@example.com")).extracting(Author::getId).isEqualTo(id);
		assertThat(statistics().getQueryExecutionCount()).isZero();
	}

	private void warm(String email) {
		this.authors.findByEmail(email);
		this.authors.findByEmail(email);
		statistics().clear();
		this.authors.findByEmail(email);
		assertThat(statistics().getQueryExecutionCount()).isZero();
	}

	private Statistics statistics() {
		return this.entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
	}

}
