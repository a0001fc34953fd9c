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

package io.github.writethrough.autoconfigure.actuate;

import io.github.writethrough.autoconfigure.WriteThroughAutoConfiguration;
import io.github.writethrough.cache.CacheOperations;
import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.feed.ChangeFeed;
import io.github.writethrough.feed.ChangeFeedStatus;
import io.github.writethrough.operations.CacheCoherence;
import io.github.writethrough.store.EntryStore;
import io.github.writethrough.transaction.CacheRepairs;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@code writethrough} actuator endpoint and health
 * contributor.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = WriteThroughAutoConfiguration.class)
@ConditionalOnBean(EntityCaches.class)
public final class WriteThroughEndpointAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(
			name = "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint")
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		WriteThroughEndpoint writeThroughEndpoint(EntityCaches caches, CacheOperations operations, CacheRepairs repairs,
				EntryStore store, CacheCoherence coherence, ObjectProvider<ChangeFeed> changeFeed) {
			return new WriteThroughEndpoint(caches, operations, repairs, store, coherence, statusOf(changeFeed));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(
			name = "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "writethroughHealthIndicator")
		@ConditionalOnEnabledHealthIndicator("writethrough")
		WriteThroughHealthIndicator writethroughHealthIndicator(EntryStore store, CacheRepairs repairs,
				ObjectProvider<ChangeFeed> changeFeed) {
			return new WriteThroughHealthIndicator(store, repairs, statusOf(changeFeed));
		}

	}

	private static @Nullable ChangeFeedStatus statusOf(ObjectProvider<ChangeFeed> changeFeed) {
		ChangeFeed feed = changeFeed.getIfAvailable();
		return (feed != null) ? feed.status() : null;
	}

}
