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

/**
 * The figures of one benchmark at one thread count.
 *
 * @param benchmark the benchmark, {@code Class.method}
 * @param threads the number of threads
 * @param p50 median latency in microseconds, {@code NaN} for throughput runs
 * @param p99 99th percentile latency in microseconds, {@code NaN} for throughput runs
 * @param throughput operations per second over all threads: measured in throughput runs,
 * threads divided by the mean latency in sample-time runs
 * @param allocatedBytes bytes allocated per operation, {@code NaN} when not measured
 * @param samples number of latency samples
 * @author Write-Through contributors
 */
record Measurement(String benchmark, int threads, double p50, double p99, double throughput, double allocatedBytes,
		long samples) {

	double tailRatio() {
		return this.p99 / this.p50;
	}

}
