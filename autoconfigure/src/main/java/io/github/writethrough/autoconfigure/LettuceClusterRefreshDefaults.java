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

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns on the cluster topology refresh that Lettuce recommends for failover, unless the
 * application configures it: adaptive refresh, so that a promoted replica or a moved slot
 * is seen at the first redirect or failed reconnect instead of at the next periodic
 * refresh, and a periodic refresh every 30 seconds. Spring Boot leaves both off. The
 * defaults have the lowest precedence, so any
 * {@code spring.data.redis.lettuce.cluster.refresh.*} setting of the application wins.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public class LettuceClusterRefreshDefaults implements EnvironmentPostProcessor {

	static final String PROPERTY_SOURCE_NAME = "writeThroughLettuceClusterRefreshDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("write-through.enabled", Boolean.class, true)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME,
					Map.of("spring.data.redis.lettuce.cluster.refresh.adaptive", "true",
							"spring.data.redis.lettuce.cluster.refresh.period", "30s")));
	}

}
