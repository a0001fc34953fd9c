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

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.profile.JavaFlightRecorderProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * Runs every benchmark in one go and writes {@code docs/BENCHMARKS.md} and its chart:
 * prepares the schema and the caches, counts Redis round trips, runs
 * {@code redis-benchmark}, runs the JMH benchmarks (one fork each), profiles the
 * benchmarks behind missed targets, and cleans up the schema and the keys.
 * <p>
 * System properties: {@code benchmarks.include} (a regular expression on
 * {@code Class.method}, default all), {@code benchmarks.quick} (very short iterations,
 * for trying the harness out), {@code benchmarks.docs} (where to write the report).
 *
 * @author Write-Through contributors
 */
public final class BenchmarkRunner {

	private static final String PACKAGE = BenchmarkRunner.class.getPackageName() + ".";

	/**
	 * The single-thread benchmarks, grouped so that each runs right after its floor: the
	 * machine's load drifts less between them.
	 */
	private static final List<List<String>> LATENCY_GROUPS = List.of(
			List.of(Results.RAW_GET, Results.HIT, Results.PEER_HIT, Results.JPA_FIND),
			List.of(Results.MISS, Results.PEER_MISS),
			List.of(Results.JPA_SAVE, Results.SAVE, Results.SAVE_UNAWAITED, Results.PEER_SAVE),
			List.of(Results.RAW_SET_100, Results.JPA_SAVE_ALL, Results.SAVE_ALL),
			List.of(Results.JPA_FIND_ALL, Results.FIND_ALL));

	static final long PROXY_DELAY_MILLIS = 2;

	private static final List<String> INTERLEAVED = List.of("InterleavedBenchmarks.reads",
			"InterleavedBenchmarks.writes", "InterleavedBenchmarks.batches");

	private static final String[] FORK_JVM_ARGS = { "-Xms1g", "-Xmx1g" };

	private final BenchmarkSettings settings;

	private final Pattern include;

	private final Timing timing;

	private final Results results = new Results();

	private int forks;

	private BenchmarkRunner(BenchmarkSettings settings, Pattern include, Timing timing) {
		this.settings = settings;
		this.include = include;
		this.timing = timing;
	}

	public static void main(String[] args) throws Exception {
		long started = System.nanoTime();
		System.setProperty("java.awt.headless", "true");
		Pattern include = Pattern.compile(System.getProperty("benchmarks.include", ".*"));
		Timing timing = Boolean.getBoolean("benchmarks.quick") ? Timing.QUICK : Timing.FULL;
		Path docs = Path.of(System.getProperty("benchmarks.docs", "../docs")).toAbsolutePath().normalize();
		BenchmarkSettings settings = BenchmarkSettings.fromEnvironment();
		BenchmarkRunner runner = new BenchmarkRunner(settings, include, timing);
		try (ClasspathSnapshot snapshot = ClasspathSnapshot.take(); RawRedis redis = RawRedis.connect(settings)) {
			Map<String, String> machine = Machine.describe(settings, redis);
			redis.deleteBenchmarkKeys();
			Dataset.create(settings);
			try {
				runner.run(redis);
				runner.results.elapsedSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
				new Report(runner.results, machine, runner.describeRun()).write(docs);
				System.out.println("Wrote " + docs.resolve("BENCHMARKS.md") + " and " + docs.resolve(Report.IMAGE));
			}
			finally {
				cleanUp(redis, settings);
			}
		}
		System.out.println("Benchmarks took " + format(Duration.ofNanos(System.nanoTime() - started)));
	}

	private static void cleanUp(RawRedis redis, BenchmarkSettings settings) {
		try {
			Dataset.drop(settings);
		}
		catch (RuntimeException ex) {
			System.err.println("Could not drop schema " + BenchmarkSettings.SCHEMA + ": " + ex.getMessage());
		}
		try {
			redis.deleteBenchmarkKeys();
		}
		catch (RuntimeException ex) {
			System.err.println("Could not delete the keys " + BenchmarkSettings.KEY_PREFIX + "*: " + ex.getMessage());
		}
	}

	private void run(RawRedis redis) throws Exception {
		prepare(redis);
		countRoundTrips(redis);
		runRedisBenchmark(redis, true);
		for (List<String> group : LATENCY_GROUPS) {
			for (RunResult result : jmh(group.stream().filter(this::included).toList(), Mode.SampleTime, 1,
					this.timing.sample(), true)) {
				Measurement measurement = measurement(result);
				this.results.latencies.put(measurement.benchmark(), measurement);
			}
		}
		runInterleaved();
		for (int threads : Results.READ_THREADS) {
			List<String> readers = (threads == 32) ? List.of(Results.HIT, Results.PEER_HIT, Results.RAW_GET)
					: List.of(Results.HIT);
			for (RunResult result : jmh(readers.stream().filter(this::included).toList(), Mode.Throughput, threads,
					this.timing.throughput(), false)) {
				this.results.addThroughput(measurement(result));
			}
		}
		runRedisBenchmark(redis, false);
		profileMissedTargets();
	}

