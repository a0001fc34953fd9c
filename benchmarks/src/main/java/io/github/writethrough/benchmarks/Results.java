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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Everything one run measured, and the targets of issue 7 evaluated on it.
 *
 * @author Write-Through contributors
 */
final class Results {

	static final String RAW_GET = "FloorBenchmarks.redisGetAndDecode";

	static final String RAW_SET_100 = "FloorBenchmarks.redisSet100";

	static final String JPA_FIND = "FloorBenchmarks.jpaFindById";

	static final String JPA_FIND_ALL = "FloorBenchmarks.jpaFindAllById100";

	static final String JPA_SAVE = "FloorBenchmarks.jpaSave";

	static final String JPA_SAVE_ALL = "FloorBenchmarks.jpaSaveAll100";

	static final String HIT = "StarterBenchmarks.findByIdHit";

	static final String MISS = "StarterBenchmarks.findByIdMiss";

	static final String FIND_ALL = "StarterBenchmarks.findAllById100";

	static final String SAVE = "StarterBenchmarks.save";

	static final String SAVE_ALL = "StarterBenchmarks.saveAll100";

	static final String PEER_HIT = "PeerBenchmarks.cacheableHit";

	static final String PEER_MISS = "PeerBenchmarks.cacheableMiss";

	static final String PEER_SAVE = "PeerBenchmarks.cachePutSave";

	static final String SAVE_UNAWAITED = "StarterBenchmarks.saveUnawaited";

	/**
	 * The single-thread operations in report order, with their labels and floors.
	 */
	static final List<Operation> OPERATIONS = List.of(
			new Operation(RAW_GET, "Redis GET + Jackson decode", "floor", null),
			new Operation(JPA_FIND, "findById, JPA without cache", "floor", RAW_GET),
			new Operation(HIT, "findById hit", "starter", RAW_GET),
			new Operation(PEER_HIT, "findById hit (@Cacheable)", "peer", RAW_GET),
			new Operation(MISS, "findById miss", "starter", JPA_FIND),
			new Operation(PEER_MISS, "findById miss (@Cacheable)", "peer", JPA_FIND),
			new Operation(JPA_FIND_ALL, "findAllById(100), JPA without cache", "floor", null),
			new Operation(FIND_ALL, "findAllById(100), all hits", "starter", JPA_FIND_ALL),
			new Operation(JPA_SAVE, "save + commit, JPA without cache", "floor", null),
			new Operation(SAVE, "save + commit", "starter", JPA_SAVE),
			new Operation(SAVE_UNAWAITED, "save + commit, await-updates=false", "starter", JPA_SAVE),
			new Operation(PEER_SAVE, "save + commit (@CachePut)", "peer", JPA_SAVE),
			new Operation(RAW_SET_100, "100 sequential Redis SETs", "floor", null),
			new Operation(JPA_SAVE_ALL, "saveAll(100) + commit, JPA without cache", "floor", null),
			new Operation(SAVE_ALL, "saveAll(100) + commit", "starter", JPA_SAVE_ALL));

	/**
	 * Threads of the concurrent read runs.
	 */
	static final List<Integer> READ_THREADS = List.of(1, 8, 32);

	final Map<String, Measurement> latencies = new LinkedHashMap<>();

	final Map<String, Measurement> throughputs = new LinkedHashMap<>();

	final Map<String, Interleaved> interleaved = new LinkedHashMap<>();

	final Map<String, RoundTrips.Counts> roundTrips = new LinkedHashMap<>();

	final Map<String, RedisBenchmarkTool.Result> redisBenchmarks = new LinkedHashMap<>();

	final Map<String, String> profiles = new LinkedHashMap<>();

	int entrySize;

	long elapsedSeconds;

	@Nullable Measurement latency(String benchmark) {
		return this.latencies.get(benchmark);
	}

	@Nullable Measurement throughput(String benchmark, int threads) {
		return this.throughputs.get(benchmark + "@" + threads);
	}

