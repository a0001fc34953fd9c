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
package io.github.writethrough.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;

/**
 * The application every benchmark fork starts: the starter on a {@code @WriteThrough}
 * repository, a plain repository of the same rows, and the peer, Spring's cache
 * abstraction over a transaction-aware {@link RedisCacheManager}.
 *
 * @author Write-Through contributors
 */
@SpringBootApplication
@EnableCaching
public class BenchmarkApplication {

	/**
	 * Prefix of the peer's keys.
	 */
	static final String PEER_KEY_PREFIX = BenchmarkSettings.KEY_PREFIX + "-peer:";

	@Bean
	RedisCacheManager peerCacheManager(RedisConnectionFactory connectionFactory) {
		RedisCacheConfiguration configuration = RedisCacheConfiguration.defaultCacheConfig()
			.entryTtl(Duration.ofHours(1))
			.prefixCacheNameWith(PEER_KEY_PREFIX)
			.serializeValuesWith(SerializationPair.fromSerializer(new JacksonJsonRedisSerializer<>(Item.class)));
		return RedisCacheManager.builder(connectionFactory).cacheDefaults(configuration).transactionAware().build();
	}

	@Bean
	PeerItemService peerItemService(ItemRepository items) {
		return new PeerItemService(items);
	}

	static ConfigurableApplicationContext start(BenchmarkSettings settings) {
		return start(settings, Map.of());
	}

	static ConfigurableApplicationContext start(BenchmarkSettings settings, Map<String, Object> overrides,
			Class<?>... sources) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", settings.schemaUrl());
		properties.put("spring.datasource.username", settings.postgresUsername());
		properties.put("spring.datasource.password", settings.postgresPassword());
		properties.put("spring.jpa.hibernate.ddl-auto", "none");
		properties.put("spring.jpa.open-in-view", "false");
		properties.put("spring.jpa.properties.hibernate.jdbc.batch_size", "100");
		properties.put("spring.jpa.properties.hibernate.order_updates", "true");
		properties.put("spring.data.redis.host", settings.redisHost());
		properties.put("spring.data.redis.port", settings.redisPort());
		properties.put("spring.data.redis.repositories.enabled", "false");
		properties.put("write-through.key-prefix", BenchmarkSettings.KEY_PREFIX);
		properties.put("logging.level.root", "WARN");
		properties.putAll(overrides);
		return new SpringApplicationBuilder(BenchmarkApplication.class).sources(sources)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(properties)
			.run();
	}

}
