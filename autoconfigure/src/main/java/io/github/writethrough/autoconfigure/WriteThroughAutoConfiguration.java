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

import io.github.writethrough.WriteThrough;
import io.github.writethrough.WriteThroughConfigurationException;
import io.github.writethrough.audit.ConsistencyAuditor;
import io.github.writethrough.repository.CacheWarmUp;
import io.github.writethrough.repository.WriteThroughRepositoryBeanPostProcessor;
import io.github.writethrough.repository.WriteThroughRepositoryProxyPostProcessor;
import io.github.writethrough.store.CacheRepairs;
import io.github.writethrough.store.EntityCache;
import io.github.writethrough.store.RedisEntryStore;
import io.github.writethrough.transaction.CacheOutbox;
import io.github.writethrough.transaction.FailureMode;
import io.github.writethrough.transaction.ReadOnlyTransactions;
import io.github.writethrough.transaction.TransactionalCacheUpdates;
import io.micrometer.observation.ObservationRegistry;
import jakarta.persistence.EntityManagerFactory;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.ObjectProvider;
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
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
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
@Import({ WriteThroughMetricsConfiguration.class, WriteThroughActuatorConfiguration.class })
public final class WriteThroughAutoConfiguration {

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static WriteThroughRepositoryBeanPostProcessor writeThroughRepositoryBeanPostProcessor(
			ObjectProvider<WriteThroughRepositoryProxyPostProcessor> proxyPostProcessor) {
		return new WriteThroughRepositoryBeanPostProcessor(proxyPostProcessor);
	}

	@Bean
	@ConditionalOnMissingBean
	RedisEntryStore writeThroughEntryStore(LettuceConnectionFactory connectionFactory,
			WriteThroughProperties properties) {
		return new RedisEntryStore(connectionFactory, properties.getTimeout(),
				properties.getCircuitBreaker().getOpenDuration());
	}

	@Bean
	@ConditionalOnMissingBean
	CacheRepairs writeThroughCacheRepairs(RedisEntryStore store, WriteThroughProperties properties) {
		return new CacheRepairs(store, properties.getRepair().getMaxPendingKeys(),
				properties.getRepair().getInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty("write-through.outbox.enabled")
	CacheOutbox writeThroughCacheOutbox(EntityManagerFactory entityManagerFactory, RedisEntryStore store,
			WriteThroughProperties properties) {
		WriteThroughProperties.Outbox outbox = properties.getOutbox();
		return new CacheOutbox(entityManagerFactory, store, outbox.getTable(), outbox.getReplayAfter());
	}

	@Bean
	@ConditionalOnMissingBean
	TransactionalCacheUpdates writeThroughCacheUpdates(RedisEntryStore store, CacheRepairs repairs,
			WriteThroughProperties properties, ObjectProvider<CacheOutbox> outbox,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		if (!properties.isAwaitUpdates() && properties.getOnCacheFailure() == FailureMode.FAIL) {
			throw new WriteThroughConfigurationException(
					"write-through.on-cache-failure is 'fail' but write-through.await-updates is false: a commit "
							+ "that does not wait for Redis cannot fail when Redis does not take its updates",
					"Set write-through.await-updates to true (the default), or write-through.on-cache-failure to "
							+ "'log'.");
		}
		return new TransactionalCacheUpdates(store, repairs, properties.getOnCacheFailure(),
				properties.isAwaitUpdates(), properties.getFenceSequence(), outbox.getIfAvailable(),
				observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
	}

	@Bean
	WriteThroughCaches writeThroughCaches(WriteThroughRepositoryProxyPostProcessor repositories) {
		return new WriteThroughCaches(repositories);
	}

	@Bean
	static CacheNamesVerifier writeThroughCacheNamesVerifier(WriteThroughProperties properties,
			WriteThroughCaches caches) {
		return new CacheNamesVerifier(properties, caches);
	}

	@Bean
	@ConditionalOnMissingBean
	ReadOnlyTransactions writeThroughReadOnlyTransactions(EntityManagerFactory entityManagerFactory,
			PlatformTransactionManager transactionManager) {
		return new ReadOnlyTransactions(entityManagerFactory, transactionManager);
	}

	@Bean
	@ConditionalOnMissingBean
	CacheWarmUp writeThroughCacheWarmUp(WriteThroughCaches caches, WriteThroughProperties properties,
			EntityManagerFactory entityManagerFactory, ReadOnlyTransactions transactions) {
		return new CacheWarmUp(() -> caches.all().stream().filter((cache) -> isWarmUp(properties, cache)).toList(),
				entityManagerFactory, transactions, properties.getWarmUp().getPageSize());
	}

	private static boolean isWarmUp(WriteThroughProperties properties, EntityCache cache) {
		WriteThroughProperties.Cache settings = properties.getCaches().get(cache.name());
		return settings != null && settings.isWarmUp();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty("write-through.audit.enabled")
	ConsistencyAuditor writeThroughConsistencyAuditor(WriteThroughCaches caches, RedisEntryStore store,
			ReadOnlyTransactions transactions, WriteThroughProperties properties) {
		return new ConsistencyAuditor(caches::all, store, transactions, properties.getAudit().getRowsPerSecond());
	}

	@Bean
	@ConditionalOnMissingBean
	WriteThroughRepositoryProxyPostProcessor writeThroughRepositoryProxyPostProcessor(
			EntityManagerFactory entityManagerFactory, PlatformTransactionManager transactionManager,
			RedisEntryStore store, TransactionalCacheUpdates updates, WriteThroughProperties properties,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		return new WriteThroughRepositoryProxyPostProcessor(entityManagerFactory, transactionManager, store, updates,
				new PropertiesCacheSettings(properties),
				observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
	}

}
