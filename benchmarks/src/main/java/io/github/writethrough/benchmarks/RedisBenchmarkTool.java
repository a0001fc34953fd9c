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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code redis-benchmark}, the C client that ships with Redis, for the throughput
 * floor.
 *
 * @author Write-Through contributors
 */
final class RedisBenchmarkTool {

	private static final Pattern RESULT = Pattern.compile("([0-9.]+) requests per second(?:, p50=([0-9.]+) msec)?");

	private final BenchmarkSettings settings;

	RedisBenchmarkTool(BenchmarkSettings settings) {
		this.settings = settings;
	}

	/**
	 * Run {@code redis-benchmark -t get}, exactly as the issue names it.
	 * @param clients parallel connections
	 * @param requests total requests
	 * @param dataSize the {@code -d} value
	 * @return the result
	 */
	Result getTest(int clients, int requests, int dataSize) {
		return run(clients, requests, List.of("-d", Integer.toString(dataSize), "-t", "get"));
	}

	/**
	 * Run {@code redis-benchmark} with a {@code GET} of one given key.
	 * @param clients parallel connections
	 * @param requests total requests
	 * @param key the key
	 * @return the result
	 */
	Result getKey(int clients, int requests, String key) {
		return run(clients, requests, List.of("GET", key));
	}

	private Result run(int clients, int requests, List<String> test) {
		List<String> command = new ArrayList<>(List.of("redis-benchmark", "-h", this.settings.redisHost(), "-p",
				Integer.toString(this.settings.redisPort()), "-c", Integer.toString(clients), "-n",
				Integer.toString(requests), "-q"));
		command.addAll(test);
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output;
			try (InputStream in = process.getInputStream()) {
				output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
			}
			Matcher matcher = RESULT.matcher(output);
			Result result = null;
			while (matcher.find()) {
				result = new Result(String.join(" ", command), Double.parseDouble(matcher.group(1)),
						(matcher.group(2) != null) ? Double.parseDouble(matcher.group(2)) * 1000 : Double.NaN);
			}
			if (result == null) {
				throw new IllegalStateException("Unexpected output of " + String.join(" ", command) + ": " + output);
			}
			return result;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run redis-benchmark (is it installed?): " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running redis-benchmark", ex);
		}
	}

	/**
	 * One result of {@code redis-benchmark}.
	 *
	 * @param command the command line
	 * @param requestsPerSecond the throughput
	 * @param p50Micros the median latency, {@code NaN} when not reported
	 */
	record Result(String command, double requestsPerSecond, double p50Micros) {

	}

}
