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

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LettuceClusterRefreshDefaults}.
 *
 * @author Write-Through contributors
 */
class LettuceClusterRefreshDefaultsTests {

	private final StandardEnvironment environment = new StandardEnvironment();

	@Test
	void adaptiveAndPeriodicRefreshAreOnByDefault() {
		postProcess();
		assertThat(this.environment.getProperty("spring.data.redis.lettuce.cluster.refresh.adaptive"))
			.isEqualTo("true");
		assertThat(this.environment.getProperty("spring.data.redis.lettuce.cluster.refresh.period")).isEqualTo("30s");
	}

	@Test
	void settingsOfTheApplicationWin() {
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("spring.data.redis.lettuce.cluster.refresh.adaptive",
					"false", "spring.data.redis.lettuce.cluster.refresh.period", "5s")));
		postProcess();
		assertThat(this.environment.getProperty("spring.data.redis.lettuce.cluster.refresh.adaptive"))
			.isEqualTo("false");
		assertThat(this.environment.getProperty("spring.data.redis.lettuce.cluster.refresh.period")).isEqualTo("5s");
	}

	@Test
	void nothingIsSetWhenTheStarterIsDisabled() {
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("write-through.enabled", "false")));
		postProcess();
		assertThat(this.environment.getPropertySources().contains(LettuceClusterRefreshDefaults.PROPERTY_SOURCE_NAME))
			.isFalse();
	}

	private void postProcess() {
		new LettuceClusterRefreshDefaults().postProcessEnvironment(this.environment, new SpringApplication());
	}

}