	/**
	 * Run the comparisons interleaved in one fork each, and read the percentiles their
	 * forks wrote.
	 */
	private void runInterleaved() throws RunnerException, IOException {
		List<String> benchmarks = INTERLEAVED.stream().filter(this::included).toList();
		Path directory = Files.createTempDirectory("write-through-interleaved-");
		try {
			jmh(benchmarks, Mode.SampleTime, 1, this.timing.interleaved(), false, null, "",
					"-D" + Interleaving.DIRECTORY_PROPERTY + "=" + directory);
			for (Path file : listFiles(directory)) {
				Properties percentiles = new Properties();
				try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
					percentiles.load(in);
				}
				for (String name : percentiles.stringPropertyNames()) {
					if (name.endsWith(".p50")) {
						String operation = name.substring(0, name.length() - ".p50".length());
						this.results.interleaved.put(operation,
								new Results.Interleaved(Double.parseDouble(percentiles.getProperty(name)),
										Double.parseDouble(percentiles.getProperty(operation + ".p99")),
										Long.parseLong(percentiles.getProperty(operation + ".n"))));
					}
				}
			}
		}
		finally {
			FileSystemUtils.deleteRecursively(directory);
		}
	}

	private static List<Path> listFiles(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.sorted().toList();
		}
	}

	/**
	 * Fill both caches and measure the entry, in an application of its own.
	 */
	private void prepare(RawRedis redis) {
		System.out.println("Filling the caches");
		try (ConfigurableApplicationContext context = BenchmarkApplication.start(this.settings)) {
			CachedItemRepository cached = context.getBean(CachedItemRepository.class);
			PeerItemService peer = context.getBean(PeerItemService.class);
			for (long id = 1; id <= Dataset.READ_ROWS; id++) {
				cached.findById(id);
				peer.findById(id);
			}
		}
		this.results.entrySize = Objects.requireNonNull(redis.sync().strlen(RawRedis.entryKey(1))).intValue();
	}

	/**
	 * Count the Redis commands and round trips of each operation, in an application that
	 * reaches Redis through a proxy that delays every reply by
	 * {@value #PROXY_DELAY_MILLIS} ms.
	 */
	private void countRoundTrips(RawRedis redis) throws Exception {
		System.out.println("Counting Redis round trips");
		try (DelayingProxy proxy = DelayingProxy.start(this.settings, PROXY_DELAY_MILLIS);
				ConfigurableApplicationContext context = BenchmarkApplication
					.start(this.settings.withRedis("127.0.0.1", proxy.port()))) {
			CachedItemRepository cached = context.getBean(CachedItemRepository.class);
			ItemRepository plain = context.getBean(ItemRepository.class);
			PeerItemService peer = context.getBean(PeerItemService.class);
			TransactionTemplate transactions = new TransactionTemplate(
					context.getBean(PlatformTransactionManager.class));
			LettuceConnectionFactory connectionFactory = context.getBean(LettuceConnectionFactory.class);
			RoundTrips roundTrips = new RoundTrips();
			connectionFactory.getRequiredNativeClient().addListener(roundTrips);
			connectionFactory.resetConnection();
			AtomicReference<CachedItem> cachedItem = new AtomicReference<>(
					load(transactions, () -> cached.findById(Dataset.CACHED_WRITE_ID).orElseThrow()));
			long[] counter = { 0 };
			Runnable save = () -> {
				cachedItem.get().touch(counter[0]++);
				cachedItem.set(cached.save(cachedItem.get()));
			};
			save.run();
			Map<String, RoundTrips.Counts> counts = this.results.roundTrips;
			counts.put(Results.HIT, roundTrips.measure(() -> cached.findById(Dataset.randomReadId()), 100));
			counts.put(Results.MISS, roundTrips.measure(() -> {
				long id = Dataset.randomReadId();
				redis.sync().del(RawRedis.entryKey(id));
				cached.findById(id);
			}, 50));
			counts.put(Results.FIND_ALL, roundTrips.measure(() -> cached.findAllById(Fixture.randomReadWindow()), 20));
			counts.put(Results.SAVE, roundTrips.measure(save, 50));
			counts.put(Results.SAVE_ALL, roundTrips.measure(() -> transactions.executeWithoutResult((status) -> {
				List<CachedItem> items = cached.findAllById(Dataset.CACHED_BATCH_IDS);
				items.forEach((each) -> each.touch(counter[0]++));
				cached.saveAll(items);
			}), 20));
			counts.put(Results.PEER_HIT, roundTrips.measure(() -> peer.findById(Dataset.randomReadId()), 100));
			AtomicReference<Item> item = new AtomicReference<>(
					load(transactions, () -> plain.findById(Dataset.PEER_WRITE_ID).orElseThrow()));
			counts.put(Results.PEER_SAVE, roundTrips.measure(() -> {
				item.get().touch(counter[0]++);
				item.set(peer.save(item.get()));
			}, 50));
			connectionFactory.getRequiredNativeClient().removeListener(roundTrips);
		}
	}

	private static <T> T load(TransactionTemplate transactions, Supplier<T> loader) {
		// read-write transaction: the starter steps aside and the row comes from the
		// database
		return Objects.requireNonNull(transactions.execute((status) -> loader.get()));
	}

	private void runRedisBenchmark(RawRedis redis, boolean single) {
		System.out.println("Running redis-benchmark");
		RedisBenchmarkTool tool = new RedisBenchmarkTool(this.settings);
		String key = new String(RawRedis.entryKey(1), StandardCharsets.UTF_8);
		int size = this.results.entrySize;
		int requests = this.timing.redisBenchmarkRequests();
		if (single) {
			keep("redis-benchmark -t get -c 1", tool.getTest(1, requests / 10, size));
			keep("redis-benchmark GET <entry> -c 1", tool.getKey(1, requests / 10, key));
		}
		keep("redis-benchmark -t get -c 32", tool.getTest(32, requests, size));
		keep("redis-benchmark GET <entry> -c 32", tool.getKey(32, requests, key));
	}

	/**
	 * Keep the faster of two runs of the same command: the stricter floor.
	 */
	private void keep(String name, RedisBenchmarkTool.Result result) {
		this.results.redisBenchmarks.merge(name, result,
				(first, second) -> (first.requestsPerSecond() >= second.requestsPerSecond()) ? first : second);
	}

	private void profileMissedTargets() throws RunnerException, IOException {
		Set<String> profiled = new LinkedHashSet<>();
		for (Results.Target target : this.results.targets()) {
			String benchmark = target.profiled();
			if (target.met() || !target.measured() || benchmark == null
					|| !profiled.add(benchmark + "@" + target.threads())) {
				continue;
			}
			List<String> missed = this.results.targets()
				.stream()
				.filter((other) -> benchmark.equals(other.profiled()) && other.threads() == target.threads()
						&& other.measured() && !other.met())
				.map(Results.Target::description)
				.toList();
			System.out.println("Profiling " + benchmark + " with " + target.threads() + " threads");
			Path recordings = Files.createTempDirectory("write-through-jfr-");
			try {
				jmh(List.of(benchmark), Mode.SampleTime, target.threads(), this.timing.profile(), false,
						JavaFlightRecorderProfiler.class,
						"dir=" + recordings + ";configName=" + flightRecorderSettings(recordings));
				this.results.profiles.put(benchmark + ", " + target.threads() + " thread"
						+ ((target.threads() > 1) ? "s" : "") + "; missed: " + String.join("; ", missed),
						JfrSummary.summarize(recordings));
			}
			finally {
				FileSystemUtils.deleteRecursively(recordings);
			}
		}
	}

	/**
	 * Return the JDK's {@code profile} Flight Recorder settings with Java methods sampled
	 * every millisecond instead of every 10 ms: the operations wait on the network most
	 * of the time, and a short run needs the finer sampling to say where their CPU time
	 * goes.
	 */
	private static String flightRecorderSettings(Path directory) throws IOException {
		Path profile = Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc");
		if (!Files.isReadable(profile)) {
			return "profile";
		}
		String settings = Files.readString(profile, StandardCharsets.UTF_8)
			.replaceAll("(?<setting>control=\"method-sampling-java-interval\">)[^<]*<", "${setting}1 ms<");
		Path file = directory.resolve("profile-1ms.jfc");
		Files.writeString(file, settings, StandardCharsets.UTF_8);
		return file.toString();
	}

	private Collection<RunResult> jmh(List<String> benchmarks, Mode mode, int threads, Iterations iterations,
			boolean gc) throws RunnerException {
		return jmh(benchmarks, mode, threads, iterations, gc, null, "");
	}

	private Collection<RunResult> jmh(List<String> benchmarks, Mode mode, int threads, Iterations iterations,
			boolean gc, @Nullable Class<? extends org.openjdk.jmh.profile.Profiler> profiler, String profilerOptions,
			String... jvmArgs) throws RunnerException {
		if (benchmarks.isEmpty()) {
			return List.of();
		}
		ChainedOptionsBuilder options = new OptionsBuilder().forks(1)
			.mode(mode)
			.threads(threads)
			.timeUnit((mode == Mode.Throughput) ? TimeUnit.SECONDS : TimeUnit.MICROSECONDS)
			.warmupIterations(iterations.warmups())
			.warmupTime(iterations.time())
			.measurementIterations(iterations.measurements())
			.measurementTime(iterations.time())
			.jvmArgs(FORK_JVM_ARGS)
			.jvmArgsAppend(jvmArgs)
			.shouldFailOnError(true);
		for (String benchmark : benchmarks) {
			options.include("^" + Pattern.quote(PACKAGE + benchmark) + "$");
		}
		if (gc) {
			options.addProfiler(GCProfiler.class);
		}
		if (profiler != null) {
			options.addProfiler(profiler, profilerOptions);
		}
		this.forks += benchmarks.size();
		return new Runner(options.build()).run();
	}

	private static Measurement measurement(RunResult result) {
		String benchmark = result.getParams().getBenchmark().substring(PACKAGE.length());
		int threads = result.getParams().getThreads();
		Result allocation = secondary(result, "gc.alloc.rate.norm");
		double allocated = (allocation != null) ? allocation.getScore() : Double.NaN;
		Statistics statistics = result.getPrimaryResult().getStatistics();
		if (result.getParams().getMode() == Mode.SampleTime) {
			return new Measurement(benchmark, threads, statistics.getPercentile(50), statistics.getPercentile(99),
					threads * 1_000_000 / statistics.getMean(), allocated, statistics.getN());
		}
		return new Measurement(benchmark, threads, Double.NaN, Double.NaN, result.getPrimaryResult().getScore(),
				allocated, statistics.getN());
	}

	private static @Nullable Result secondary(RunResult result, String label) {
		for (Map.Entry<String, Result> entry : result.getSecondaryResults().entrySet()) {
			if (entry.getKey().endsWith(label)) {
				return entry.getValue();
			}
		}
		return null;
	}

	private boolean included(String benchmark) {
		return this.include.matcher(benchmark).find();
	}

	private String describeRun() {
		Iterations sample = this.timing.sample();
		Iterations interleaved = this.timing.interleaved();
		return String.format("%s in all (%d JMH forks, one per benchmark and thread count; separate forks %d × %s "
				+ "warm-up and %d × %s measurement, interleaved forks %d × %s and %d × %s; the Maven build before it "
				+ "is not counted)", format(Duration.ofSeconds(this.results.elapsedSeconds)), this.forks,
				sample.warmups(), sample.time(), sample.measurements(), sample.time(), interleaved.warmups(),
				interleaved.time(), interleaved.measurements(), interleaved.time());
	}

	private static String format(Duration duration) {
		return duration.toMinutes() + " min " + duration.toSecondsPart() + " s";
	}

	/**
	 * Warm-up and measurement iterations of a JMH run.
	 *
	 * @param warmups warm-up iterations
	 * @param measurements measurement iterations
	 * @param time length of each iteration
	 */
	private record Iterations(int warmups, int measurements, TimeValue time) {

	}

	/**
	 * How long everything runs.
	 *
	 * @param sample the single-thread latency runs
	 * @param interleaved the interleaved comparisons
	 * @param throughput the concurrent read runs
	 * @param profile the profiling runs
	 * @param redisBenchmarkRequests requests of {@code redis-benchmark -c 32}
	 */
	private record Timing(Iterations sample, Iterations interleaved, Iterations throughput, Iterations profile,
			int redisBenchmarkRequests) {

		static final Timing FULL = new Timing(new Iterations(3, 5, TimeValue.seconds(1)),
				new Iterations(4, 8, TimeValue.seconds(1)), new Iterations(3, 5, TimeValue.seconds(1)),
				new Iterations(3, 4, TimeValue.seconds(1)), 300_000);

		static final Timing QUICK = new Timing(new Iterations(1, 2, TimeValue.milliseconds(300)),
				new Iterations(1, 2, TimeValue.milliseconds(300)), new Iterations(1, 2, TimeValue.milliseconds(300)),
				new Iterations(1, 2, TimeValue.milliseconds(300)), 50_000);

	}

}
