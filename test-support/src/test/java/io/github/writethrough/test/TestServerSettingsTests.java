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

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TestServerSettings}.
 *
 * @author Write-Through contributors
 */
class TestServerSettingsTests {

	@Test
	void emptyEnvironmentConfiguresNothing() {
		TestServerSettings settings = parse(Map.of());
		assertThat(settings.forcedSource()).isNull();
		assertThat(settings.postgres()).isNull();
		assertThat(settings.redis()).isNull();
	}

	@Test
	void postgresVariablesAreRead() {
		TestServerSettings settings = parse(Map.of("WRITE_THROUGH_TEST_POSTGRES_URL",
				"jdbc:postgresql://127.0.0.1:5432/test", "WRITE_THROUGH_TEST_POSTGRES_USERNAME", "ci",
				"WRITE_THROUGH_TEST_POSTGRES_PASSWORD", "secret"));
		assertThat(settings.postgres()).isEqualTo(
				new TestServerSettings.PostgresSettings("jdbc:postgresql://127.0.0.1:5432/test", "ci", "secret"));
		assertThat(settings.redis()).isNull();
	}

	@Test
	void postgresUsernameDefaultsToPostgresAndPasswordToEmpty() {
		TestServerSettings settings = parse(Map.of("WRITE_THROUGH_TEST_POSTGRES_URL", "jdbc:postgresql://db/test"));
		assertThat(settings.postgres())
			.isEqualTo(new TestServerSettings.PostgresSettings("jdbc:postgresql://db/test", "postgres", ""));
	}

	@Test
	void postgresUrlThatIsNotJdbcIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> parse(Map.of("WRITE_THROUGH_TEST_POSTGRES_URL", "postgres://127.0.0.1/test")))
			.withMessageContaining("WRITE_THROUGH_TEST_POSTGRES_URL");
	}

	@Test
	void redisUrlGivesHostAndPort() {
		assertThat(TestServerSettings.parseRedis("redis://127.0.0.1:6380"))
			.isEqualTo(new TestServerSettings.RedisSettings("127.0.0.1", 6380));
	}

	@Test
	void redisPortDefaultsTo6379() {
		assertThat(TestServerSettings.parseRedis("redis://cache.internal/"))
			.isEqualTo(new TestServerSettings.RedisSettings("cache.internal", 6379));
	}

	@Test
	void redisUrlWithCredentialsDatabaseOrOtherSchemeIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> TestServerSettings.parseRedis("redis://u:p@host:6379"))
			.withMessageContaining("redis://host:port");
		assertThatIllegalArgumentException().isThrownBy(() -> TestServerSettings.parseRedis("redis://host:6379/2"));
		assertThatIllegalArgumentException().isThrownBy(() -> TestServerSettings.parseRedis("rediss://host:6379"));
		assertThatIllegalArgumentException().isThrownBy(() -> TestServerSettings.parseRedis("127.0.0.1:6379"));
	}

	@Test
	void blankValuesCountAsUnset() {
		TestServerSettings settings = parse(Map.of("WRITE_THROUGH_TEST_SERVERS", " ", "WRITE_THROUGH_TEST_POSTGRES_URL",
				"", "WRITE_THROUGH_TEST_REDIS_URL", " "));
		assertThat(settings).isEqualTo(new TestServerSettings(null, null, null));
	}

	@Test
	void serversVariableForcesSourceIgnoringCase() {
		assertThat(parse(Map.of("WRITE_THROUGH_TEST_SERVERS", "Embedded")).forcedSource())
			.isEqualTo(ServerSource.EMBEDDED);
	}

	@Test
	void systemPropertyWinsOverServersVariable() {
		Properties systemProperties = new Properties();
		systemProperties.setProperty("write-through.test.servers", "testcontainers");
		TestServerSettings settings = TestServerSettings.parse(Map.of("WRITE_THROUGH_TEST_SERVERS", "environment"),
				systemProperties);
		assertThat(settings.forcedSource()).isEqualTo(ServerSource.TESTCONTAINERS);
	}

	@Test
	void unknownForcedSourceIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> parse(Map.of("WRITE_THROUGH_TEST_SERVERS", "docker")))
			.withMessageContaining("environment, testcontainers or embedded");
	}

	@Test
	void configuredServerComesFromEnvironmentWithoutAskingDocker() {
		TestServerSettings settings = new TestServerSettings(null, null, null);
		assertThat(settings.sourceFor(true, this::failIfAsked)).isEqualTo(ServerSource.ENVIRONMENT);
	}

	@Test
	void unconfiguredServerComesFromTestcontainersWhenDockerIsAvailable() {
		TestServerSettings settings = new TestServerSettings(null, null, null);
		assertThat(settings.sourceFor(false, () -> true)).isEqualTo(ServerSource.TESTCONTAINERS);
	}

	@Test
	void unconfiguredServerIsEmbeddedWhenDockerIsNotAvailable() {
		TestServerSettings settings = new TestServerSettings(null, null, null);
		assertThat(settings.sourceFor(false, () -> false)).isEqualTo(ServerSource.EMBEDDED);
	}

	@Test
	void forcedSourceWinsOverEnvironmentWithoutAskingDocker() {
		TestServerSettings settings = new TestServerSettings(ServerSource.EMBEDDED, null, null);
		assertThat(settings.sourceFor(true, this::failIfAsked)).isEqualTo(ServerSource.EMBEDDED);
	}

	private boolean failIfAsked() {
		throw new AssertionError("Docker must not be asked");
	}

	private static TestServerSettings parse(Map<String, String> environment) {
		return TestServerSettings.parse(environment, new Properties());
	}

}
