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

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.cache.NearCache;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The near tier against Redis hits of the same entities, in one run: latency of a hit in
 * each, near hits per second at 1, 2 and 4 threads, bytes allocated per hit, and the
 * delay from a commit on one instance to the removal of its entry from another's near
 * tier and to that instance reading the new state. Prints Markdown tables.
 *
 * @author Write-Through contributors
 */
public final class NearCacheBenchmark {

	private static final Duration WARM_UP = Duration.ofSeconds(10);

	private static final Duration MEASUREMENT = Duration.ofSeconds(20);

	private static final Duration THROUGHPUT_RUN = Duration.ofSeconds(5);

	private static final int WRITES = 300;

	private static final int ALLOCATION_READS = 200_000;

	private NearCacheBenchmark() {
	}

	/**
	 * Run the measurements against the servers of {@link BenchmarkSettings}, and print
	 * the tables.
	 * @param args not used
	 * @throws Exception if a server fails
	 */
	public static void main(String[] args) throws Exception {
		BenchmarkSettings settings = BenchmarkSettings.fromEnvironment();
		Dataset.create(settings);
		Map<String, Object> near = Map.of("write-through.caches.items.near.max-entries", "10000",
				"write-through.caches.items.near.max-staleness", "1s");
		try (RawRedis redis = RawRedis.connect(settings);
				ConfigurableApplicationContext redisOnly = BenchmarkApplication.start(settings);
				ConfigurableApplicationContext first = BenchmarkApplication.start(settings, near);
				ConfigurableApplicationContext second = BenchmarkApplication.start(settings, near)) {
			try {
				CachedItemRepository fromRedis = redisOnly.getBean(CachedItemRepository.class);
				CachedItemRepository fromNear = first.getBean(CachedItemRepository.class);
				NearCache firstNear = near(first);
				warmUp(fromRedis, fromNear, firstNear);
				long[][] hits = interleave(fromRedis, fromNear);
				System.out.println("| Read | p50 | p99 | Samples |");
				System.out.println("|---|--:|--:|--:|");
				System.out.printf("| `findById`, Redis hit | %s | %s | %,d |%n", Percentiles.micros(hits[0], 0.5),
						Percentiles.micros(hits[0], 0.99), hits[0].length);
				System.out.printf("| `findById`, near hit | %.2f µs | %.2f µs | %,d |%n",
						hits[1].length == 0 ? 0 : Percentiles.percentile(hits[1], 0.5) / 1000.0,
						Percentiles.percentile(hits[1], 0.99) / 1000.0, hits[1].length);
				System.out.printf("%nRedis hit p50 ÷ near hit p50: %.0f×%n%n",
						(double) Percentiles.percentile(hits[0], 0.5) / Percentiles.percentile(hits[1], 0.5));
				System.out.println("| Threads | Near hits per second | Per thread | × 1 thread |");
				System.out.println("|--:|--:|--:|--:|");
				double single = 0;
				for (int threads : new int[] { 1, 2, 4 }) {
					double perSecond = throughput(fromNear, threads);
					single = (threads == 1) ? perSecond : single;
					System.out.printf("| %d | %,.0f | %,.0f | %.2f |%n", threads, perSecond, perSecond / threads,
							perSecond / single);
				}
				System.out.printf("%nBytes allocated per `findById`: near hit %,d, Redis hit %,d%n%n",
						allocation(fromNear), allocation(fromRedis));
				printInvalidation(fromNear, second.getBean(CachedItemRepository.class), near(second));
				System.out.printf("%nNear tier after the run: %,d hits, %,d misses, %,d invalidations, %,d flushes%n",
						firstNear.hits(), firstNear.misses(), firstNear.invalidations(), firstNear.flushes());
			}
			finally {
				redis.deleteBenchmarkKeys();
			}
		}
		finally {
			Dataset.drop(settings);
		}
	}

	private static NearCache near(ConfigurableApplicationContext context) {
		return context.getBean(EntityCaches.class).get(CachedItemRepository.CACHE_NAME).near();
	}

