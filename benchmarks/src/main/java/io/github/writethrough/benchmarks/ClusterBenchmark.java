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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.github.writethrough.cache.CacheStatistics;
import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.test.TestRedisCluster;
import io.github.writethrough.test.TestServers;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The starter on a Redis Cluster of three masters with a replica each, against one Redis
 * server: hits, saves and {@code findAllById(100)} of two applications taking turns on
 * one thread; then, on the cluster, reads of keys on two masters while the third is
 * killed. Prints Markdown tables.
 *
 * @author Write-Through contributors
 */
public final class ClusterBenchmark {

	private static final Duration WARM_UP = Duration.ofSeconds(5);

	private static final Duration MEASUREMENT = Duration.ofSeconds(15);

	private static final int READERS = 4;

	private ClusterBenchmark() {
	}

	/**
	 * Run the measurements against the servers of {@link BenchmarkSettings} and a cluster
	 * of test-support, and print the tables.
	 * @param args not used
	 * @throws Exception if a server fails
	 */
	public static void main(String[] args) throws Exception {
		BenchmarkSettings settings = BenchmarkSettings.fromEnvironment();
		TestRedisCluster cluster = TestServers.redisCluster()
			.orElseThrow(() -> new IllegalStateException("No redis-server on the PATH"));
		Dataset.create(settings);
		try (RawRedis redis = RawRedis.connect(settings);
				ConfigurableApplicationContext single = BenchmarkApplication.start(settings);
				ConfigurableApplicationContext clustered = BenchmarkApplication.start(settings,
						Map.of("spring.data.redis.cluster.nodes", String.join(",", cluster.nodes())),
						ReadResults.class)) {
			try {
				CachedItemRepository onOne = single.getBean(CachedItemRepository.class);
				CachedItemRepository onCluster = clustered.getBean(CachedItemRepository.class);
				List<Long> readIds = new ArrayList<>();
				for (long id = 1; id <= Dataset.READ_ROWS; id++) {
					readIds.add(id);
				}
				onOne.findAllById(readIds);
				onCluster.findAllById(readIds);
				printSteadyState(interleave(onOne, onCluster));
				printFailover(failover(cluster, clustered, readIds));
			}
			finally {
				redis.deleteBenchmarkKeys();
			}
		}
		finally {
			Dataset.drop(settings);
		}
	}

	private static Map<String, long[]> interleave(CachedItemRepository onOne, CachedItemRepository onCluster) {
		CachedItem[] items = { onOne.findById(Dataset.CACHED_WRITE_ID).orElseThrow(),
				onCluster.findById(Dataset.UNAWAITED_WRITE_ID).orElseThrow() };
		CachedItemRepository[] repositories = { onOne, onCluster };
		String[] sides = { "one server", "cluster" };
		Map<String, List<Long>> times = new LinkedHashMap<>();
		long counter = 0;
		long warmUpEnd = System.nanoTime() + WARM_UP.toNanos();
		long end = warmUpEnd + MEASUREMENT.toNanos();
		while (System.nanoTime() < end) {
			for (int i = 0; i < 2; i++) {
				CachedItemRepository repository = repositories[i];
				long id = Dataset.randomReadId();
				time(times, "`findById` hit, " + sides[i], warmUpEnd, () -> repository.findById(id).orElseThrow());
				items[i].touch(counter++);
				CachedItem item = items[i];
				items[i] = time(times, "`save` + commit, " + sides[i], warmUpEnd, () -> repository.save(item));
				List<Long> batch = new ArrayList<>();
				long first = 1 + new Random(counter).nextInt(Dataset.READ_ROWS - 100);
				for (long batchId = first; batchId < first + 100; batchId++) {
					batch.add(batchId);
				}
				time(times, "`findAllById(100)`, all hits, " + sides[i], warmUpEnd,
						() -> repository.findAllById(batch));
			}
		}
		Map<String, long[]> sorted = new LinkedHashMap<>();
		times
			.forEach((name, values) -> sorted.put(name, values.stream().mapToLong(Long::longValue).sorted().toArray()));
		return sorted;
	}

