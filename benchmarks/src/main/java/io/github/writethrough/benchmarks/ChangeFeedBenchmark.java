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
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.writethrough.feed.ChangeFeed;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Measures the change feed: the committing thread's cost of {@code save} with the feed on
 * against off, in two applications whose saves take turns, and the lag from commit to
 * cache under write load. Prints a Markdown table for docs/BENCHMARKS.md.
 *
 * @author Write-Through contributors
 */
public final class ChangeFeedBenchmark {

	private static final String SLOT = "write_through_benchmarks";

	private static final Duration WARM_UP = Duration.ofSeconds(5);

	private static final Duration MEASUREMENT = Duration.ofSeconds(15);

	private static final int WRITERS = 4;

	private ChangeFeedBenchmark() {
	}

	/**
	 * Run the measurements against the servers of {@link BenchmarkSettings} and print the
	 * table.
	 * @param args not used
	 * @throws Exception if a server fails
	 */
	public static void main(String[] args) throws Exception {
		BenchmarkSettings settings = BenchmarkSettings.fromEnvironment();
		Dataset.create(settings);
		try (RawRedis redis = RawRedis.connect(settings)) {
			try (ConfigurableApplicationContext off = BenchmarkApplication.start(settings,
					Map.of("write-through.change-feed.enabled", "false"));
					ConfigurableApplicationContext on = BenchmarkApplication.start(settings,
							Map.of("write-through.change-feed.enabled", "true", "write-through.change-feed.slot-name",
									SLOT))) {
				ChangeFeed feed = on.getBean(ChangeFeed.class);
				while (!feed.status().isFollowing()) {
					TimeUnit.MILLISECONDS.sleep(20);
				}
				CachedItemRepository withoutFeed = off.getBean(CachedItemRepository.class);
				CachedItemRepository withFeed = on.getBean(CachedItemRepository.class);
				long[][] saves = commitCost(withoutFeed, withFeed);
				List<Long> lags = lag(feed, withFeed);
				print(saves, lags);
			}
			finally {
				dropSlot(settings);
				redis.deleteBenchmarkKeys();
			}
		}
		finally {
			Dataset.drop(settings);
		}
	}

	/**
	 * Saves of one row each through both applications, taking turns.
	 * @return the durations in nanoseconds, without and with the feed
	 */
	private static long[][] commitCost(CachedItemRepository withoutFeed, CachedItemRepository withFeed) {
		CachedItem[] items = { withoutFeed.findById(Dataset.CACHED_WRITE_ID).orElseThrow(),
				withFeed.findById(Dataset.UNAWAITED_WRITE_ID).orElseThrow() };
		CachedItemRepository[] repositories = { withoutFeed, withFeed };
		List<List<Long>> times = List.of(new ArrayList<>(), new ArrayList<>());
		long counter = 0;
		long warmUpEnd = System.nanoTime() + WARM_UP.toNanos();
		long end = warmUpEnd + MEASUREMENT.toNanos();
		while (System.nanoTime() < end) {
			for (int i = 0; i < 2; i++) {
				items[i].touch(counter++);
				long start = System.nanoTime();
				items[i] = repositories[i].save(items[i]);
				long time = System.nanoTime() - start;
				if (start > warmUpEnd) {
					times.get(i).add(time);
				}
			}
		}
		return new long[][] { Percentiles.sorted(times.get(0)), Percentiles.sorted(times.get(1)) };
	}

	/**
	 * Saves from several threads through the application with the feed, recording the lag
	 * of every transaction the feed applies.
	 */
	private static List<Long> lag(ChangeFeed feed, CachedItemRepository repository) throws Exception {
		ConcurrentLinkedQueue<Long> lags = new ConcurrentLinkedQueue<>();
		long warmUpEnd = System.nanoTime() + WARM_UP.toNanos();
		feed.status().onLag((lag) -> {
			if (System.nanoTime() > warmUpEnd) {
				lags.add(lag.toNanos());
			}
		});
		long end = warmUpEnd + MEASUREMENT.toNanos();
		ExecutorService executor = Executors.newFixedThreadPool(WRITERS);
		List<Future<?>> writers = new ArrayList<>();
		for (int writer = 0; writer < WRITERS; writer++) {
			writers.add(executor.submit(() -> {
				long counter = 0;
				while (System.nanoTime() < end) {
					CachedItem item = repository.findById(Dataset.randomReadId()).orElseThrow();
					item.touch(counter++);
					try {
						repository.save(item);
					}
					catch (RuntimeException ex) {
						// another writer changed the row first
					}
				}
			}));
		}
		for (Future<?> writer : writers) {
			writer.get();
		}
		executor.shutdown();
		TimeUnit.SECONDS.sleep(1);
		List<Long> sorted = new ArrayList<>(lags);
		Collections.sort(sorted);
		return sorted;
	}

	private static void print(long[][] saves, List<Long> lags) {
		System.out.println("| Measurement | p50 | p99 | Samples |");
		System.out.println("|---|--:|--:|--:|");
		System.out.printf("| save + commit, change feed off | %s | %s | %,d |%n", Percentiles.micros(saves[0], 0.5),
				Percentiles.micros(saves[0], 0.99), saves[0].length);
		System.out.printf("| save + commit, change feed on | %s | %s | %,d |%n", Percentiles.micros(saves[1], 0.5),
				Percentiles.micros(saves[1], 0.99), saves[1].length);
		long[] lag = lags.stream().mapToLong(Long::longValue).toArray();
		System.out.printf("| commit to cache, %d writers | %s | %s | %,d |%n", WRITERS, Percentiles.micros(lag, 0.5),
				Percentiles.micros(lag, 0.99), lag.length);
		System.out.printf("%nsave + commit p50, on ÷ off: %.2f%n",
				(double) Percentiles.percentile(saves[1], 0.5) / Percentiles.percentile(saves[0], 0.5));
	}

	private static void dropSlot(BenchmarkSettings settings) throws SQLException, InterruptedException {
		try (Connection connection = DriverManager.getConnection(settings.postgresUrl(), settings.postgresUsername(),
				settings.postgresPassword()); Statement statement = connection.createStatement()) {
			for (int attempt = 0; attempt < 50; attempt++) {
				try {
					statement.execute("select pg_drop_replication_slot('" + SLOT + "') from pg_replication_slots "
							+ "where slot_name = '" + SLOT + "'");
					break;
				}
				catch (SQLException ex) {
					// the feed's connection may not have closed yet
					TimeUnit.MILLISECONDS.sleep(100);
				}
			}
			statement.execute("drop publication if exists " + SLOT);
		}
	}

}
