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

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for {@link TestRedisCluster}.
 *
 * @author Write-Through contributors
 */
@EnabledIf("clusterAvailable")
class TestRedisClusterIntegrationTests {

	static boolean clusterAvailable() {
		return TestServers.redisCluster().isPresent();
	}

	@Test
	void clusterServesKeysOfEverySlotAndSurvivesTheLossOfAMaster() {
		TestRedisCluster cluster = TestServers.redisCluster().orElseThrow();
		assertThat(cluster.nodes()).hasSize(6);
		RedisClusterClient client = RedisClusterClient
			.create(cluster.nodes().stream().map((node) -> RedisURI.create("redis://" + node)).toList());
		try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
			for (int i = 0; i < 100; i++) {
				connection.sync().set("wt-test:cluster:" + i, "v" + i);
			}
			int master = cluster.masterOf("wt-test:cluster:1");
			cluster.kill(master);
			cluster.awaitHealthy(Duration.ofSeconds(30));
			assertThat(cluster.masterOf("wt-test:cluster:1")).isNotEqualTo(master);
			cluster.restart(master);
			cluster.awaitHealthy(Duration.ofSeconds(30));
			connection.sync().del("wt-test:cluster:1");
		}
		finally {
			client.shutdown();
		}
	}

}
