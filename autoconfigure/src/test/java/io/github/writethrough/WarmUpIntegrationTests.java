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

package io.github.writethrough;

import java.util.ArrayList;
import java.util.List;

import io.github.writethrough.operations.CacheWarmUp;
import io.github.writethrough.testapp.NoteRepository;
import io.github.writethrough.testapp.TestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Warm-up of a cache of a few thousand rows at startup.
 *
 * @author Write-Through contributors
 */
class WarmUpIntegrationTests {

	private static final int ROWS = 3000;

	private static final IntegrationServers servers = IntegrationServers.forTestClass(WarmUpIntegrationTests.class);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(TestApplication.class)
		.withPropertyValues(servers.springProperties().toArray())
		.withPropertyValues("spring.jpa.hibernate.ddl-auto=update");

	@AfterAll
	static void dropSchema() {
		servers.close();
	}

	@Test
	void warmUpLoadsEveryRowWithoutReplacingNewerEntries() {
		this.contextRunner.run((context) -> {
			List<Object[]> rows = new ArrayList<>();
			for (int i = 0; i < ROWS; i++) {
				rows.add(new Object[] { "warm-" + i, "row " + i });
			}
			context.getBean(JdbcTemplate.class).batchUpdate("insert into note (id, text) values (?, ?)", rows);
		});
		this.contextRunner
			.withPropertyValues("write-through.caches.note.warm-up=true", "write-through.warm-up.page-size=400")
			.run((context) -> {
				CacheWarmUp warmUp = context.getBean(CacheWarmUp.class);
				assertThat(warmUp.awaitCompletion(60_000)).isTrue();
				StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
				String prefix = servers.keyPrefix() + ":note:";
				assertThat(redis.keys(prefix + "warm-*")).hasSize(ROWS);
				assertThat(redis.opsForValue().get(prefix + "warm-42")).contains("\"text\":\"row 42\"");
				assertThat(context.getBean(NoteRepository.class).findById("warm-7")).isPresent();
			});
	}

}
