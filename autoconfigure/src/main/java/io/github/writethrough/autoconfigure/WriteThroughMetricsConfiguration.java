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

import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.feed.ChangeFeed;
import io.github.writethrough.metrics.ChangeFeedMeterBinder;
import io.github.writethrough.metrics.WriteThroughMeterBinder;
import io.github.writethrough.store.EntryStore;
import io.github.writethrough.transaction.CacheRepairs;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer meters of the write-through caches.
 *
 * @author Write-Through contributors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
class WriteThroughMetricsConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WriteThroughMeterBinder writeThroughMeterBinder(EntityCaches caches, CacheRepairs repairs, EntryStore store) {
		return new WriteThroughMeterBinder(caches::all, repairs, store);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty("write-through.change-feed.enabled")
	ChangeFeedMeterBinder writeThroughChangeFeedMeterBinder(ChangeFeed changeFeed) {
		return new ChangeFeedMeterBinder(changeFeed.status());
	}

}