	private static <T> T time(Map<String, List<Long>> times, String name, long warmUpEnd, Supplier<T> operation) {
		long start = System.nanoTime();
		T result = operation.get();
		long time = System.nanoTime() - start;
		if (start > warmUpEnd) {
			times.computeIfAbsent(name, (key) -> new ArrayList<>()).add(time);
		}
		return result;
	}

	/**
	 * Read keys of all three masters from several threads while one master is killed, and
	 * count, second by second, how many reads of keys on the two others Redis answered.
	 */
	private static Failover failover(TestRedisCluster cluster, ConfigurableApplicationContext context,
			List<Long> readIds) throws Exception {
		CachedItemRepository items = context.getBean(CachedItemRepository.class);
		List<String> keys = readIds.stream().map(ClusterBenchmark::entryKey).toList();
		List<Integer> masters = cluster.mastersOf(keys);
		int killed = cluster.masterOf(entryKey(Dataset.UNAWAITED_WRITE_ID));
		List<Long> elsewhere = new ArrayList<>();
		List<Long> onKilled = new ArrayList<>();
		for (int i = 0; i < readIds.size(); i++) {
			((masters.get(i) != killed) ? elsewhere : onKilled).add(readIds.get(i));
		}
		AtomicBoolean running = new AtomicBoolean(true);
		ConcurrentLinkedQueue<long[]> reads = new ConcurrentLinkedQueue<>();
		ExecutorService executor = Executors.newFixedThreadPool(READERS + 2);
		List<Future<?>> readers = new ArrayList<>();
		for (int reader = 0; reader < READERS; reader++) {
			Random random = new Random(reader);
			readers.add(executor.submit(() -> {
				while (running.get()) {
					long start = System.nanoTime();
					items.findById(elsewhere.get(random.nextInt(elsewhere.size()))).orElseThrow();
					reads.add(new long[] { start, System.nanoTime() - start, ReadResults.last.get() ? 1 : 0 });
				}
			}));
		}
		Random random = new Random(READERS);
		readers.add(executor.submit(() -> {
			while (running.get()) {
				items.findById(onKilled.get(random.nextInt(onKilled.size()))).orElseThrow();
			}
		}));
		CacheStatistics statistics = context.getBean(EntityCaches.class)
			.get(CachedItemRepository.CACHE_NAME)
			.statistics();
		ConcurrentLinkedQueue<long[]> saves = new ConcurrentLinkedQueue<>();
		readers.add(executor.submit(() -> {
			CachedItem item = items.findById(Dataset.UNAWAITED_WRITE_ID).orElseThrow();
			long counter = 0;
			while (running.get()) {
				item.touch(counter++);
				long failedBefore = statistics.failedUpdates();
				long start = System.nanoTime();
				item = items.save(item);
				saves.add(new long[] { start, (statistics.failedUpdates() > failedBefore) ? 0 : 1 });
				TimeUnit.MILLISECONDS.sleep(20);
			}
			return null;
		}));
		long started = System.nanoTime();
		long killedAt = 0;
		long healthyAt = 0;
		for (int second = 0; second < 20; second++) {
			if (second == 5) {
				cluster.kill(killed);
				killedAt = System.nanoTime();
			}
			TimeUnit.SECONDS.sleep(1);
			if (killedAt != 0 && healthyAt == 0 && isHealthy(cluster)) {
				healthyAt = System.nanoTime();
			}
		}
		running.set(false);
		for (Future<?> reader : readers) {
			reader.get();
		}
		executor.shutdown();
		cluster.restart(killed);
		cluster.awaitHealthy(Duration.ofSeconds(30));
		List<long[]> seconds = new ArrayList<>();
		for (int second = 0; second < 20; second++) {
			seconds.add(new long[2]);
		}
		List<Long> latencies = new ArrayList<>();
		long windowEnd = (healthyAt != 0) ? healthyAt : System.nanoTime();
		for (long[] read : reads) {
			int second = (int) ((read[0] - started) / 1_000_000_000L);
			if (second < seconds.size()) {
				seconds.get(second)[(int) (1 - read[2])]++;
			}
			if (read[0] >= killedAt && read[0] <= windowEnd) {
				latencies.add(read[1]);
			}
		}
		Collections.sort(latencies);
		long firstAppliedSave = -1;
		boolean failedSince = false;
		for (long[] save : saves) {
			if (save[0] >= killedAt && save[1] == 0) {
				failedSince = true;
			}
			if (failedSince && save[1] == 1) {
				firstAppliedSave = save[0] - killedAt;
				break;
			}
		}
		return new Failover(seconds, latencies, elsewhere.size(), killedAt - started,
				(healthyAt != 0) ? healthyAt - killedAt : -1, firstAppliedSave);
	}