	/**
	 * Read every row through both until the near tier answers them all.
	 */
	private static void warmUp(CachedItemRepository fromRedis, CachedItemRepository fromNear, NearCache near)
			throws InterruptedException {
		List<Long> ids = new ArrayList<>();
		for (long id = 1; id <= Dataset.READ_ROWS; id++) {
			ids.add(id);
		}
		fromRedis.findAllById(ids);
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			long hits = near.hits();
			fromNear.findAllById(ids);
			if (near.hits() - hits == ids.size()) {
				return;
			}
			TimeUnit.MILLISECONDS.sleep(50);
		}
		throw new IllegalStateException("The near tier did not answer within 30 s");
	}

	/**
	 * Time Redis hits and near hits in turns, 100 of each, on one thread.
	 */
	private static long[][] interleave(CachedItemRepository fromRedis, CachedItemRepository fromNear) {
		List<Long> redisTimes = new ArrayList<>();
		List<Long> nearTimes = new ArrayList<>();
		long warmUpEnd = System.nanoTime() + WARM_UP.toNanos();
		long end = warmUpEnd + MEASUREMENT.toNanos();
		while (System.nanoTime() < end) {
			boolean measured = System.nanoTime() > warmUpEnd;
			timeHits(fromRedis, measured ? redisTimes : null);
			timeHits(fromNear, measured ? nearTimes : null);
		}
		return new long[][] { Percentiles.sorted(redisTimes), Percentiles.sorted(nearTimes) };
	}

	/**
	 * Time 100 reads of random rows, keeping the times where a list is given.
	 */
	private static void timeHits(CachedItemRepository items, @Nullable List<Long> times) {
		for (int i = 0; i < 100; i++) {
			long id = Dataset.randomReadId();
			long start = System.nanoTime();
			items.findById(id).orElseThrow();
			long time = System.nanoTime() - start;
			if (times != null) {
				times.add(time);
			}
		}
	}

	private static double throughput(CachedItemRepository fromNear, int threads) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		AtomicBoolean measuring = new AtomicBoolean();
		AtomicBoolean running = new AtomicBoolean(true);
		List<Future<Long>> counts = new ArrayList<>();
		for (int thread = 0; thread < threads; thread++) {
			counts.add(executor.submit(() -> {
				long reads = 0;
				while (running.get()) {
					fromNear.findById(Dataset.randomReadId()).orElseThrow();
					if (measuring.get()) {
						reads++;
					}
				}
				return reads;
			}));
		}
		TimeUnit.SECONDS.sleep(2);
		measuring.set(true);
		long start = System.nanoTime();
		TimeUnit.NANOSECONDS.sleep(THROUGHPUT_RUN.toNanos());
		measuring.set(false);
		long elapsed = System.nanoTime() - start;
		running.set(false);
		long reads = 0;
		for (Future<Long> count : counts) {
			reads += count.get();
		}
		executor.shutdown();
		return reads * 1e9 / elapsed;
	}

	private static long allocation(CachedItemRepository items) {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		for (int i = 0; i < ALLOCATION_READS; i++) {
			items.findById(Dataset.randomReadId()).orElseThrow();
		}
		long before = threads.getCurrentThreadAllocatedBytes();
		for (int i = 0; i < ALLOCATION_READS; i++) {
			items.findById(Dataset.randomReadId()).orElseThrow();
		}
		return (threads.getCurrentThreadAllocatedBytes() - before) / ALLOCATION_READS;
	}

	/**
	 * Save on one instance while the other reads the row without pause: time from the
	 * commit's return to the removal of the entry from the reader's near tier, and to the
	 * reader's first read of the new state.
	 */
	private static void printInvalidation(CachedItemRepository writer, CachedItemRepository reader, NearCache near)
			throws Exception {
		long id = Dataset.CACHED_WRITE_ID;
		CachedItem item = writer.findById(id).orElseThrow();
		List<Long> toRemoval = new ArrayList<>();
		List<Long> toNewState = new ArrayList<>();
		for (int write = 0; write < WRITES; write++) {
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (System.nanoTime() < deadline) {
				long hits = near.hits();
				reader.findById(id).orElseThrow();
				if (near.hits() > hits) {
					break;
				}
				TimeUnit.MILLISECONDS.sleep(1);
			}
			item.touch(write);
			long invalidations = near.invalidations();
			item = writer.save(item);
			long committed = System.nanoTime();
			long removed = 0;
			while (true) {
				if (removed == 0 && near.invalidations() > invalidations) {
					removed = System.nanoTime() - committed;
				}
				if (item.getVersion().equals(reader.findById(id).orElseThrow().getVersion())) {
					toNewState.add(System.nanoTime() - committed);
					toRemoval.add((removed != 0) ? removed : System.nanoTime() - committed);
					break;
				}
			}
			TimeUnit.MILLISECONDS.sleep(10);
		}
		long[] removal = Percentiles.sorted(toRemoval);
		long[] newState = Percentiles.sorted(toNewState);
		System.out.println("| From a commit on instance A to | p50 | p99 | max | Writes |");
		System.out.println("|---|--:|--:|--:|--:|");
		System.out.printf("| its entry removed from B's near tier | %s | %s | %s | %,d |%n",
				Percentiles.micros(removal, 0.5), Percentiles.micros(removal, 0.99), Percentiles.micros(removal, 1),
				removal.length);
		System.out.printf("| B reading the new state | %s | %s | %s | %,d |%n", Percentiles.micros(newState, 0.5),
				Percentiles.micros(newState, 0.99), Percentiles.micros(newState, 1), newState.length);
	}

}
