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

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for {@link TestRedisSentinel}.
 *
 * @author Write-Through contributors
 */
@EnabledIf("sentinelAvailable")
class TestRedisSentinelIntegrationTests {

	static boolean sentinelAvailable() {
		return TestServers.redisSentinel().isPresent();
	}

	@Test
	void sentinelsPromoteAReplicaWhenTheMasterDies() {
		TestRedisSentinel sentinel = TestServers.redisSentinel().orElseThrow();
		assertThat(sentinel.springProperties().asMap()).containsEntry("spring.data.redis.sentinel.master",
				TestRedisSentinel.MASTER_NAME);
		int master = sentinel.masterPort();
		sentinel.kill(master);
		sentinel.awaitHealthy(Duration.ofSeconds(30));
		assertThat(sentinel.masterPort()).isNotEqualTo(master);
		sentinel.restart(master);
		sentinel.awaitHealthy(Duration.ofSeconds(30));
	}

}
