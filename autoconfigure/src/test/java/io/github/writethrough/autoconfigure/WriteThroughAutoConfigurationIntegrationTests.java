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

package io.github.writethrough.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.writethrough.IntegrationServers;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.cache.NearCacheSettings;
import io.github.writethrough.misconfigured.badname.GadgetRepository;
import io.github.writethrough.misconfigured.collection.CustomerRepository;
import io.github.writethrough.misconfigured.component.AnnotatedService;
import io.github.writethrough.misconfigured.finder.Gizmo;
import io.github.writethrough.misconfigured.finder.GizmoListRepository;
import io.github.writethrough.misconfigured.finder.GizmoLockRepository;
import io.github.writethrough.misconfigured.finder.GizmoNotUniqueRepository;
import io.github.writethrough.misconfigured.finder.GizmoQueryOverrideRepository;
import io.github.writethrough.misconfigured.finder.GizmoQueryRepository;
import io.github.writethrough.misconfigured.finder.GizmoUncachedRepository;
import io.github.writethrough.misconfigured.restricted.Ticket;
import io.github.writethrough.misconfigured.restricted.TicketRepository;
import io.github.writethrough.misconfigured.sharedname.AuthorRepository;
import io.github.writethrough.misconfigured.subclass.Animal;
import io.github.writethrough.misconfigured.subclass.AnimalRepository;
import io.github.writethrough.misconfigured.subclass.DogRepository;
import io.github.writethrough.misconfigured.uniqueness.BigSprocketRepository;
import io.github.writethrough.misconfigured.uniqueness.CouponRepository;
import io.github.writethrough.misconfigured.uniqueness.Sprocket;
import io.github.writethrough.misconfigured.uniqueness.SprocketRepository;
import io.github.writethrough.repository.WriteThroughRepositoryProxyPostProcessor;
import io.github.writethrough.scheduling.BackgroundWorkLifecycle;
import io.github.writethrough.store.EntryStore;
import io.github.writethrough.store.RedisFailure;
import io.github.writethrough.test.EmbeddedServers;
import io.github.writethrough.test.EmbeddedServers.EmbeddedRedis;
import io.github.writethrough.test.TestServers;
import io.github.writethrough.testapp.Note;
import io.github.writethrough.testapp.NoteRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WriteThroughAutoConfiguration} with real servers.
 *
 * @author Write-Through contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class WriteThroughAutoConfigurationIntegrationTests {

	private static final IntegrationServers servers = IntegrationServers
		.forTestClass(WriteThroughAutoConfigurationIntegrationTests.class);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				TransactionAutoConfiguration.class, DataJpaRepositoriesAutoConfiguration.class,
				DataRedisAutoConfiguration.class, WriteThroughAutoConfiguration.class))
		.withPropertyValues(servers.springProperties().toArray());

	@AfterAll
	static void dropSchema() {
		servers.close();
	}

	@Test
	void cachesAnnotatedRepositories() {
		this.contextRunner.withUserConfiguration(NotesConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(EntryStore.class);
			assertThat(context.getBean(EntityCaches.class).all()).extracting(EntityCache::name).containsExactly("note");
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withUserConfiguration(NotesConfiguration.class)
			.withPropertyValues("write-through.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(EntryStore.class)
				.doesNotHaveBean(WriteThroughRepositoryProxyPostProcessor.class));
	}

	@Test
	void usesUserDefinedStore() {
		this.contextRunner.withUserConfiguration(NotesConfiguration.class, UserStoreConfiguration.class)
			.run((context) -> assertThat(context).getBean(EntryStore.class).isSameAs(context.getBean("customStore")));
	}

	@Test
	void customizersChangeCacheSettingsAfterProperties() {
		this.contextRunner.withUserConfiguration(NotesConfiguration.class, CustomizerConfiguration.class)
			.withPropertyValues("write-through.caches.note.ttl=5m", "write-through.caches.note.negative-ttl=1m")
			.run((context) -> {
				EntityCache cache = context.getBean(EntityCaches.class).get("note");
				assertThat(cache).isNotNull();
				assertThat(cache.settings().ttl().ttl()).isEqualTo(Duration.ofMinutes(10));
				assertThat(cache.settings().negativeTtl()).isEqualTo(Duration.ofMinutes(1));
			});
	}

	@Test
	void backgroundWorkRunsOnSchedulerOfItsOwnThatIsNoBean() {
		this.contextRunner.withUserConfiguration(NotesConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(TaskScheduler.class).doesNotHaveBean(Executor.class);
			assertThat(context.getBean(BackgroundWorkLifecycle.class).isRunning()).isTrue();
			assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
				.anyMatch((name) -> name.startsWith("write-through-"));
		});
	}

	@Test
	void backgroundWorkRunsOnUserDefinedScheduler() {
		this.contextRunner.withUserConfiguration(NotesConfiguration.class, SchedulerConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context
					.getBean(WriteThroughAutoConfiguration.TASK_SCHEDULER_BEAN_NAME, ThreadPoolTaskScheduler.class)
					.getThreadNamePrefix()).isEqualTo("user-");
				assertThat(context.getBean(BackgroundWorkLifecycle.class).isRunning()).isTrue();
				assertThat(context.getBean(SchedulerConfiguration.class).scheduled).hasPositiveValue();
			});
	}

	@Test
	void wrongPasswordIsNamedAtStartupWithWhatToChange(CapturedOutput output) {
		EmbeddedRedis redis = EmbeddedServers.startRedis(0, "appendonly no", "requirepass secret");
		try {
			this.contextRunner.withUserConfiguration(NotesConfiguration.class)
				.withPropertyValues("spring.data.redis.host=" + EmbeddedServers.LOOPBACK,
						"spring.data.redis.port=" + redis.port(), "spring.data.redis.password=wrong")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					RedisFailure failure = context.getBean(EntryStore.class).lastFailure();
					assertThat(failure).isNotNull();
					assertThat(failure.description()).contains("WRONGPASS");
					assertThat(failure.action()).contains("spring.data.redis.password");
					assertThat(output).contains("WRONGPASS", "Check spring.data.redis.username and");
				});
		}
		finally {
			redis.stop();
		}
	}

	@Test
	void userWithoutScriptPermissionIsToldOnceWhichCommandsTheStarterSends(CapturedOutput output) {
		EmbeddedRedis redis = EmbeddedServers.startRedis(0, "appendonly no");
		try {
			LettuceConnectionFactory admin = new LettuceConnectionFactory(EmbeddedServers.LOOPBACK, redis.port());
			admin.afterPropertiesSet();
			admin.getConnection()
				.execute("ACL", "SETUSER".getBytes(), "noscripts".getBytes(), "on".getBytes(), ">secret".getBytes(),
						"~*".getBytes(), "+@all".getBytes(), "-eval".getBytes(), "-evalsha".getBytes());
			admin.destroy();
			this.contextRunner.withUserConfiguration(NotesConfiguration.class)
				.withPropertyValues("spring.data.redis.host=" + EmbeddedServers.LOOPBACK,
						"spring.data.redis.port=" + redis.port(), "spring.data.redis.username=noscripts",
						"spring.data.redis.password=secret", "write-through.circuit-breaker.open-duration=0s")
				.run((context) -> {
					NoteRepository notes = context.getBean(NoteRepository.class);
					EntryStore store = context.getBean(EntryStore.class);
					notes.save(new Note("noscripts", "kept in the database"));
					for (int i = 0; i < 5; i++) {
						assertThat(store.ping()).isTrue();
						assertThat(notes.findById("noscripts")).isPresent();
					}
					assertThat(output.getAll().split("Grant the Redis user", -1)).hasSize(2);
					assertThat(output).contains("NOPERM", "+eval +evalsha");
				});
		}
		finally {
			redis.stop();
		}
	}

	@Test
	void passwordBesideUrlIsWarnedAboutAtStartup(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(NotesConfiguration.class)
			.withPropertyValues(
					"spring.data.redis.url=redis://" + TestServers.redis().host() + ":" + TestServers.redis().port(),
					"spring.data.redis.password=ignored")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("Spring Boot ignores spring.data.redis.username and "
						+ "spring.data.redis.password: give the user and password in the URL");
			});
	}

	@Test
	void failsWhenTwoEntitiesShareCacheName() {
		this.contextRunner.withUserConfiguration(SharedNameConfiguration.class).run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("Cache 'things'",
					"io.github.writethrough.misconfigured.sharedname");
			assertThat(analysis.getAction()).contains("own cache name");
		});
	}

	@Test
	void failsWhenACollectionJoinsOnAColumnThatIsNotThePrimaryKey() {
		this.contextRunner.withUserConfiguration(CollectionConfiguration.class).run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("Customer", "'purchases'", "not a primary key");
			assertThat(analysis.getAction()).contains("referencedColumnName");
		});
	}

	@Test
	void failsWhenAnAnnotatedQueryMethodReturnsSeveralEntities() {
		this.contextRunner.withUserConfiguration(FinderConfiguration.class)
			.withPropertyValues("finder=list")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("GizmoListRepository.findByName",
						"returns several entities");
				assertThat(analysis.getAction()).contains("findAllById");
			});
	}

	@Test
	void failsWhenAnAnnotatedQueryMethodLooksUpByAnAttributeThatIsNotUnique() {
		this.contextRunner.withUserConfiguration(FinderConfiguration.class)
			.withPropertyValues("finder=not-unique")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("GizmoNotUniqueRepository.findByName", "'name'",
						"does not declare unique");
				assertThat(analysis.getAction()).contains("@NaturalId", "@Column(unique = true)");
			});
	}

	@Test
	void lookupByAColumnThatAUniqueConstraintOfItsTableCoversIsCached() {
		this.contextRunner.withUserConfiguration(UniquenessConfiguration.class)
			.withPropertyValues("uniqueness=root")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void failsWhenALookupIsByAColumnThatOnlyAnotherTableOfTheHierarchyConstrains() {
		this.contextRunner.withUserConfiguration(UniquenessConfiguration.class)
			.withPropertyValues("uniqueness=joined-subclass")
			.run((context) -> assertThat(analyze(context).getDescription())
				.contains("BigSprocketRepository.findByBigCode", "does not declare unique"));
	}

	@Test
	void failsWhenALookupIsByOneAttributeOfANaturalIdOfSeveral() {
		this.contextRunner.withUserConfiguration(UniquenessConfiguration.class)
			.withPropertyValues("uniqueness=natural-id-part")
			.run((context) -> assertThat(analyze(context).getDescription()).contains("CouponRepository.findBySeries",
					"does not declare unique"));
	}

	@Test
	void failsWhenAReadOfACachedRepositoryLocksWhatTheCacheWouldAnswer() {
		this.contextRunner.withUserConfiguration(FinderConfiguration.class)
			.withPropertyValues("finder=lock")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("GizmoLockRepository.findById", "@Lock");
				assertThat(analysis.getAction()).contains("without @WriteThrough");
			});
	}

	@Test
	void failsWhenAnAnnotatedQueryIsMoreThanALookupByItsKey() {
		this.contextRunner.withUserConfiguration(FinderConfiguration.class)
			.withPropertyValues("finder=query")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("GizmoQueryRepository.findActiveBySerial",
						"select e from Gizmo e where e.serial = :value");
			});
	}

	@Test
	void failsWhenFindByIdOfACachedRepositoryIsAQueryOfItsOwn() {
		this.contextRunner.withUserConfiguration(FinderConfiguration.class)
			.withPropertyValues("finder=query-override")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("GizmoQueryOverrideRepository.findById", "@Query");
			});
	}

	@Test
	void failsWhenAnEntityRestrictsItsLoads() {
		this.contextRunner.withUserConfiguration(RestrictedConfiguration.class).run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains(Ticket.class.getName(), "@SQLRestriction");
		});
	}

	@Test
	void failsWhenAQueryMethodIsAnnotatedInARepositoryThatIsNot() {
		this.contextRunner.withUserConfiguration(FinderConfiguration.class)
			.withPropertyValues("finder=uncached")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains(GizmoUncachedRepository.class.getName(),
						"is not @WriteThrough itself");
				assertThat(analysis.getAction()).contains("repository interface too");
			});
	}

	@Test
	void failsWhenAnnotationIsNotOnRepository() {
		this.contextRunner.withUserConfiguration(NotesConfiguration.class, AnnotatedService.class).run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains(AnnotatedService.class.getName(),
					"not a Spring Data repository");
			assertThat(analysis.getAction()).contains("JpaRepository");
		});
	}

	@Test
	void failsWhenCacheNameIsNotValid() {
		this.contextRunner.withUserConfiguration(BadNameConfiguration.class).run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("'gadgets:v2'", GadgetRepository.class.getName());
		});
	}

	@Test
	void failsWhenFailoverCheckIntervalIsNotPositive() {
		this.contextRunner.withUserConfiguration(NotesConfiguration.class)
			.withPropertyValues("write-through.failover.check-interval=0s")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("write-through.failover.check-interval is PT0S");
				assertThat(analysis.getAction()).contains("positive duration");
			});
	}

	@Test
	void failsWhenFailoverReplayWindowIsNegative() {
		this.contextRunner.withUserConfiguration(NotesConfiguration.class)
			.withPropertyValues("write-through.failover.replay-window=-1s")
			.run((context) -> assertThat(analyze(context).getDescription())
				.contains("write-through.failover.replay-window is PT-1S, which is negative"));
	}

	@Test
	void failsWhenTtlIsNegative() {
		this.contextRunner.withUserConfiguration(NotesConfiguration.class)
			.withPropertyValues("write-through.caches.note.ttl=-5m")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("write-through.caches.note.ttl", "negative");
				assertThat(analysis.getAction()).contains("positive duration");
			});
	}

	@Test
	void failsWhenMaxEntrySizeIsNoSize() {
		this.contextRunner.withUserConfiguration(NotesConfiguration.class)
			.withPropertyValues("write-through.caches.note.max-entry-size=0B")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("write-through.caches.note.max-entry-size");
				assertThat(analysis.getAction()).contains("positive size");
			});
	}

	@Test
	void nearTierIsOnOnceAnyOfItsPropertiesIsSetWithTtlWithinTheCaches() {
		this.contextRunner.withUserConfiguration(NotesConfiguration.class)
			.withPropertyValues("write-through.caches.note.ttl=2m", "write-through.caches.note.near.max-entries=50")
			.run((context) -> {
				EntityCache cache = context.getBean(EntityCaches.class).get("note");
				assertThat(cache.settings().near())
					.isEqualTo(new NearCacheSettings(50, Duration.ofMinutes(2), Duration.ofSeconds(1)));
				assertThat(cache.near()).isNotNull();
			});
		this.contextRunner.withUserConfiguration(NotesConfiguration.class).run((context) -> {
			EntityCache cache = context.getBean(EntityCaches.class).get("note");
			assertThat(cache.settings().near()).isNull();
			assertThat(cache.near()).isNull();
		});
		this.contextRunner.withUserConfiguration(NotesConfiguration.class)
			.withPropertyValues("write-through.caches.note.near.max-entries=50",
					"write-through.caches.note.near.enabled=false")
			.run((context) -> assertThat(context.getBean(EntityCaches.class).get("note").near()).isNull());
	}

	@Test
	void failsWhenNearTtlIsLongerThanTheCaches() {
		this.contextRunner.withUserConfiguration(NotesConfiguration.class)
			.withPropertyValues("write-through.caches.note.ttl=1m", "write-through.caches.note.near.ttl=5m")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("write-through.caches.note.near.ttl is PT5M",
						"within the cache's ttl (PT1M)");
				assertThat(analysis.getAction()).contains("no longer than the cache's ttl");
			});
	}

	@Test
	void failsWhenNearMaxEntriesOrMaxStalenessIsNotPositive() {
		this.contextRunner.withUserConfiguration(NotesConfiguration.class)
			.withPropertyValues("write-through.caches.note.near.max-entries=0")
			.run((context) -> assertThat(analyze(context).getDescription())
				.contains("write-through.caches.note.near.max-entries is 0"));
		this.contextRunner.withUserConfiguration(NotesConfiguration.class)
			.withPropertyValues("write-through.caches.note.near.max-staleness=0s")
			.run((context) -> assertThat(analyze(context).getAction())
				.contains("write-through.caches.note.near.max-staleness to a positive duration"));
	}

	@Test
	void failsWhenJitterIsOutOfRange() {
		this.contextRunner.withUserConfiguration(NotesConfiguration.class)
			.withPropertyValues("write-through.ttl-jitter=150%")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("between 0% and 100%"));
	}

	@Test
	void failsWhenTheRepositoriesOfAnEntityHierarchyNameTwoCaches() {
		this.contextRunner.withUserConfiguration(SubclassConfiguration.class).run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("second cache of " + Animal.class.getName());
			assertThat(analysis.getDescription()).containsAnyOf(AnimalRepository.class.getName(),
					DogRepository.class.getName());
			assertThat(analysis.getAction()).contains("one cache name");
		});
	}

	@Test
	void failsWhenConfiguredCacheIsUsedByNoRepository() {
		this.contextRunner.withUserConfiguration(NotesConfiguration.class)
			.withPropertyValues("write-through.caches.notes.ttl=5m")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("write-through.caches.notes", "[note]");
				assertThat(analysis.getAction()).contains("Correct the cache name");
			});
	}

	@Test
	void failsWhenDurationIsMalformed() {
		this.contextRunner.withUserConfiguration(NotesConfiguration.class)
			.withPropertyValues("write-through.default-ttl=ten minutes")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("write-through.default-ttl"));
	}

	private static FailureAnalysis analyze(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new WriteThroughConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableJpaRepositories(basePackageClasses = NoteRepository.class,
			includeFilters = @org.springframework.context.annotation.ComponentScan.Filter(
					type = org.springframework.context.annotation.FilterType.ASSIGNABLE_TYPE,
					classes = NoteRepository.class))
	@EntityScan(basePackageClasses = NoteRepository.class)
	static class NotesConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserStoreConfiguration {

		@Bean
		EntryStore customStore(LettuceConnectionFactory connectionFactory) {
			return EntryStore.lettuce(connectionFactory, Duration.ofSeconds(1), Duration.ZERO);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		@Bean
		WriteThroughCacheCustomizer tenMinuteNotes() {
			return (name, settings) -> name.equals("note") ? settings.withTtl(Duration.ofMinutes(10)) : settings;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SchedulerConfiguration {

		final AtomicInteger scheduled = new AtomicInteger();

		@Bean(WriteThroughAutoConfiguration.TASK_SCHEDULER_BEAN_NAME)
		ThreadPoolTaskScheduler userScheduler() {
			ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler() {

				@Override
				public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
					SchedulerConfiguration.this.scheduled.incrementAndGet();
					return super.scheduleWithFixedDelay(task, startTime, delay);
				}

			};
			scheduler.setThreadNamePrefix("user-");
			return scheduler;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableJpaRepositories(basePackageClasses = AuthorRepository.class)
	@EntityScan(basePackageClasses = AuthorRepository.class)
	static class SharedNameConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableJpaRepositories(basePackageClasses = CustomerRepository.class)
	@EntityScan(basePackageClasses = CustomerRepository.class)
	static class CollectionConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Sprocket.class)
	@Import({ UniquenessConfiguration.Root.class, UniquenessConfiguration.JoinedSubclass.class,
			UniquenessConfiguration.NaturalIdPart.class })
	static class UniquenessConfiguration {

		@ConditionalOnProperty(name = "uniqueness", havingValue = "root")
		@EnableJpaRepositories(basePackageClasses = Sprocket.class,
				includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = SprocketRepository.class))
		static class Root {

		}

		@ConditionalOnProperty(name = "uniqueness", havingValue = "joined-subclass")
		@EnableJpaRepositories(basePackageClasses = Sprocket.class,
				includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = BigSprocketRepository.class))
		static class JoinedSubclass {

		}

		@ConditionalOnProperty(name = "uniqueness", havingValue = "natural-id-part")
		@EnableJpaRepositories(basePackageClasses = Sprocket.class,
				includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = CouponRepository.class))
		static class NaturalIdPart {

		}

	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Gizmo.class)
	@Import({ FinderConfiguration.List.class, FinderConfiguration.NotUnique.class, FinderConfiguration.Uncached.class,
			FinderConfiguration.Locking.class, FinderConfiguration.Querying.class,
			FinderConfiguration.QueryOverride.class })
	static class FinderConfiguration {

		@ConditionalOnProperty(name = "finder", havingValue = "query-override")
		@EnableJpaRepositories(basePackageClasses = Gizmo.class,
				includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE,
						classes = GizmoQueryOverrideRepository.class))
		static class QueryOverride {

		}

		@ConditionalOnProperty(name = "finder", havingValue = "lock")
		@EnableJpaRepositories(basePackageClasses = Gizmo.class,
				includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = GizmoLockRepository.class))
		static class Locking {

		}

		@ConditionalOnProperty(name = "finder", havingValue = "query")
		@EnableJpaRepositories(basePackageClasses = Gizmo.class,
				includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = GizmoQueryRepository.class))
		static class Querying {

		}

		@ConditionalOnProperty(name = "finder", havingValue = "list")
		@EnableJpaRepositories(basePackageClasses = Gizmo.class,
				includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = GizmoListRepository.class))
		static class List {

		}

		@ConditionalOnProperty(name = "finder", havingValue = "not-unique")
		@EnableJpaRepositories(basePackageClasses = Gizmo.class,
				includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = GizmoNotUniqueRepository.class))
		static class NotUnique {

		}

		@ConditionalOnProperty(name = "finder", havingValue = "uncached")
		@EnableJpaRepositories(basePackageClasses = Gizmo.class,
				includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = GizmoUncachedRepository.class))
		static class Uncached {

		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableJpaRepositories(basePackageClasses = TicketRepository.class)
	@EntityScan(basePackageClasses = TicketRepository.class)
	static class RestrictedConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableJpaRepositories(basePackageClasses = AnimalRepository.class)
	@EntityScan(basePackageClasses = AnimalRepository.class)
	static class SubclassConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableJpaRepositories(basePackageClasses = GadgetRepository.class)
	@EntityScan(basePackageClasses = GadgetRepository.class)
	@Import(NotesConfiguration.class)
	static class BadNameConfiguration {

	}

}
