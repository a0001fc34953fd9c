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

import java.util.ArrayList;
import java.util.List;

import io.github.writethrough.WriteThrough;
import io.github.writethrough.WriteThroughConfigurationException;
import io.github.writethrough.cache.AcknowledgedUpdates;
import io.github.writethrough.cache.CacheOperations;
import io.github.writethrough.cache.CacheWriter;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.cache.NearTier;
import io.github.writethrough.cache.ReadThrough;
import io.github.writethrough.cache.UniqueKeyIndex;
import io.github.writethrough.cache.WritePreparation;
import io.github.writethrough.feed.ChangeFeed;
import io.github.writethrough.jpa.ChangeTracker;
import io.github.writethrough.jpa.EntityCacheFactory;
import io.github.writethrough.jpa.EntityQueries;
import io.github.writethrough.jpa.FenceSequence;
import io.github.writethrough.jpa.JdbcOutboxTable;
import io.github.writethrough.jpa.PersistenceContexts;
import io.github.writethrough.jpa.PrimaryReads;
import io.github.writethrough.jpa.QueryTargets;
import io.github.writethrough.operations.CacheCoherence;
import io.github.writethrough.operations.CacheWarmUp;
import io.github.writethrough.operations.ConsistencyAuditor;
import io.github.writethrough.repository.RepositoryCaching;
import io.github.writethrough.repository.WriteThroughRepositoryBeanPostProcessor;
import io.github.writethrough.repository.WriteThroughRepositoryProxyPostProcessor;
import io.github.writethrough.scheduling.BackgroundWork;
import io.github.writethrough.scheduling.BackgroundWorkLifecycle;
import io.github.writethrough.store.EntryStore;
import io.github.writethrough.store.KeyTracking;
import io.github.writethrough.transaction.CacheOutbox;
import io.github.writethrough.transaction.CacheRepairs;
import io.github.writethrough.transaction.FailoverReplay;
import io.github.writethrough.transaction.FailureMode;
import io.github.writethrough.transaction.UpdateDispatcher;
import io.micrometer.observation.ObservationRegistry;
import jakarta.persistence.EntityManagerFactory;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for write-through caching of {@link WriteThrough @WriteThrough}
 * Spring Data JPA repositories in Redis.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
