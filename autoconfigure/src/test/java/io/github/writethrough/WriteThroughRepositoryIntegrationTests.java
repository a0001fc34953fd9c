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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.testapp.Address;
import io.github.writethrough.testapp.Lamp;
import io.github.writethrough.testapp.LampRepository;
import io.github.writethrough.testapp.Membership;
import io.github.writethrough.testapp.MembershipRepository;
import io.github.writethrough.testapp.Note;
import io.github.writethrough.testapp.NoteRepository;
import io.github.writethrough.testapp.OrderLine;
import io.github.writethrough.testapp.OrderLineRepository;
import io.github.writethrough.testapp.Profile;
import io.github.writethrough.testapp.ProfileRepository;
import io.github.writethrough.testapp.ProfileService;
import io.github.writethrough.testapp.Team;
import io.github.writethrough.testapp.TeamRepository;
import io.github.writethrough.testapp.TestApplication;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.hibernate.Hibernate;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Write and read paths of {@code @WriteThrough} repositories against a real PostgreSQL
 * and a real Redis.
 *
 * @author Write-Through contributors
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "write-through.caches.profiles.ttl=30m", "write-through.caches.profiles.ttl-jitter=10%",
				"write-through.caches.note.negative-ttl=1m", "spring.jpa.properties.hibernate.generate_statistics=true",
				"spring.jpa.open-in-view=false" })
@Import(WriteThroughRepositoryIntegrationTests.ConnectionCounting.class)
class WriteThroughRepositoryIntegrationTests {

