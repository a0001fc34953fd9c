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

import io.github.writethrough.store.CacheRepairs;
import io.github.writethrough.store.RedisEntryStore;
import io.github.writethrough.transaction.ReadOnlyTransactions;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code writethrough} actuator endpoint and health contributor.
 *
 * @author Write-Through contributors
 */
@Configuration(proxyBeanMethods = false)
class WriteThroughActuatorConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(
			name = "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint")
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		WriteThroughEndpoint writeThroughEndpoint(WriteThroughCaches caches, CacheRepairs repairs,
				RedisEntryStore store, ReadOnlyTransactions transactions) {
			return new WriteThroughEndpoint(caches, repairs, store, transactions);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(
			name = "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "writethroughHealthIndicator")
		@ConditionalOnEnabledHealthIndicator("writethrough")
		WriteThroughHealthIndicator writethroughHealthIndicator(RedisEntryStore store, CacheRepairs repairs) {
			return new WriteThroughHealthIndicator(store, repairs);
		}

	}

}