	private static boolean isHealthy(TestRedisCluster cluster) {
		try {
			cluster.awaitHealthy(Duration.ZERO);
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	private static String entryKey(long id) {
		return BenchmarkSettings.KEY_PREFIX + ":" + CachedItemRepository.CACHE_NAME + ":" + id;
	}

	private static void printSteadyState(Map<String, long[]> times) {
		System.out.println("| Operation | p50 | p99 | Samples |");
		System.out.println("|---|--:|--:|--:|");
		times.forEach((name, sorted) -> System.out.printf("| %s | %s | %s | %,d |%n", name,
				Percentiles.micros(sorted, 0.5), Percentiles.micros(sorted, 0.99), sorted.length));
		times.forEach((name, sorted) -> {
			if (name.endsWith(", cluster")) {
				long[] oneServer = times.get(name.replace(", cluster", ", one server"));
				System.out.printf("%s p50, cluster ÷ one server: %.2f%n",
						name.substring(0, name.length() - ", cluster".length()),
						(double) Percentiles.percentile(sorted, 0.5) / Percentiles.percentile(oneServer, 0.5));
			}
		});
	}

	private static void printFailover(Failover failover) {
		System.out.printf(
				"%nReads of %d keys on the two other masters, %d threads, beside a thread that reads keys of the third "
						+ "and one that saves a row of it every 20 ms; the third master killed at %.1f s, "
						+ "cluster healthy again %.1f s later%n",
				failover.keys(), READERS, failover.killedAfter() / 1e9, failover.healthyAfter() / 1e9);
		System.out.println("| Second | Reads | Answered by Redis |");
		System.out.println("|--:|--:|--:|");
		for (int second = 0; second < failover.seconds().size(); second++) {
			long[] counts = failover.seconds().get(second);
			long total = counts[0] + counts[1];
			System.out.printf("| %d | %,d | %s |%n", second + 1, total,
					(total > 0) ? String.format("%.0f %%", 100.0 * counts[0] / total) : "");
		}
		long[] latencies = failover.latencies().stream().mapToLong(Long::longValue).toArray();
		System.out.printf("%nReads from the kill until the cluster was healthy: %,d, p50 %s, p99 %s%n",
				latencies.length, Percentiles.micros(latencies, 0.5), Percentiles.micros(latencies, 0.99));
		System.out.printf("First save of a row on the killed master that Redis took at once, after the kill: %.1f s%n",
				failover.firstAppliedSave() / 1e9);
	}

	/**
	 * Remembers, per thread, whether the cache answered the thread's last read.
	 */
	static class ReadResults {

		static final ThreadLocal<Boolean> last = ThreadLocal.withInitial(() -> false);

		@Bean
		ObservationRegistry observationRegistry() {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new ObservationHandler<>() {

				@Override
				public boolean supportsContext(Observation.Context context) {
					return context.getName().equals("writethrough.read");
				}

				@Override
				public void onStop(Observation.Context context) {
					KeyValue result = context.getLowCardinalityKeyValue("result");
					last.set(result != null && result.getValue().equals("hit"));
				}

			});
			return registry;
		}

	}

	private record Failover(List<long[]> seconds, List<Long> latencies, int keys, long killedAfter, long healthyAfter,
			long firstAppliedSave) {

	}

}
