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

import java.net.URI;
import java.util.Map;

/**
 * Where the benchmarks find PostgreSQL and Redis, from environment variables with
 * defaults for this repository's CI machine.
 *
 * @param postgresUrl JDBC URL of the database
 * @param postgresUsername database user, allowed to create a schema
 * @param postgresPassword its password
 * @param redisHost Redis host
 * @param redisPort Redis port
 * @author Write-Through contributors
 */
record BenchmarkSettings(String postgresUrl, String postgresUsername, String postgresPassword, String redisHost,
		int redisPort) {

	/**
	 * Schema that holds the benchmark table; dropped at the end of a run.
	 */
	static final String SCHEMA = "write_through_benchmarks";

	/**
	 * Prefix of every Redis key the benchmarks write; deleted at the end of a run.
	 */
	static final String KEY_PREFIX = "wt-bench";

	static BenchmarkSettings fromEnvironment() {
		Map<String, String> env = System.getenv();
		URI redis = URI.create(env.getOrDefault("WRITE_THROUGH_BENCHMARK_REDIS_URL", "redis://127.0.0.1:6379"));
		return new BenchmarkSettings(
				env.getOrDefault("WRITE_THROUGH_BENCHMARK_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
				env.getOrDefault("WRITE_THROUGH_BENCHMARK_POSTGRES_USERNAME", "postgres"),
				env.getOrDefault("WRITE_THROUGH_BENCHMARK_POSTGRES_PASSWORD", ""), redis.getHost(),
				(redis.getPort() != -1) ? redis.getPort() : 6379);
	}

	/**
	 * Return these settings with another Redis server.
	 * @param host the host
	 * @param port the port
	 * @return the settings
	 */
	BenchmarkSettings withRedis(String host, int port) {
		return new BenchmarkSettings(this.postgresUrl, this.postgresUsername, this.postgresPassword, host, port);
	}

	/**
	 * Return the JDBC URL with the benchmark schema as the current schema.
	 * @return the URL
	 */
	String schemaUrl() {
		return this.postgresUrl + (this.postgresUrl.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
	}

}
