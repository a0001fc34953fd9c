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
 * Tests for {@link TestPostgres}.
 *
 * @author Write-Through contributors
 */
class TestPostgresTests {

	@Test
	void schemaNameIsAValidUniqueIdentifier() {
		String prefix = "1-Weird Name".repeat(10);
		String first = TestPostgres.schemaName(prefix);
		String second = TestPostgres.schemaName(prefix);
		assertThat(first).matches("s_1_weird_name[a-z0-9_]*_[0-9a-f]{8}").hasSizeLessThanOrEqualTo(63);
		assertThat(second).isNotEqualTo(first);
	}

	@Test
	void springPropertiesNameTheDataSource() {
		TestPostgres postgres = new TestPostgres("jdbc:postgresql://db/test", "ci", "secret", ServerSource.ENVIRONMENT);
		assertThat(postgres.springProperties().toArray()).containsExactly(
				"spring.datasource.url=jdbc:postgresql://db/test", "spring.datasource.username=ci",
				"spring.datasource.password=secret");
	}

}
