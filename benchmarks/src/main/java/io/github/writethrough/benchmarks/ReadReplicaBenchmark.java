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

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.writethrough.test.ReplicaRouting;
import io.github.writethrough.test.ServerSource;
import io.github.writethrough.test.TestPostgres;
import io.github.writethrough.test.TestReplica;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a miss costs when read-only transactions are routed to a streaming replica: two
 * applications on the benchmark table, one with a plain data source and one with the
 * routing recipe of README over a replica of the benchmark server, their operations
 * taking turns on one thread. Prints a Markdown table.
 *
 * @author Write-Through contributors
 */
public final class ReadReplicaBenchmark {

	private static final Duration WARM_UP = Duration.ofSeconds(5);

	private static final Duration MEASUREMENT = Duration.ofSeconds(20);

	private ReadReplicaBenchmark() {
	}

	/**
	 * Run the measurements against the servers of {@link BenchmarkSettings} and a replica
	 * of its PostgreSQL, and print the table.
	 * @param args not used
	 * @throws Exception if a server fails
	 */
	public static void main(String[] args) throws Exception {
		BenchmarkSettings settings = BenchmarkSettings.fromEnvironment();
		TestReplica replica = TestReplica
			.start(new TestPostgres(settings.postgresUrl(), settings.postgresUsername(), settings.postgresPassword(),
					ServerSource.ENVIRONMENT))
			.orElseThrow(() -> new IllegalStateException(
					"No pg_basebackup and pg_ctl of the server's major version on this machine"));
		Dataset.create(settings);
		try (RawRedis redis = RawRedis.connect(settings)) {
			replica.awaitReplay(Duration.ofSeconds(30));
			try (ConfigurableApplicationContext single = BenchmarkApplication.start(settings);
					ConfigurableApplicationContext routed = BenchmarkApplication.start(settings,
							Map.of("benchmark.replica.url", replica.jdbcUrl(BenchmarkSettings.SCHEMA)),
							Routing.class)) {
				Map<String, Consumer<Long>> operations = new LinkedHashMap<>();
				operations.put("`findById` miss, one data source", miss(single));
				operations.put("`findById` miss, routing on (the fill reads the primary)", miss(routed));
				operations.put("plain `findById`, one data source (primary)", plainRead(single));
				operations.put("plain `findById`, routing on (replica)", plainRead(routed));
				operations.put("`findById` miss in a read-only transaction, routing on (replica, not cached)",
						readOnlyMiss(routed));
				Map<String, long[]> times = interleave(operations, redis);
				print(times, standbyCheck(replica));
			}
			finally {
				redis.deleteBenchmarkKeys();
			}
		}
		finally {
			Dataset.drop(settings);
			replica.stop();
		}
	}

	private static Consumer<Long> miss(ConfigurableApplicationContext context) {
		CachedItemRepository items = context.getBean(CachedItemRepository.class);
		return (id) -> items.findById(id).orElseThrow();
	}

	private static Consumer<Long> plainRead(ConfigurableApplicationContext context) {
		ItemRepository items = context.getBean(ItemRepository.class);
		return (id) -> items.findById(id).orElseThrow();
	}

	private static Consumer<Long> readOnlyMiss(ConfigurableApplicationContext context) {
		CachedItemRepository items = context.getBean(CachedItemRepository.class);
		TransactionTemplate readOnly = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
		readOnly.setReadOnly(true);
		return (id) -> readOnly.executeWithoutResult((status) -> items.findById(id).orElseThrow());
	}

	/**
	 * Run the operations in turn on random rows, deleting the row's entry before each
	 * (outside the measured time), and time each.
	 */
	private static Map<String, long[]> interleave(Map<String, Consumer<Long>> operations, RawRedis redis) {
		Map<String, List<Long>> times = new LinkedHashMap<>();
		operations.keySet().forEach((name) -> times.put(name, new ArrayList<>()));
		long warmUpEnd = System.nanoTime() + WARM_UP.toNanos();
		long end = warmUpEnd + MEASUREMENT.toNanos();
		while (System.nanoTime() < end) {
			for (Map.Entry<String, Consumer<Long>> operation : operations.entrySet()) {
				long id = Dataset.randomReadId();
				redis.sync().del(RawRedis.entryKey(id));
				long start = System.nanoTime();
				operation.getValue().accept(id);
				long time = System.nanoTime() - start;
				if (start > warmUpEnd) {
					times.get(operation.getKey()).add(time);
				}
			}
		}
		Map<String, long[]> sorted = new LinkedHashMap<>();
		times
			.forEach((name, values) -> sorted.put(name, values.stream().mapToLong(Long::longValue).sorted().toArray()));
		return sorted;
	}

	/**
	 * Time the standby check as a fill makes it, once per connection: a savepoint,
	 * {@code select pg_is_in_recovery()}, and its release, in a transaction.
	 */
	private static long[] standbyCheck(TestReplica replica) throws Exception {
		long[] times = new long[2000];
		try (Connection connection = replica.connect(); Statement statement = connection.createStatement()) {
			connection.setAutoCommit(false);
			for (int i = -500; i < times.length; i++) {
				long start = System.nanoTime();
				Savepoint savepoint = connection.setSavepoint();
				try (ResultSet result = statement.executeQuery("select pg_is_in_recovery()")) {
					result.next();
				}
				connection.releaseSavepoint(savepoint);
				if (i >= 0) {
					times[i] = System.nanoTime() - start;
				}
			}
			connection.rollback();
		}
		Arrays.sort(times);
		return times;
	}

	private static void print(Map<String, long[]> times, long[] standbyCheck) {
		System.out.println("| Operation | p50 | p99 | Samples |");
		System.out.println("|---|--:|--:|--:|");
		times.forEach((name, sorted) -> System.out.printf("| %s | %s | %s | %,d |%n", name,
				Percentiles.micros(sorted, 0.5), Percentiles.micros(sorted, 0.99), sorted.length));
		System.out.printf("| the standby check (savepoint, `select pg_is_in_recovery()`, release) | %s | %s | %,d |%n",
				Percentiles.micros(standbyCheck, 0.5), Percentiles.micros(standbyCheck, 0.99), standbyCheck.length);
		List<long[]> values = new ArrayList<>(times.values());
		System.out.printf("%nmiss p50, routing on ÷ one data source: %.2f%n",
				(double) Percentiles.percentile(values.get(1), 0.5) / Percentiles.percentile(values.get(0), 0.5));
	}

	/**
	 * The routing recipe of README over the benchmark server and its replica; a source of
	 * the routed application only, so not a {@code @Configuration} that scanning finds.
	 */
	static class Routing {

		@Bean(defaultCandidate = false)
		HikariDataSource primaryDataSource(Environment environment) {
			return pool(environment.getRequiredProperty("spring.datasource.url"), environment);
		}

		@Bean(defaultCandidate = false)
		HikariDataSource replicaDataSource(Environment environment) {
			return pool(environment.getRequiredProperty("benchmark.replica.url"), environment);
		}

		@Bean
		@Primary
		DataSource dataSource(@Qualifier("primaryDataSource") DataSource primary,
				@Qualifier("replicaDataSource") DataSource replica) {
			return ReplicaRouting.readOnlyToReplica(primary, replica, () -> false);
		}

		private static HikariDataSource pool(String url, Environment environment) {
			return DataSourceBuilder.create()
				.type(HikariDataSource.class)
				.url(url)
				.username(environment.getRequiredProperty("spring.datasource.username"))
				.password(environment.getProperty("spring.datasource.password"))
				.build();
		}

	}

}