	private static final IntegrationServers servers = IntegrationServers
		.forTestClass(WriteThroughRepositoryIntegrationTests.class);

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		servers.register(registry);
	}

	@Autowired
	private ProfileRepository profiles;

	@Autowired
	private NoteRepository notes;

	@Autowired
	private OrderLineRepository orderLines;

	@Autowired
	private MembershipRepository memberships;

	@Autowired
	private TeamRepository teams;

	@Autowired
	private ProfileService profileService;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Autowired
	private EntityManagerFactory entityManagerFactory;

	@Autowired
	private AtomicInteger connections;

	@Autowired
	private EntityCaches caches;

	@Autowired
	private LampRepository lamps;

	@Value("${write-through.key-prefix}")
	private String prefix;

	@AfterAll
	static void dropSchema() {
		servers.close();
	}

	@AfterEach
	void cleanUp() {
		this.jdbc.execute("truncate table profile_tags, profile, team, note, order_line, membership, lamp cascade");
		// entries only: a lost epoch counter would make the next write of each cache a
		// miss
		this.redis.delete(this.redis.keys(this.prefix + ":*:*"));
	}

	@Test
	void saveCachesCommittedStateAfterCommit() {
		Profile profile = this.profiles.save(new Profile("ada@example.com", "Ada"));
		String entry = cached("profiles", profile.getId());
		assertThat(entry).matches(
				"\\{\"@epoch\":\\d+,\"@fence\":0,\"@kind\":\"entity\",\"@shapes\":\\{\"[0-9a-f]{16}\":\\{.*\\}\\}\\}")
			.contains("\"id\":" + profile.getId(), "\"version\":0", "\"email\":\"ada@example.com\"",
					"\"displayName\":\"Ada\"");
	}

	@Test
	void updateCachesIncrementedVersionAndTimestamp() {
		Profile profile = this.profiles.save(new Profile("ada@example.com", "Ada"));
		profile.setDisplayName("Ada L.");
		Profile updated = this.profiles.save(profile);
		assertThat(updated.getVersion()).isOne();
		Profile cached = fromCacheOnly(() -> this.profiles.findById(profile.getId()).orElseThrow());
		assertThat(cached.getVersion()).isOne();
		assertThat(cached.getDisplayName()).isEqualTo("Ada L.");
		assertThat(cached.getUpdatedAt()).isEqualTo(updated.getUpdatedAt());
	}

	@Test
	void cacheIsWrittenOnlyAfterCommit() {
		transaction().executeWithoutResult((status) -> {
			Profile profile = this.profiles.save(new Profile("ada@example.com", "Ada"));
			this.profiles.flush();
			assertThat(this.redis.hasKey(key("profiles", profile.getId()))).isFalse();
		});
		Long id = this.jdbc.queryForObject("select id from profile", Long.class);
		assertThat(cached("profiles", id)).contains("\"displayName\":\"Ada\"");
	}

	@Test
	void rollbackLeavesCacheUntouched() {
		Profile profile = this.profiles.save(new Profile("ada@example.com", "Ada"));
		String before = cached("profiles", profile.getId());
		transaction().executeWithoutResult((status) -> {
			Profile managed = this.profiles.findById(profile.getId()).orElseThrow();
			managed.setDisplayName("Rolled back");
			this.profiles.save(managed);
			this.profiles.save(new Profile("grace@example.com", "Grace"));
			status.setRollbackOnly();
		});
		assertThat(cached("profiles", profile.getId())).isEqualTo(before);
		assertThat(this.redis.keys(this.prefix + ":profiles:*")).hasSize(1);
	}

	@Test
	void transactionalServiceThatThrowsAfterSaveLeavesCacheUntouched() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.profileService.saveThenFail(new Profile("ada@example.com", "Ada")));
		assertThat(this.redis.keys(this.prefix + ":profiles:*")).isEmpty();
		Profile profile = this.profiles.save(new Profile("grace@example.com", "Grace"));
		assertThatIllegalStateException().isThrownBy(() -> this.profileService.renameThenFail(profile.getId(), "X"));
		assertThat(fromCacheOnly(() -> this.profiles.findById(profile.getId()).orElseThrow().getDisplayName()))
			.isEqualTo("Grace");
	}

	@Test
	void participatingTransactionThatFailsLeavesCacheUntouched() {
		TransactionTemplate outer = transaction();
		assertThatThrownBy(() -> outer.executeWithoutResult((status) -> {
			this.profiles.save(new Profile("ada@example.com", "Ada"));
			try {
				this.profileService.saveThenFail(new Profile("grace@example.com", "Grace"));
			}
			catch (IllegalStateException ex) {
				// the inner transaction marked the outer one rollback-only
			}
		})).isInstanceOf(UnexpectedRollbackException.class);
		assertThat(this.redis.keys(this.prefix + ":profiles:*")).isEmpty();
	}

	@Test
	void requiresNewTransactionIsCachedWhenItCommitsEvenIfOuterRollsBack() {
		Profile[] inner = new Profile[1];
		transaction().executeWithoutResult((status) -> {
			this.profiles.save(new Profile("ada@example.com", "Ada"));
			inner[0] = this.profileService.saveInNewTransaction(new Profile("grace@example.com", "Grace"));
			assertThat(this.redis.hasKey(key("profiles", inner[0].getId()))).isTrue();
			status.setRollbackOnly();
		});
		assertThat(this.redis.keys(this.prefix + ":profiles:*")).containsExactly(key("profiles", inner[0].getId()));
	}

	@Test
	void severalWritesInOneTransactionEndInFinalState() {
		Long id = transaction().execute((status) -> {
			Profile profile = this.profiles.save(new Profile("ada@example.com", "Ada"));
			this.profiles.flush();
			profile.setDisplayName("Second");
			this.profiles.saveAndFlush(profile);
			profile.setDisplayName("Final");
			this.profiles.save(profile);
			return profile.getId();
		});
		Profile cached = fromCacheOnly(() -> this.profiles.findById(id).orElseThrow());
		assertThat(cached.getDisplayName()).isEqualTo("Final");
		assertThat(cached.getVersion()).isEqualTo(this.jdbc.queryForObject("select version from profile", Long.class));
	}

	@Test
	void saveAllAndSaveAllAndFlushCacheEveryEntity() {
		List<Profile> saved = this.profiles
			.saveAll(List.of(new Profile("a@example.com", "A"), new Profile("b@example.com", "B")));
		List<Profile> flushed = this.profiles.saveAllAndFlush(List.of(new Profile("c@example.com", "C")));
		assertThat(this.redis.keys(this.prefix + ":profiles:*")).containsExactlyInAnyOrder(
				key("profiles", saved.get(0).getId()), key("profiles", saved.get(1).getId()),
				key("profiles", flushed.get(0).getId()));
	}

	@Test
	void findByIdIsAnsweredFromCacheWithoutDatabaseConnection() {
		Profile profile = this.profiles.save(new Profile("ada@example.com", "Ada"));
		this.connections.set(0);
		Optional<Profile> found = this.profiles.findById(profile.getId());
		assertThat(this.connections.get()).isZero();
		assertThat(found).get().extracting(Profile::getDisplayName).isEqualTo("Ada");
	}

	@Test
	void findByIdMissLoadsFromDatabaseAndFillsCache() {
		Profile profile = this.profiles.save(new Profile("ada@example.com", "Ada"));
		this.redis.delete(key("profiles", profile.getId()));
		this.connections.set(0);
		assertThat(this.profiles.findById(profile.getId())).isPresent();
		assertThat(this.connections.get()).isOne();
		assertThat(cached("profiles", profile.getId())).contains("\"displayName\":\"Ada\"");
		this.connections.set(0);
		assertThat(this.profiles.findById(profile.getId())).isPresent();
		assertThat(this.connections.get()).isZero();
	}

	@Test
	void findByIdOfMissingRowIsNotCachedWithoutNegativeTtl() {
		assertThat(this.profiles.findById(404L)).isEmpty();
		String entry = this.redis.opsForValue().get(key("profiles", 404L));
		assertThat(entry).as("only the reader's lease, which expires").contains("\"@kind\":\"lease\"");
		assertThat(this.redis.getExpire(key("profiles", 404L))).isBetween(1L, 10L);
	}

	@Test
	void negativeTtlCachesAbsenceUntilTheRowIsCreated() {
		assertThat(this.notes.findById("n1")).isEmpty();
		assertThat(cached("note", "n1")).contains("\"@kind\":\"absent\"");
		assertThat(this.redis.getExpire(key("note", "n1"))).isBetween(1L, 60L);
		this.connections.set(0);
		assertThat(this.notes.findById("n1")).isEmpty();
		assertThat(this.notes.existsById("n1")).isFalse();
		assertThat(this.connections.get()).isZero();
		this.notes.save(new Note("n1", "hello"));
		assertThat(cached("note", "n1")).contains("\"text\":\"hello\"").doesNotContain("@class");
		assertThat(fromCacheOnly(() -> this.notes.findById("n1").orElseThrow().getText())).isEqualTo("hello");
	}

	@Test
	void findAllByIdReadsCacheInOneRoundTripAndLoadsMissesInOneQuery() {
		Profile a = this.profiles.save(new Profile("a@example.com", "A"));
		Profile b = this.profiles.save(new Profile("b@example.com", "B"));
		Profile c = this.profiles.save(new Profile("c@example.com", "C"));
		this.redis.delete(key("profiles", b.getId()));
		this.redis.delete(key("profiles", c.getId()));
		SessionFactory sessionFactory = this.entityManagerFactory.unwrap(SessionFactory.class);
		sessionFactory.getStatistics().clear();
		List<Profile> found = this.profiles.findAllById(List.of(a.getId(), b.getId(), c.getId(), 404L));
		assertThat(found).extracting(Profile::getDisplayName).containsExactlyInAnyOrder("A", "B", "C");
		assertThat(sessionFactory.getStatistics().getQueryExecutionCount()).isOne();
		this.connections.set(0);
		assertThat(this.profiles.findAllById(List.of(a.getId(), b.getId(), c.getId()))).hasSize(3);
		assertThat(this.connections.get()).isZero();
	}

	@Test
	void existsByIdIsAnsweredFromCache() {
		Profile profile = this.profiles.save(new Profile("ada@example.com", "Ada"));
		this.connections.set(0);
		assertThat(this.profiles.existsById(profile.getId())).isTrue();
		assertThat(this.connections.get()).isZero();
		assertThat(this.profiles.existsById(404L)).isFalse();
	}

	@Test
	void deleteMethodsMarkRowsDeletedAfterCommit() {
		List<Profile> saved = this.profiles.saveAll(List.of(new Profile("a@example.com", "A"),
				new Profile("b@example.com", "B"), new Profile("c@example.com", "C"), new Profile("d@example.com", "D"),
				new Profile("e@example.com", "E"), new Profile("f@example.com", "F")));
		this.profiles.delete(saved.get(0));
		this.profiles.deleteById(saved.get(1).getId());
		this.profiles.deleteAll(List.of(saved.get(2)));
		this.profiles.deleteAllById(List.of(saved.get(3).getId()));
		this.profiles.deleteAllInBatch(List.of(saved.get(4)));
		this.profiles.deleteAllByIdInBatch(List.of(saved.get(5).getId()));
		for (Profile profile : saved) {
			assertThat(cached("profiles", profile.getId())).contains("\"@kind\":\"deleted\"");
			assertThat(this.profiles.findById(profile.getId())).isEmpty();
		}
	}

	@Test
	void deleteIsUndoneByRollback() {
		Profile profile = this.profiles.save(new Profile("ada@example.com", "Ada"));
		transaction().executeWithoutResult((status) -> {
			this.profiles.deleteById(profile.getId());
			status.setRollbackOnly();
		});
		assertThat(cached("profiles", profile.getId())).contains("\"@kind\":\"entity\"");
	}

	@Test
	void deleteAllMarksEveryRowDeleted() {
		Profile a = this.profiles.save(new Profile("a@example.com", "A"));
		Profile b = this.profiles.save(new Profile("b@example.com", "B"));
		this.profiles.deleteAll();
		assertThat(cached("profiles", a.getId())).contains("\"@kind\":\"deleted\"");
		assertThat(cached("profiles", b.getId())).contains("\"@kind\":\"deleted\"");
	}

	@Test
	void deleteAllInBatchInvalidatesWholeCacheByAdvancingItsEpoch() {
		Profile a = this.profiles.save(new Profile("a@example.com", "A"));
		String epochKey = this.prefix + ":profiles";
		String before = this.redis.opsForValue().get(epochKey);
		this.profiles.deleteAllInBatch();
		assertThat(Long.parseLong(this.redis.opsForValue().get(epochKey))).isEqualTo(Long.parseLong(before) + 1);
		assertThat(this.profiles.findById(a.getId())).isEmpty();
	}

	@Test
	void modifyingQueryInvalidatesCache() {
		Profile profile = this.profiles.save(new Profile("ada@example.com", "Ada"));
		this.profiles.rename(profile.getId(), "Renamed");
		assertThat(this.profiles.findById(profile.getId())).get()
			.extracting(Profile::getDisplayName)
			.isEqualTo("Renamed");
	}

	@Test
	void modifyingQueriesOfOtherRepositoriesInvalidateTheCachesTheyName() {
		Profile profile = this.profiles.save(new Profile("ada@example.com", "Ada"));
		Note note = this.notes.save(new Note("n1", "kept"));
		this.teams.setEveryProfileStatus(Profile.Status.SUSPENDED);
		assertThat(this.profiles.findById(profile.getId())).get()
			.extracting(Profile::getStatus)
			.isEqualTo(Profile.Status.SUSPENDED);
		this.teams.shoutEveryDisplayName();
		assertThat(this.profiles.findById(profile.getId())).get().extracting(Profile::getDisplayName).isEqualTo("ADA");
		String noteEpoch = this.redis.opsForValue().get(this.prefix + ":note");
		this.teams.shoutEveryTeamName();
		assertThat(this.redis.opsForValue().get(this.prefix + ":note")).isEqualTo(noteEpoch);
		assertThat(fromCacheOnly(() -> this.notes.findById(note.getId()).orElseThrow().getText())).isEqualTo("kept");
	}

	@Test
	void modifyingQueryWithSpelEntityNameInvalidatesCache() {
		this.notes.save(new Note("n1", "quiet"));
		this.notes.shoutEveryText();
		assertThat(this.notes.findById("n1")).get().extracting(Note::getText).isEqualTo("QUIET");
	}

	@Test
	void batchDeleteOfStaleCopyStillMarksRowDeleted() {
		Profile stale = this.profiles.save(new Profile("ada@example.com", "Ada"));
		Profile current = this.profiles.findById(stale.getId()).orElseThrow();
		current.setDisplayName("v1");
		current = this.profiles.save(current);
		current.setDisplayName("v2");
		this.profiles.save(current);
		this.profiles.deleteAllInBatch(List.of(stale));
		assertThat(cached("profiles", stale.getId())).contains("\"@kind\":\"deleted\"");
		assertThat(this.profiles.findById(stale.getId())).isEmpty();
	}

	@Test
	void changeCommittedByApplicationManagedEntityManagerIsCached() {
		this.notes.save(new Note("n1", "Spring transaction"));
		EntityManager entityManager = this.entityManagerFactory.createEntityManager();
		try {
			entityManager.getTransaction().begin();
			entityManager.find(Note.class, "n1").setText("Own transaction");
			entityManager.getTransaction().commit();
		}
		finally {
			entityManager.close();
		}
		assertThat(fromCacheOnly(() -> this.notes.findById("n1").orElseThrow().getText())).isEqualTo("Own transaction");
	}

	@Test
	void entityHeldByOpenSessionInViewIsReadButNotFilled() {
		Long id = this.profiles.save(new Profile("ada@example.com", "Ada")).getId();
		EntityManager view = this.entityManagerFactory.createEntityManager();
		TransactionSynchronizationManager.bindResource(this.entityManagerFactory, new EntityManagerHolder(view));
		try {
			view.find(Profile.class, id);
			this.profileService.rename(id, "Renamed elsewhere");
			this.redis.delete(key("profiles", id));
			assertThat(this.profiles.findById(id)).isPresent();
			assertThat(this.redis.opsForValue().get(key("profiles", id))).contains("\"@kind\":\"lease\"");
		}
		finally {
			TransactionSynchronizationManager.unbindResource(this.entityManagerFactory);
			view.close();
		}
		assertThat(this.profiles.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("Renamed elsewhere");
	}

	@Test
	void fillUnderOpenSessionInViewFlushesNothingAndLeavesTheViewsLaterTransactionsWriting() {
		Long filled = this.profiles.save(new Profile("ada@example.com", "Ada")).getId();
		Long changed = this.profiles.save(new Profile("grace@example.com", "Grace")).getId();
		Long unsaved = this.profiles.save(new Profile("alan@example.com", "Alan")).getId();
		this.redis.delete(key("profiles", filled));
		EntityManager view = this.entityManagerFactory.createEntityManager();
		TransactionSynchronizationManager.bindResource(this.entityManagerFactory, new EntityManagerHolder(view));
		try {
			view.find(Profile.class, unsaved).setDisplayName("Changed in the view, never saved");
			assertThat(this.profiles.findById(filled)).isPresent();
			assertThat(this.redis.opsForValue().get(key("profiles", filled))).contains("\"@kind\":\"entity\"");
			assertThat(this.jdbc.queryForObject("select display_name from profile where id = ?", String.class, unsaved))
				.isEqualTo("Alan");
			new TransactionTemplate(this.transactionManager).executeWithoutResult(
					(status) -> this.profiles.findById(changed).orElseThrow().setDisplayName("Changed in the view"));
		}
		finally {
			TransactionSynchronizationManager.unbindResource(this.entityManagerFactory);
			view.close();
		}
		assertThat(this.jdbc.queryForObject("select display_name from profile where id = ?", String.class, changed))
			.isEqualTo("Changed in the view");
	}

	@Test
	void derivedDeleteQueryInvalidatesCache() {
		Profile profile = this.profiles.save(new Profile("ada@example.com", "Ada"));
		assertThat(this.profiles.deleteByEmail("ada@example.com")).isOne();
		assertThat(this.profiles.findById(profile.getId())).isEmpty();
	}

	@Test
	void derivedQueriesAreNotCached() {
		this.profiles.save(new Profile("ada@example.com", "Ada"));
		this.connections.set(0);
		assertThat(this.profiles.findByDisplayName("Ada")).hasSize(1);
		assertThat(this.connections.get()).isOne();
	}

	@Test
	void entriesExpireWithinConfiguredTtlAndJitter() {
		Profile profile = this.profiles.save(new Profile("ada@example.com", "Ada"));
		Long ttl = this.redis.getExpire(key("profiles", profile.getId()));
		assertThat(ttl).isBetween(Duration.ofMinutes(27).toSeconds() - 1, Duration.ofMinutes(30).toSeconds());
		Note note = this.notes.save(new Note("n1", "default ttl"));
		assertThat(this.redis.getExpire(key("note", note.getId()))).isBetween(Duration.ofMinutes(54).toSeconds() - 1,
				Duration.ofHours(1).toSeconds());
	}

	@Test
	void entityStateRoundTripsExactly() {
		Team team = this.teams.save(new Team("Engines"));
		Profile profile = new Profile("ada@example.com", "Ada");
		profile.setBalance(new BigDecimal("1234567.50"));
		profile.setStatus(Profile.Status.SUSPENDED);
		profile.setJoinedAt(Instant.parse("2026-11-23T10:15:30.123456Z"));
		profile.setAddress(new Address("12 Analytical St", "London"));
		profile.getTags().addAll(List.of("math", "engines"));
		profile.setTeam(team);
		Profile saved = this.profiles.save(profile);
		Profile cached = fromCacheOnly(() -> this.profiles.findById(saved.getId()).orElseThrow());
		assertThat(cached).usingRecursiveComparison().ignoringFields("team", "tags", "updatedAt").isEqualTo(saved);
		assertThat(cached.getBalance()).isEqualTo(new BigDecimal("1234567.50"));
		assertThat(cached.getTeam().getId()).isEqualTo(team.getId());
		TransactionTemplate readOnly = transaction();
		readOnly.setReadOnly(true);
		List<String> tags = readOnly
			.execute((status) -> List.copyOf(this.profiles.findById(saved.getId()).orElseThrow().getTags()));
		assertThat(tags).containsExactlyInAnyOrder("math", "engines");
		assertThat(cached.getUpdatedAt()).isEqualTo(saved.getUpdatedAt());
	}

	@Test
	void writingNeverLoadsLazyAssociations() {
		Team team = this.teams.save(new Team("Engines"));
		Profile profile = new Profile("ada@example.com", "Ada");
		profile.setTeam(team);
		Long id = this.profiles.save(profile).getId();
		SessionFactory sessionFactory = this.entityManagerFactory.unwrap(SessionFactory.class);
		sessionFactory.getStatistics().clear();
		Profile updated = transaction().execute((status) -> {
			Profile managed = this.profiles.findById(id).orElseThrow();
			managed.setDisplayName("Ada L.");
			Hibernate.initialize(managed.getTags());
			return this.profiles.save(managed);
		});
		assertThat(Hibernate.isInitialized(updated.getTeam())).isFalse();
		assertThat(sessionFactory.getStatistics().getEntityStatistics(Team.class.getName()).getLoadCount()).isZero();
		assertThat(cached("profiles", id)).contains("\"team\":" + team.getId(), "\"displayName\":\"Ada L.\"");
	}

	@Test
	void changingAnEntityCachesItsStateWithoutLoadingItsCollections() {
		Profile profile = new Profile("ada@example.com", "Ada");
		profile.getTags().add("math");
		Long id = this.profiles.save(profile).getId();
		SessionFactory sessionFactory = this.entityManagerFactory.unwrap(SessionFactory.class);
		sessionFactory.getStatistics().clear();
		transaction().executeWithoutResult((status) -> {
			Profile managed = this.profiles.findById(id).orElseThrow();
			managed.setDisplayName("Ada L.");
			this.profiles.save(managed);
		});
		assertThat(sessionFactory.getStatistics().getCollectionLoadCount()).isZero();
		assertThat(cached("profiles", id)).contains("\"displayName\":\"Ada L.\"").doesNotContain("tags");
	}

	@Test
	void findByIdInReadWriteTransactionReturnsManagedEntityWhoseChangesPersist() {
		Long id = this.profiles.save(new Profile("ada@example.com", "Ada")).getId();
		this.profileService.rename(id, "Changed by dirty checking");
		assertThat(this.jdbc.queryForObject("select display_name from profile where id = ?", String.class, id))
			.isEqualTo("Changed by dirty checking");
		assertThat(this.profiles.findById(id)).get()
			.extracting(Profile::getDisplayName)
			.isEqualTo("Changed by dirty checking");
	}

	@Test
	void findByIdInReadOnlyTransactionReturnsCachedCopy() {
		Long id = this.profiles.save(new Profile("ada@example.com", "Ada")).getId();
		TransactionTemplate readOnly = transaction();
		readOnly.setReadOnly(true);
		this.connections.set(0);
		readOnly.executeWithoutResult((status) -> assertThat(this.profiles.findById(id)).isPresent());
		assertThat(this.connections.get()).isLessThanOrEqualTo(1);
	}

	@Test
	void entryThatNoLongerDecodesIsAMissAndIsRemoved() {
		Long id = this.profiles.save(new Profile("ada@example.com", "Ada")).getId();
		this.redis.opsForValue()
			.set(key("profiles", id), "{\"@epoch\":0,\"@fence\":9,\"@kind\":\"entity\",\"@shapes\":{\""
					+ this.caches.get("profiles").shape() + "\":{\"renamedField\":1}}}");
		assertThat(this.profiles.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("Ada");
		assertThat(this.redis.hasKey(key("profiles", id))).isFalse();
		assertThat(this.profiles.findById(id)).isPresent();
		assertThat(cached("profiles", id)).contains("\"displayName\":\"Ada\"");
		this.redis.opsForValue().set(key("profiles", id), "not json at all");
		assertThat(this.profiles.findById(id)).isPresent();
		assertThat(this.redis.hasKey(key("profiles", id))).isFalse();
	}

	@Test
	void entryOfAnEarlierFormatIsAMissThatTheNextReadReplaces() {
		Long id = this.profiles.save(new Profile("ada@example.com", "Ada")).getId();
		String earlier = cached("profiles", id).replaceFirst("\"@shapes\":\\{\"[0-9a-f]{16}\":\\{", "\"@format\":1,")
			.replaceFirst("\\}\\}\\}$", "}");
		this.redis.opsForValue().set(key("profiles", id), earlier);
		long otherShapes = this.caches.get("profiles").statistics().otherShapes();
		assertThat(this.profiles.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("Ada");
		assertThat(this.caches.get("profiles").statistics().otherShapes()).isEqualTo(otherShapes + 1);
		assertThat(cached("profiles", id)).contains("\"@shapes\"");
		assertThat(fromCacheOnly(() -> this.profiles.findById(id))).isPresent();
	}

	@Test
	void entityWhoseIdAGenericSuperclassDeclaresIsCached() {
		Long id = this.lamps.save(new Lamp("lamp")).getId();
		assertThat(fromCacheOnly(() -> this.lamps.findById(id).orElseThrow().getName())).isEqualTo("lamp");
		assertThat(this.caches.get("lamp").statistics().decodeFailures()).isZero();
	}

	@Test
	void embeddedIdRendersDeterministicKey() {
		OrderLine.Key lineKey = new OrderLine.Key(7, 1);
		this.orderLines.save(new OrderLine(lineKey, 3));
		assertThat(this.redis.hasKey(this.prefix + ":order-lines:{\"lineNumber\":1,\"orderId\":7}")).isTrue();
		assertThat(fromCacheOnly(() -> this.orderLines.findById(new OrderLine.Key(7, 1)).orElseThrow().getQuantity()))
			.isEqualTo(3);
	}

	@Test
	void idClassRendersDeterministicKeyAndFragmentsStillWork() {
		this.memberships.save(new Membership("admins", "ada", "owner"));
		Membership.Key membershipKey = new Membership.Key("admins", "ada");
		assertThat(this.redis.hasKey(this.prefix + ":memberships:{\"groupName\":\"admins\",\"member\":\"ada\"}"))
			.isTrue();
		assertThat(fromCacheOnly(() -> this.memberships.findById(membershipKey).orElseThrow().getRole()))
			.isEqualTo("owner");
		assertThat(this.memberships.describe(membershipKey)).isEqualTo("ada@admins");
	}

	private <T> T fromCacheOnly(java.util.function.Supplier<T> read) {
		this.connections.set(0);
		T result = read.get();
		assertThat(this.connections.get()).as("database connections used by a cache hit").isZero();
		return result;
	}

	private TransactionTemplate transaction() {
		TransactionTemplate template = new TransactionTemplate(this.transactionManager);
		template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
		return template;
	}

	private String key(String cache, Object id) {
		return this.prefix + ":" + cache + ":" + id;
	}

	private String cached(String cache, Object id) {
		String value = this.redis.opsForValue().get(key(cache, id));
		assertThat(value).as("cache entry %s", key(cache, id)).isNotNull();
		return value;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ConnectionCounting {

		@Bean
		AtomicInteger connectionCount() {
			return new AtomicInteger();
		}

		@Bean
		static BeanPostProcessor countingDataSource(
				org.springframework.beans.factory.ObjectProvider<AtomicInteger> count) {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (bean instanceof DataSource) {
						ProxyFactory factory = new ProxyFactory(bean);
						factory.addAdvice((org.aopalliance.intercept.MethodInterceptor) (invocation) -> {
							if (invocation.getMethod().getName().equals("getConnection")) {
								count.getObject().incrementAndGet();
							}
							return invocation.proceed();
						});
						return factory.getProxy();
					}
					return bean;
				}

			};
		}

	}

}
