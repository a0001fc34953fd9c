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

package io.github.writethrough.test;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SpringProperties}.
 *
 * @author Write-Through contributors
 */
class SpringPropertiesTests {

	@Test
	void laterPropertiesWinAndOrderIsKept() {
		SpringProperties properties = SpringProperties.of(Map.of("a", "1"))
			.and("b", "2")
			.and(SpringProperties.of(Map.of("a", "3")));
		assertThat(properties.toArray()).containsExactly("a=3", "b=2");
	}

	@Test
	void valuesWithSeparatorsSurviveWithPropertyValues() {
		String url = "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=s_1&ssl=false";
		SpringProperties properties = SpringProperties.of(Map.of("spring.datasource.url", url))
			.and("spring.datasource.password", "");
		new ApplicationContextRunner().withPropertyValues(properties.toArray()).run((context) -> {
			assertThat(context.getEnvironment().getProperty("spring.datasource.url")).isEqualTo(url);
			assertThat(context.getEnvironment().getProperty("spring.datasource.password")).isEmpty();
		});
	}

	@Test
	void registerInAddsEveryPropertyToTheRegistry() {
		Map<String, Object> registered = new LinkedHashMap<>();
		DynamicPropertyRegistry registry = (name, value) -> registered.put(name, value.get());
		SpringProperties.of(Map.of("spring.data.redis.host", "127.0.0.1"))
			.and("spring.data.redis.port", "6380")
			.registerIn(registry);
		assertThat(registered).containsExactly(Map.entry("spring.data.redis.host", "127.0.0.1"),
				Map.entry("spring.data.redis.port", "6380"));
	}

}
