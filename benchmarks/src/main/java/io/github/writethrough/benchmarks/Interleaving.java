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
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Times each operation of an {@link InterleavedBenchmarks} invocation on its own and
 * writes their percentiles when the fork ends, to the directory named by the system
 * property {@value #DIRECTORY_PROPERTY}. Only measurement iterations are recorded.
 *
 * @author Write-Through contributors
 */
@State(Scope.Thread)
public class Interleaving {

	static final String DIRECTORY_PROPERTY = "benchmarks.interleaved.dir";

	private static final int CAPACITY = 1 << 20;

	private final Map<String, long[]> samples = new LinkedHashMap<>();

	private final Map<String, Integer> counts = new LinkedHashMap<>();

	private boolean recording;

	private int turn;

	@Setup(Level.Iteration)
	public void iteration(IterationParams params) {
		this.recording = params.getType() == IterationType.MEASUREMENT;
	}

	/**
	 * Return where this invocation starts in its list of operations: each invocation
	 * starts one further, so that no operation always runs first.
	 * @param operations the number of operations
	 * @return the index of the first operation
	 */
	int nextStart(int operations) {
		return this.turn++ % operations;
	}

	<T> T time(String operation, Supplier<T> action) {
		long start = System.nanoTime();
		T result = action.get();
		long nanos = System.nanoTime() - start;
		if (this.recording) {
			int count = this.counts.getOrDefault(operation, 0);
			long[] times = this.samples.computeIfAbsent(operation, (key) -> new long[CAPACITY]);
			if (count < times.length) {
				times[count] = nanos;
				this.counts.put(operation, count + 1);
			}
		}
		return result;
	}

	@TearDown(Level.Trial)
	public void write(BenchmarkParams params) {
		String directory = System.getProperty(DIRECTORY_PROPERTY);
		if (directory == null) {
			return;
		}
		Properties percentiles = new Properties();
		this.samples.forEach((operation, times) -> {
			long[] sorted = Arrays.copyOf(times, this.counts.get(operation));
			Arrays.sort(sorted);
			percentiles.setProperty(operation + ".p50", Double.toString(Percentiles.percentile(sorted, 0.50) / 1000.0));
			percentiles.setProperty(operation + ".p99", Double.toString(Percentiles.percentile(sorted, 0.99) / 1000.0));
			percentiles.setProperty(operation + ".n", Integer.toString(sorted.length));
		});
		String benchmark = params.getBenchmark();
		Path file = Path.of(directory, benchmark.substring(benchmark.lastIndexOf('.') + 1) + ".properties");
		try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			percentiles.store(out, benchmark);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