	void addThroughput(Measurement measurement) {
		this.throughputs.put(measurement.benchmark() + "@" + measurement.threads(), measurement);
	}

	/**
	 * Return the p50 latency of an operation divided by its floor's: interleaved in one
	 * fork when both were, else from their separate forks.
	 * @param operation the operation
	 * @return the ratio, {@code NaN} when either was not measured
	 */
	double floorRatio(Operation operation) {
		return (operation.floor() != null) ? p50Ratio(operation.benchmark(), operation.floor()) : Double.NaN;
	}

	double p50Ratio(String benchmark, String floor) {
		boolean interleaved = interleaved(benchmark, floor);
		return p50(benchmark, interleaved) / p50(floor, interleaved);
	}

	/**
	 * Whether all the given operations were timed in interleaved forks; comparisons use
	 * those figures only then, never a mix.
	 * @param benchmarks the operations
	 * @return whether they were all interleaved
	 */
	boolean interleaved(String... benchmarks) {
		for (String benchmark : benchmarks) {
			if (!this.interleaved.containsKey(benchmark)) {
				return false;
			}
		}
		return true;
	}

	double p50(String benchmark, boolean interleaved) {
		return interleaved ? this.interleaved.get(benchmark).p50() : separateP50(benchmark);
	}

	double separateP50(String benchmark) {
		Measurement measurement = latency(benchmark);
		return (measurement != null) ? measurement.p50() : Double.NaN;
	}

	double separateRatio(Operation operation) {
		return (operation.floor() != null) ? separateP50(operation.benchmark()) / separateP50(operation.floor())
				: Double.NaN;
	}

	/**
	 * The cache's share of a {@code saveAll(100)}: its median minus the median of the
	 * same transaction without a cache.
	 * @return the share in microseconds
	 */
	double saveAllCacheShare() {
		boolean interleaved = interleaved(SAVE_ALL, JPA_SAVE_ALL, RAW_SET_100);
		return p50(SAVE_ALL, interleaved) - p50(JPA_SAVE_ALL, interleaved);
	}

	/**
	 * Return the time of 100 sequential {@code SET}s, from the same kind of fork as
	 * {@link #saveAllCacheShare()}.
	 * @return the p50 in microseconds
	 */
	double set100() {
		return p50(RAW_SET_100, interleaved(SAVE_ALL, JPA_SAVE_ALL, RAW_SET_100));
	}

