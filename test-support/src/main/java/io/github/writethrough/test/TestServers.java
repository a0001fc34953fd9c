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

import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.writethrough.test.TestServerSettings.PostgresSettings;
import io.github.writethrough.test.TestServerSettings.RedisSettings;

/**
 * Entry point to the real PostgreSQL and Redis servers that tests use. Each server is
 * started, or found, on first use and then shared by every test in the JVM.
 * <p>
 * Each server comes from the first source that applies:
 * <ol>
 * <li>the environment: {@code WRITE_THROUGH_TEST_POSTGRES_URL} (a JDBC URL) with
 * {@code WRITE_THROUGH_TEST_POSTGRES_USERNAME} (default {@code postgres}) and
 * {@code WRITE_THROUGH_TEST_POSTGRES_PASSWORD} (default empty), and
 * {@code WRITE_THROUGH_TEST_REDIS_URL} ({@code redis://host:port});</li>
 * <li>Testcontainers, when a Docker engine is reachable;</li>
 * <li>embedded servers started from binaries on the classpath.</li>
 * </ol>
 * {@code WRITE_THROUGH_TEST_SERVERS} (or the system property
 * {@code write-through.test.servers}) set to {@code environment}, {@code testcontainers}
 * or {@code embedded} forces the source of both servers.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class TestServers {

	private static final Log logger = LogFactory.getLog(TestServers.class);

	private static @Nullable TestServerSettings settings;

	private static @Nullable Boolean dockerAvailable;

	private static @Nullable TestPostgres postgres;

	private static @Nullable TestRedis redis;

	private static boolean replicaTried;

	private static @Nullable TestReplica replica;

	private static @Nullable RuntimeException replicaFailure;

	private static @Nullable TestRedisCluster redisCluster;

	private static @Nullable TestRedisSentinel redisSentinel;

	private TestServers() {
	}

	/**
	 * Return the PostgreSQL server, starting it on first use.
	 * @return the PostgreSQL server
	 */
	public static synchronized TestPostgres postgres() {
		TestPostgres postgres = TestServers.postgres;
		if (postgres == null) {
			postgres = startPostgres(settings());
			logger.info("Tests use PostgreSQL from " + describe(postgres.source()) + " at " + postgres.jdbcUrl());
			TestServers.postgres = postgres;
		}
		return postgres;
	}

	/**
	 * Return the Redis server, starting it on first use.
	 * @return the Redis server
	 */
	public static synchronized TestRedis redis() {
		TestRedis redis = TestServers.redis;
		if (redis == null) {
			redis = startRedis(settings());
			logger.info("Tests use Redis from " + describe(redis.source()) + " at " + redis.url());
			TestServers.redis = redis;
		}
		return redis;
	}

	/**
	 * Return a streaming replica of {@link #postgres()}, started on first use and stopped
	 * when the JVM exits: see {@link TestReplica#start(TestPostgres)} for what it needs.
	 * @return the replica, or empty when this machine has no programs to start one
	 * @throws IllegalStateException when it has them but the replica did not start, on
	 * this call and on every later one
	 */
	public static synchronized Optional<TestReplica> replica() {
		if (!replicaTried) {
			replicaTried = true;
			TestPostgres primary = postgres();
			try {
				replica = (primary.source() != ServerSource.TESTCONTAINERS) ? TestReplica.start(primary).orElse(null)
						: null;
			}
			catch (RuntimeException ex) {
				replicaFailure = ex;
			}
			if (replica != null) {
				logger.info("Tests use a streaming replica of " + primary.jdbcUrl());
				Runtime.getRuntime().addShutdownHook(new Thread(replica::stop, "test-replica-stop"));
			}
			else if (replicaFailure == null) {
				logger.info("No replica of the test PostgreSQL can be started on this machine: "
						+ "tests of read replicas are skipped");
			}
		}
		if (replicaFailure != null) {
			throw replicaFailure;
		}
		return Optional.ofNullable(replica);
	}

	/**
	 * Return a Redis Cluster of six nodes on loopback ports, started on first use from
	 * the {@code redis-server} and {@code redis-cli} of the {@code PATH}, and stopped
	 * when the JVM exits.
	 * @return the cluster, or empty when the {@code PATH} has no {@code redis-server}
	 * @throws IllegalStateException when it has one but the cluster did not start
	 */
	public static synchronized Optional<TestRedisCluster> redisCluster() {
		if (redisCluster == null && RedisProcess.isAvailable()) {
			TestRedisCluster cluster = TestRedisCluster.start();
			logger.info("Tests use a Redis Cluster at " + cluster.nodes());
			Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "test-redis-cluster-stop"));
			redisCluster = cluster;
		}
		return Optional.ofNullable(redisCluster);
	}

	/**
	 * Return a Redis master with two replicas under three sentinels, on loopback ports,
	 * started on first use from the {@code redis-server} of the {@code PATH}, and stopped
	 * when the JVM exits.
	 * @return the group, or empty when the {@code PATH} has no {@code redis-server}
	 * @throws IllegalStateException when it has one but the group did not start
	 */
	public static synchronized Optional<TestRedisSentinel> redisSentinel() {
		if (redisSentinel == null && RedisProcess.isAvailable()) {
			TestRedisSentinel sentinel = TestRedisSentinel.start();
			logger.info("Tests use Redis Sentinel at " + sentinel.springProperties());
			Runtime.getRuntime().addShutdownHook(new Thread(sentinel::stop, "test-redis-sentinel-stop"));
			redisSentinel = sentinel;
		}
		return Optional.ofNullable(redisSentinel);
	}

	static TestPostgres startPostgres(TestServerSettings settings) {
		PostgresSettings configured = settings.postgres();
		ServerSource source = settings.sourceFor(configured != null, TestServers::isDockerAvailable);
		return switch (source) {
			case ENVIRONMENT -> {
				if (configured == null) {
					throw notConfigured(TestServerSettings.POSTGRES_URL_VARIABLE);
				}
				yield new TestPostgres(configured.jdbcUrl(), configured.username(), configured.password(), source);
			}
			case TESTCONTAINERS -> ContainerServers.startPostgres();
			case EMBEDDED -> EmbeddedServers.startPostgres();
		};
	}

	static TestRedis startRedis(TestServerSettings settings) {
		RedisSettings configured = settings.redis();
		ServerSource source = settings.sourceFor(configured != null, TestServers::isDockerAvailable);
		return switch (source) {
			case ENVIRONMENT -> {
				if (configured == null) {
					throw notConfigured(TestServerSettings.REDIS_URL_VARIABLE);
				}
				yield new TestRedis(configured.host(), configured.port(), source);
			}
			case TESTCONTAINERS -> ContainerServers.startRedis();
			case EMBEDDED -> EmbeddedServers.startRedis();
		};
	}

	private static IllegalStateException notConfigured(String variable) {
		return new IllegalStateException(
				"Test servers are forced to come from the environment but " + variable + " is not set");
	}

	private static TestServerSettings settings() {
		TestServerSettings settings = TestServers.settings;
		if (settings == null) {
			settings = TestServerSettings.load();
			TestServers.settings = settings;
		}
		return settings;
	}

	private static boolean isDockerAvailable() {
		Boolean available = dockerAvailable;
		if (available == null) {
			available = ContainerServers.isDockerAvailable();
			if (!available) {
				logger.info("No Docker engine is reachable, test servers will be embedded");
			}
			dockerAvailable = available;
		}
		return available;
	}

	private static String describe(ServerSource source) {
		return switch (source) {
			case ENVIRONMENT -> "the environment";
			case TESTCONTAINERS -> "Testcontainers";
			case EMBEDDED -> "an embedded server";
		};
	}

}
