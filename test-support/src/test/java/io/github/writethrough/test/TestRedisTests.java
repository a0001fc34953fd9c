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

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TestRedis}.
 *
 * @author Write-Through contributors
 */
class TestRedisTests {

	private final TestRedis redis = new TestRedis("cache.internal", 6380, ServerSource.ENVIRONMENT);

	@Test
	void urlNamesHostAndPort() {
		assertThat(this.redis.url()).isEqualTo("redis://cache.internal:6380");
	}

	@Test
	void keyPrefixNamesTheTestClassAndIsUnique() {
		String prefix = this.redis.newKeyPrefix(getClass());
		assertThat(prefix).matches("wt-test:TestRedisTests:[0-9a-f]{8}:");
		assertThat(this.redis.newKeyPrefix(getClass())).isNotEqualTo(prefix);
	}

	@Test
	void globCharactersInPrefixAreMatchedLiterally() {
		assertThat(TestRedis.escapeGlob("a*b?c[d]e\\f")).isEqualTo("a\\*b\\?c\\[d\\]e\\\\f");
	}

	@Test
	void springPropertiesNameHostAndPort() {
		assertThat(this.redis.springProperties().toArray()).containsExactly("spring.data.redis.host=cache.internal",
				"spring.data.redis.port=6380");
	}

}