	/**
	 * Return the faster {@code redis-benchmark} result at 32 connections: the stricter
	 * floor.
	 * @return requests per second
	 */
	double redisBenchmark32() {
		return this.redisBenchmarks.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().endsWith("-c 32"))
			.mapToDouble((entry) -> entry.getValue().requestsPerSecond())
			.max()
			.orElse(Double.NaN);
	}

	/**
	 * Return p99 ÷ p50 of an operation: interleaved when it was, else from its own fork.
	 * @param benchmark the operation
	 * @return the ratio, {@code NaN} when not measured
	 */
	double tailRatio(String benchmark) {
		Interleaved interleaved = this.interleaved.get(benchmark);
		if (interleaved != null) {
			return interleaved.p99() / interleaved.p50();
		}
		Measurement measurement = latency(benchmark);
		return (measurement != null) ? measurement.tailRatio() : Double.NaN;
	}

	double allocationBeyondEntity() {
		Measurement hit = latency(HIT);
		Measurement raw = latency(RAW_GET);
		return (hit != null && raw != null) ? hit.allocatedBytes() - raw.allocatedBytes() : Double.NaN;
	}

	List<Target> targets() {
		List<Target> targets = new ArrayList<>();
		targets.add(new Target("findById hit p50 ≤ 1.3 × raw GET + decode", p50Ratio(HIT, RAW_GET), 1.3, true,
				Target.Unit.RATIO, HIT, 1));
		targets.add(new Target("findById hit p50 ≤ 0.5 × JPA findById", p50Ratio(HIT, JPA_FIND), 0.5, true,
				Target.Unit.RATIO, HIT, 1));
		targets.add(new Target("findById hit p50 ≤ @Cacheable hit p50", p50Ratio(HIT, PEER_HIT), 1.0, true,
				Target.Unit.RATIO, HIT, 1));
		targets.add(new Target("save + commit p50 ≤ 1.15 × JPA save + commit", p50Ratio(SAVE, JPA_SAVE), 1.15, true,
				Target.Unit.RATIO, SAVE, 1));
		targets.add(new Target("save + commit p50 ≤ 1.15 × JPA save + commit, with await-updates=false",
				p50Ratio(SAVE_UNAWAITED, JPA_SAVE), 1.15, true, Target.Unit.RATIO, SAVE_UNAWAITED, 1));
		RoundTrips.Counts save = this.roundTrips.get(SAVE);
		targets.add(new Target("save + commit: one Redis round trip per transaction",
				(save != null) ? save.roundTrips() : Double.NaN, 1.0, true, Target.Unit.COUNT, null, 1));
		targets.add(new Target("saveAll(100): cache share ≤ 0.25 × 100 sequential SETs", saveAllCacheShare() / set100(),
				0.25, true, Target.Unit.RATIO, SAVE_ALL, 1));
		Measurement reads32 = throughput(HIT, 32);
		targets.add(new Target("32-thread hits ≥ 50 % of redis-benchmark -c 32",
				(reads32 != null) ? reads32.throughput() / redisBenchmark32() : Double.NaN, 0.5, false,
				Target.Unit.PERCENT, HIT, 32));
		targets.add(new Target(
				"findById hit p99 ≤ 3 × p50 (raw GET + decode in the same fork: "
						+ Target.Unit.RATIO.format(tailRatio(RAW_GET)) + ")",
				tailRatio(HIT), 3.0, true, Target.Unit.RATIO, HIT, 1));
		targets.add(new Target("≤ 2 KB allocated per hit beyond raw GET + decode", allocationBeyondEntity(), 2048, true,
				Target.Unit.BYTES, HIT, 1));
		return targets;
	}

	/**
	 * Percentiles of an operation timed in an interleaved fork.
	 *
	 * @param p50 median latency in microseconds
	 * @param p99 99th percentile latency in microseconds
	 * @param samples number of samples
	 */
	record Interleaved(double p50, double p99, long samples) {

	}

	/**
	 * A single-thread operation of the report.
	 *
	 * @param benchmark the benchmark
	 * @param label what it does
	 * @param side floor, starter or peer
	 * @param floor the benchmark it is compared with, if any
	 */
	record Operation(String benchmark, String label, String side, @Nullable String floor) {

	}

	/**
	 * A target of issue 7.
	 *
	 * @param description the target
	 * @param value the measured value
	 * @param limit the limit
	 * @param atMost whether the value must be at most the limit (else at least)
	 * @param unit how the value reads
	 * @param profiled the benchmark to profile when the target is missed
	 * @param threads the threads to profile it with
	 */
	record Target(String description, double value, double limit, boolean atMost, Unit unit, @Nullable String profiled,
			int threads) {

		boolean measured() {
			return !Double.isNaN(this.value);
		}

		boolean met() {
			return measured() && (this.atMost ? this.value <= this.limit : this.value >= this.limit);
		}

		String verdict() {
			return !measured() ? "not measured" : met() ? "**met**" : "**missed**";
		}

		String formattedValue() {
			return this.unit.format(this.value);
		}

		String formattedLimit() {
			return (this.atMost ? "≤ " : "≥ ") + this.unit.format(this.limit);
		}

		enum Unit {

			RATIO, PERCENT, BYTES, COUNT;

			String format(double value) {
				if (Double.isNaN(value)) {
					return "–";
				}
				return switch (this) {
					case RATIO -> String.format("%.2f×", value);
					case PERCENT -> String.format("%.0f %%", value * 100);
					case BYTES -> String.format("%,.0f B", value);
					case COUNT -> String.format("%.2f", value);
				};
			}

		}

	}

}
