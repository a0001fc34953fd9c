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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.jspecify.annotations.Nullable;

/**
 * Summarizes the CPU samples ({@code jdk.ExecutionSample}) of the Flight Recordings that
 * JMH's {@code jfr} profiler wrote: where the CPU time of an operation goes, by layer and
 * by method.
 *
 * @author Write-Through contributors
 */
final class JfrSummary {

	private static final Map<String, String> LAYERS = layers();

	private final Map<String, Integer> threads = new LinkedHashMap<>();

	private final Map<String, Integer> layers = new LinkedHashMap<>();

	private final Map<String, Integer> self = new LinkedHashMap<>();

	private final Map<String, Integer> ours = new LinkedHashMap<>();

	private final Map<String, Long> allocatedTypes = new LinkedHashMap<>();

	private final Map<String, Long> allocatingMethods = new LinkedHashMap<>();

	private int samples;

	private long allocated;

	private static Map<String, String> layers() {
		Map<String, String> layers = new LinkedHashMap<>();
		layers.put("io.github.writethrough.benchmarks.", "benchmark harness");
		layers.put("io.github.writethrough.", "write-through library");
		layers.put("tools.jackson.", "Jackson");
		layers.put("com.fasterxml.jackson.", "Jackson");
		layers.put("io.lettuce.", "Lettuce");
		layers.put("io.netty.", "Netty");
		layers.put("org.hibernate.", "Hibernate");
		layers.put("org.postgresql.", "PostgreSQL JDBC");
		layers.put("com.zaxxer.hikari.", "HikariCP");
		layers.put("org.springframework.data.redis.", "Spring Data Redis");
		layers.put("org.springframework.", "Spring");
		layers.put("org.openjdk.jmh.", "JMH");
		return layers;
	}

	static String summarize(Path directory) {
		JfrSummary summary = new JfrSummary();
		try (Stream<Path> files = Files.walk(directory)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".jfr")).toList()) {
				summary.read(file);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the flight recordings in " + directory, ex);
		}
		return summary.toString();
	}

	private void read(Path file) throws IOException {
		try (RecordingFile recording = new RecordingFile(file)) {
			while (recording.hasMoreEvents()) {
				RecordedEvent event = recording.readEvent();
				RecordedStackTrace stack = event.getStackTrace();
				if (stack == null || stack.getFrames().isEmpty()) {
					continue;
				}
				if (event.getEventType().getName().equals("jdk.ObjectAllocationSample")) {
					allocation(event, stack);
					continue;
				}
				if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
					continue;
				}
				this.samples++;
				RecordedThread thread = event.getThread("sampledThread");
				increment(this.threads, threadKind((thread != null) ? thread.getJavaName() : null));
				List<RecordedFrame> frames = stack.getFrames();
				String top = name(frames.get(0));
				increment(this.self, top);
				increment(this.layers, layer(top));
				Set<String> seen = new HashSet<>();
				for (RecordedFrame frame : frames) {
					String name = name(frame);
					if (name.startsWith("io.github.writethrough.") && !name.startsWith("io.github.writethrough.bench")
							&& seen.add(name)) {
						increment(this.ours, name);
					}
				}
			}
		}
	}

	/**
	 * Attribute an allocation sample's weight to the type and to the first frame outside
	 * the JDK: the code that asked for the memory.
	 */
	private void allocation(RecordedEvent event, RecordedStackTrace stack) {
		long weight = event.getLong("weight");
		this.allocated += weight;
		this.allocatedTypes.merge(event.getClass("objectClass").getName(), weight, Long::sum);
		String allocator = stack.getFrames()
			.stream()
			.map(JfrSummary::name)
			.filter((name) -> !layer(name).equals("JDK"))
			.findFirst()
			.orElse(name(stack.getFrames().get(0)));
		this.allocatingMethods.merge(allocator, weight, Long::sum);
	}

	private static String threadKind(@Nullable String name) {
		if (name == null) {
			return "other";
		}
		if (name.contains("jmh-worker")) {
			return "benchmark threads";
		}
		if (name.startsWith("lettuce-")) {
			return "Lettuce event loop";
		}
		return name.startsWith("GC") || name.startsWith("G1") || name.startsWith("C1") || name.startsWith("C2") ? "JVM"
				: "other";
	}

	private static String name(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

	private static String layer(String method) {
		for (Map.Entry<String, String> layer : LAYERS.entrySet()) {
			if (method.startsWith(layer.getKey())) {
				return layer.getValue();
			}
		}
		return method.startsWith("java.") || method.startsWith("jdk.") || method.startsWith("sun.") ? "JDK" : "other";
	}

	private static void increment(Map<String, Integer> counts, String key) {
		counts.merge(key, 1, Integer::sum);
	}

	@Override
	public String toString() {
		if (this.samples == 0) {
			return "No CPU samples recorded.";
		}
		StringBuilder text = new StringBuilder();
		text.append(this.samples).append(" CPU samples (JFR jdk.ExecutionSample, all threads)\n\n");
		append(text, "Threads", this.threads, 5);
		append(text, "Layer of the executing method (self time)", this.layers, 12);
		append(text, "Hottest methods (self time)", this.self, 15);
		append(text, "write-through library methods on the stack (inclusive time)", this.ours, 12);
		if (this.allocated > 0) {
			text.append("Allocation (JFR jdk.ObjectAllocationSample weight, all threads):\n\n");
			appendBytes(text, "Allocated types", this.allocatedTypes, 10);
			appendBytes(text, "Allocating code (first frame outside the JDK)", this.allocatingMethods, 12);
		}
		return text.toString();
	}

	private void appendBytes(StringBuilder text, String title, Map<String, Long> weights, int top) {
		text.append(title).append(":\n");
		weights.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
			.limit(top)
			.forEach((entry) -> text
				.append(String.format("  %5.1f %%  %s%n", 100.0 * entry.getValue() / this.allocated, entry.getKey())));
		text.append('\n');
	}

	private void append(StringBuilder text, String title, Map<String, Integer> counts, int top) {
		text.append(title).append(":\n");
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
			.limit(top)
			.forEach((entry) -> text
				.append(String.format("  %5.1f %%  %s%n", 100.0 * entry.getValue() / this.samples, entry.getKey())));
		text.append('\n');
	}

}