@AutoConfiguration(afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration" })
@ConditionalOnClass({ JpaRepository.class, EntityManagerFactory.class, LettuceConnectionFactory.class,
		ObjectMapper.class })
@ConditionalOnBean({ EntityManagerFactory.class, LettuceConnectionFactory.class })
@ConditionalOnBooleanProperty(name = "write-through.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WriteThroughProperties.class)
@Import({ WriteThroughMetricsConfiguration.class, ChangeFeedConfiguration.class })
public final class WriteThroughAutoConfiguration {

	/**
	 * Name of the {@link TaskScheduler} bean of the application's that runs the
	 * background work (repairs, outbox maintenance, the auditor and the warm-up) when
	 * there is one.
	 */
	public static final String TASK_SCHEDULER_BEAN_NAME = "writeThroughTaskScheduler";

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static WriteThroughRepositoryBeanPostProcessor writeThroughRepositoryBeanPostProcessor(
			ObjectProvider<WriteThroughRepositoryProxyPostProcessor> proxyPostProcessor) {
		return new WriteThroughRepositoryBeanPostProcessor(proxyPostProcessor);
	}

	@Bean
	@ConditionalOnMissingBean
	EntryStore writeThroughEntryStore(LettuceConnectionFactory connectionFactory, WriteThroughProperties properties) {
		return EntryStore.lettuce(connectionFactory, properties.getTimeout(),
				properties.getCircuitBreaker().getOpenDuration());
	}

	@Bean
	RedisStartupCheck writeThroughRedisStartupCheck(EntryStore store, Environment environment) {
		return new RedisStartupCheck(store, environment);
	}

	@Bean
	NearTier writeThroughNearTier(LettuceConnectionFactory connectionFactory, WriteThroughProperties properties) {
		return new NearTier(new KeyTracking(connectionFactory, properties.getTimeout()));
	}

	@Bean
	EntityCaches writeThroughCaches() {
		return new EntityCaches();
	}

	@Bean
	AcknowledgedUpdates writeThroughAcknowledgedUpdates(WriteThroughProperties properties) {
		return new AcknowledgedUpdates(properties.getRepair().getMaxPendingKeys());
	}

	@Bean
	CacheWriter writeThroughCacheWriter(EntryStore store, WriteThroughProperties properties,
			AcknowledgedUpdates acknowledged) {
		return new CacheWriter(store, properties.getFailover().isReplay() ? acknowledged : null);
	}

	@Bean
	WritePreparation writeThroughWritePreparation(EntryStore store) {
		return new WritePreparation(store);
	}

	@Bean
	ReadThrough writeThroughReadThrough(EntryStore store, WritePreparation preparation, CacheWriter writer) {
		return new ReadThrough(store, preparation, writer);
	}

	@Bean
	CacheOperations writeThroughCacheOperations(EntryStore store, CacheWriter writer, FenceSequence fenceSequence) {
		return new CacheOperations(store, writer, fenceSequence::next);
	}

	@Bean
	CacheRepairs writeThroughCacheRepairs(CacheWriter writer, WriteThroughProperties properties) {
		return new CacheRepairs(writer, properties.getRepair().getMaxPendingKeys(),
				properties.getRepair().getInterval());
	}

	@Bean
	@ConditionalOnBooleanProperty("write-through.outbox.enabled")
	JdbcOutboxTable writeThroughOutboxTable(EntityManagerFactory entityManagerFactory,
			WriteThroughProperties properties) {
		return new JdbcOutboxTable(entityManagerFactory, properties.getOutbox().getTable());
	}

	@Bean
	@ConditionalOnBooleanProperty("write-through.outbox.enabled")
	CacheOutbox writeThroughCacheOutbox(JdbcOutboxTable table, EntityCaches caches, CacheWriter writer,
			WriteThroughProperties properties) {
		return new CacheOutbox(table, caches, writer, properties.getOutbox().getReplayAfter());
	}

	@Bean
	UpdateDispatcher writeThroughUpdateDispatcher(CacheWriter writer, CacheRepairs repairs,
			WriteThroughProperties properties, ObjectProvider<CacheOutbox> outbox,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		if (!properties.isAwaitUpdates() && properties.getOnCacheFailure() == FailureMode.FAIL) {
			throw new WriteThroughConfigurationException(
					"write-through.on-cache-failure is 'fail' but write-through.await-updates is false: a commit "
							+ "that does not wait for Redis cannot fail when Redis does not take its updates",
					"Set write-through.await-updates to true (the default), or write-through.on-cache-failure to "
							+ "'log'.");
		}
		return new UpdateDispatcher(writer, repairs, properties.getOnCacheFailure(), properties.isAwaitUpdates(),
				outbox.getIfAvailable(), observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
	}

	@Bean
	FenceSequence writeThroughFenceSequence(EntityManagerFactory entityManagerFactory,
			WriteThroughProperties properties) {
		return new FenceSequence(entityManagerFactory, properties.getFenceSequence());
	}

	@Bean
	QueryTargets writeThroughQueryTargets(EntityManagerFactory entityManagerFactory) {
		return new QueryTargets(entityManagerFactory);
	}

	@Bean
	ChangeTracker writeThroughChangeTracker(EntityManagerFactory entityManagerFactory, EntityCaches caches,
			WritePreparation preparation, UpdateDispatcher dispatcher, FenceSequence fenceSequence,
			ObjectProvider<JdbcOutboxTable> outbox) {
		return new ChangeTracker(entityManagerFactory, caches, preparation, dispatcher, fenceSequence,
				outbox.getIfAvailable());
	}

	@Bean
	EntityCacheFactory writeThroughEntityCacheFactory(EntityManagerFactory entityManagerFactory,
			WriteThroughProperties properties, ObjectProvider<WriteThroughCacheCustomizer> customizers,
			FenceSequence fenceSequence, QueryTargets queryTargets, NearTier nearTier) {
		return new EntityCacheFactory(entityManagerFactory,
				new PropertiesCacheSettings(properties, customizers.orderedStream().toList()), fenceSequence,
				queryTargets, nearTier);
	}

	@Bean
	PrimaryReads writeThroughPrimaryReads(EntityManagerFactory entityManagerFactory,
			PlatformTransactionManager transactionManager) {
		return new PrimaryReads(entityManagerFactory, transactionManager);
	}

	@Bean
	WriteThroughRepositoryProxyPostProcessor writeThroughRepositoryProxyPostProcessor(EntityCaches caches,
			EntityCacheFactory cacheFactory, QueryTargets queryTargets, ReadThrough reads, ChangeTracker changes,
			EntityManagerFactory entityManagerFactory, EntryStore store, PrimaryReads primaryReads,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		return new WriteThroughRepositoryProxyPostProcessor(caches, cacheFactory, queryTargets,
				new RepositoryCaching(reads, changes, new PersistenceContexts(entityManagerFactory),
						new UniqueKeyIndex(store), primaryReads,
						observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP)));
	}

	@Bean
	static CacheNamesVerifier writeThroughCacheNamesVerifier(WriteThroughProperties properties, EntityCaches caches) {
		return new CacheNamesVerifier(properties, caches);
	}

	@Bean
	CacheWarmUp writeThroughCacheWarmUp(EntityCaches caches, WriteThroughProperties properties, ReadThrough reads,
			EntityManagerFactory entityManagerFactory, PrimaryReads primaryReads) {
		return new CacheWarmUp(() -> caches.all().stream().filter((cache) -> isWarmUp(properties, cache)).toList(),
				reads, new EntityQueries(entityManagerFactory), primaryReads, properties.getWarmUp().getPageSize());
	}

	private static boolean isWarmUp(WriteThroughProperties properties, EntityCache cache) {
		WriteThroughProperties.Cache settings = properties.getCaches().get(cache.name());
		return settings != null && settings.isWarmUp();
	}

	@Bean
	CacheCoherence writeThroughCacheCoherence(EntityCaches caches, CacheOperations operations,
			PrimaryReads primaryReads) {
		return new CacheCoherence(caches, operations, primaryReads);
	}

	@Bean
	@ConditionalOnBooleanProperty("write-through.audit.enabled")
	ConsistencyAuditor writeThroughConsistencyAuditor(EntityCaches caches, CacheOperations operations,
			CacheCoherence coherence, WriteThroughProperties properties) {
		return new ConsistencyAuditor(caches::all, operations, coherence, properties.getAudit().getRowsPerSecond());
	}

	@Bean
	FailoverReplay writeThroughFailoverReplay(EntryStore store, AcknowledgedUpdates acknowledged, CacheRepairs repairs,
			WriteThroughProperties properties) {
		WriteThroughProperties.Failover failover = properties.getFailover();
		if (failover.getCheckInterval().isNegative() || failover.getCheckInterval().isZero()) {
			throw new WriteThroughConfigurationException(
					"write-through.failover.check-interval is %s, which is not positive"
						.formatted(failover.getCheckInterval()),
					"Set write-through.failover.check-interval to a positive duration such as 1s.");
		}
		if (failover.getReplayWindow().isNegative()) {
			throw new WriteThroughConfigurationException(
					"write-through.failover.replay-window is %s, which is negative"
						.formatted(failover.getReplayWindow()),
					"Set write-through.failover.replay-window to zero or a positive duration such as 10s.");
		}
		return new FailoverReplay(store, acknowledged, repairs, failover.getCheckInterval(),
				failover.getReplayWindow());
	}

	@Bean
	BackgroundWorkLifecycle writeThroughBackgroundWork(
			@Qualifier(TASK_SCHEDULER_BEAN_NAME) ObjectProvider<TaskScheduler> scheduler,
			ObjectProvider<CacheOutbox> outbox, CacheRepairs repairs, ObjectProvider<ConsistencyAuditor> auditor,
			ObjectProvider<ChangeFeed> changeFeed, CacheWarmUp warmUp, FailoverReplay failoverReplay, NearTier nearTier,
			WriteThroughProperties properties) {
		List<BackgroundWork> work = new ArrayList<>();
		outbox.ifAvailable(work::add);
		work.add(repairs);
		if (properties.getFailover().isReplay()) {
			work.add(failoverReplay);
		}
		auditor.ifAvailable(work::add);
		changeFeed.ifAvailable(work::add);
		work.add(warmUp);
		work.add(nearTier);
		return new BackgroundWorkLifecycle(scheduler.getIfAvailable(), work);
	}

}
