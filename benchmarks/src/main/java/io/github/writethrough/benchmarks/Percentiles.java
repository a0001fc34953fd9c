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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Percentiles of sorted samples, as the benchmarks print them.
 *
 * @author Write-Through contributors
 */
final class Percentiles {

	private Percentiles() {
	}

	/**
	 * Return samples sorted.
	 * @param values the samples
	 * @return them, sorted
	 */
	static long[] sorted(List<Long> values) {
		return values.stream().mapToLong(Long::longValue).sorted().toArray();
	}

	/**
	 * Return a percentile of sorted samples, by the nearest-rank method.
	 * @param sorted the samples, sorted
	 * @param percentile the percentile, such as {@code 0.99}
	 * @return the sample, or {@code 0} when there is none
	 */
	static long percentile(long[] sorted, double percentile) {
		return (sorted.length == 0) ? 0
				: sorted[(int) Math.min(sorted.length - 1, Math.ceil(percentile * sorted.length) - 1)];
	}

	/**
	 * Return a percentile of sorted nanosecond samples, in whole microseconds.
	 * @param sorted the samples, sorted
	 * @param percentile the percentile
	 * @return the percentile, such as {@code 1,234 µs}
	 */
	static String micros(long[] sorted, double percentile) {
		return String.format("%,d µs", TimeUnit.NANOSECONDS.toMicros(percentile(sorted, percentile)));
	}

}
