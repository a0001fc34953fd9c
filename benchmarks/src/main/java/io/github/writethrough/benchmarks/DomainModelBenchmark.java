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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;
import java.util.stream.LongStream;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads of a real domain model: an order with ten lines ({@code @OneToMany}), and a
 * lookup by a unique email, through JPA and through the starter (Redis hits, and near
 * hits), in one run, interleaved. Prints a Markdown table.
 *
 * @author Write-Through contributors
 */
public final class DomainModelBenchmark {

	private static final Duration WARM_UP = Duration.ofSeconds(10);

	private static final Duration MEASUREMENT = Duration.ofSeconds(20);

	private DomainModelBenchmark() {
	}

	/**
	 * Run the measurements against the servers of {@link BenchmarkSettings}, and print
	 * the table.
	 * @param args not used
	 * @throws Exception if a server fails
	 */
	public static void main(String[] args) throws Exception {
		BenchmarkSettings settings = BenchmarkSettings.fromEnvironment();
		Dataset.create(settings);
		try (RawRedis redis = RawRedis.connect(settings);
				ConfigurableApplicationContext redisOnly = BenchmarkApplication.start(settings);
				ConfigurableApplicationContext near = BenchmarkApplication.start(settings,
						Map.of("write-through.caches.orders.near.max-entries", "10000"))) {
			try {
				PlainOrderRepository plain = redisOnly.getBean(PlainOrderRepository.class);
				CachedOrderRepository cached = redisOnly.getBean(CachedOrderRepository.class);
				CachedOrderRepository nearCached = near.getBean(CachedOrderRepository.class);
				TransactionTemplate readOnly = readOnly(redisOnly);
				TransactionTemplate nearReadOnly = readOnly(near);
				warmUp(cached);
				warmUp(nearCached);
				List<Row> rows = List.of(
						new Row("Order with its 10 lines, in a read-only transaction (JPA: fetch join)",
								(id) -> readOnly.executeWithoutResult(
										(status) -> plain.findWithLines(id).orElseThrow().getLines().size()),
								(id) -> readOnly.executeWithoutResult(
										(status) -> cached.findById(id).orElseThrow().getLines().size()),
								(id) -> nearReadOnly.executeWithoutResult(
										(status) -> nearCached.findById(id).orElseThrow().getLines().size())),
						new Row("Order only, lines not read, no transaction", (id) -> plain.findById(id).orElseThrow(),
								(id) -> cached.findById(id).orElseThrow(),
								(id) -> nearCached.findById(id).orElseThrow()),
						new Row("`findByEmail`, no transaction", (id) -> plain.findByEmail(email(id)).orElseThrow(),
								(id) -> cached.findByEmail(email(id)).orElseThrow(),
								(id) -> nearCached.findByEmail(email(id)).orElseThrow()));
				System.out.println("| Read | JPA p50 | Redis hit p50 | ÷ JPA | Near hit p50 | ÷ JPA | "
						+ "JPA p99 | Redis hit p99 | Near hit p99 |");
				System.out.println("|---|--:|--:|--:|--:|--:|--:|--:|--:|");
				for (Row row : rows) {
					long[][] times = interleave(row);
					double jpa = Percentiles.percentile(times[0], 0.5);
					System.out.printf("| %s | %s | %s | %.2f | %s | %.2f | %s | %s | %s |%n", row.name(),
							Percentiles.micros(times[0], 0.5), Percentiles.micros(times[1], 0.5),
							Percentiles.percentile(times[1], 0.5) / jpa, Percentiles.micros(times[2], 0.5),
							Percentiles.percentile(times[2], 0.5) / jpa, Percentiles.micros(times[0], 0.99),
							Percentiles.micros(times[1], 0.99), Percentiles.micros(times[2], 0.99));
				}
			}
			finally {
				redis.deleteBenchmarkKeys();
			}
		}
		finally {
			Dataset.drop(settings);
		}
	}

	private static TransactionTemplate readOnly(ConfigurableApplicationContext context) {
		TransactionTemplate template = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
		template.setReadOnly(true);
		return template;
	}

	private static String email(long id) {
		return "buyer" + id + "@example.com";
	}

	/**
	 * Fill every order's entry, and every email's index entry.
	 */
	private static void warmUp(CachedOrderRepository orders) {
		orders.findAllById(LongStream.rangeClosed(1, Dataset.ORDERS).boxed().toList());
		for (long id = 1; id <= Dataset.ORDERS; id++) {
			orders.findByEmail(email(id));
			orders.findByEmail(email(id));
		}
	}

	/**
	 * Time the three ways of a row in turns, 100 reads of random orders each, on one
	 * thread.
	 */
	private static long[][] interleave(Row row) {
		List<List<Long>> times = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		List<LongConsumer> reads = List.of(row.jpa(), row.cache(), row.near());
		long warmUpEnd = System.nanoTime() + WARM_UP.toNanos();
		long end = warmUpEnd + MEASUREMENT.toNanos();
		while (System.nanoTime() < end) {
			boolean measured = System.nanoTime() > warmUpEnd;
			for (int way = 0; way < reads.size(); way++) {
				for (int i = 0; i < 100; i++) {
					long id = ThreadLocalRandom.current().nextLong(1, Dataset.ORDERS + 1);
					long start = System.nanoTime();
					reads.get(way).accept(id);
					if (measured) {
						times.get(way).add(System.nanoTime() - start);
					}
				}
			}
		}
		return new long[][] { Percentiles.sorted(times.get(0)), Percentiles.sorted(times.get(1)),
				Percentiles.sorted(times.get(2)) };
	}

	/**
	 * One read, made through JPA, the starter with Redis, and the starter with a near
	 * tier.
	 */
	private record Row(String name, LongConsumer jpa, LongConsumer cache, LongConsumer near) {

	}

}
