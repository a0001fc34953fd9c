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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import org.hibernate.Version;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootVersion;
import org.springframework.core.SpringVersion;
import org.springframework.data.redis.cache.RedisCacheManager;

/**
 * What the benchmarks ran on, for the report.
 *
 * @author Write-Through contributors
 */
final class Machine {

	private Machine() {
	}

	static Map<String, String> describe(BenchmarkSettings settings, RawRedis redis) {
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("CPU", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores (nproc)");
		facts.put("Memory", memory());
		facts.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		facts.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		facts.put("Spring Boot", SpringBootVersion.getVersion());
		facts.put("Spring Framework", SpringVersion.getVersion());
		facts.put("Spring Data Redis", String.valueOf(RedisCacheManager.class.getPackage().getImplementationVersion()));
		facts.put("Hibernate ORM", Version.getVersionString());
		facts.put("Lettuce", mavenVersion(RedisClient.class, "io.lettuce", "lettuce-core"));
		facts.put("Jackson", tools.jackson.databind.cfg.PackageVersion.VERSION.toString());
		facts.put("JMH", mavenVersion(org.openjdk.jmh.runner.Runner.class, "org.openjdk.jmh", "jmh-core"));
		facts.put("Redis server", redis.serverVersion() + " at " + settings.redisHost() + ":" + settings.redisPort());
		facts.put("PostgreSQL server", Dataset.serverVersion(settings) + " at " + settings.postgresUrl());
		String commit = command("git", "rev-parse", "--short", "HEAD");
		if (commit != null) {
			String changes = command("git", "status", "--porcelain", "--", "../autoconfigure");
			facts.put("Library", "commit " + commit
					+ ((changes != null && !changes.isBlank()) ? " with uncommitted changes in autoconfigure/" : ""));
		}
		return facts;
	}

	private static String cpuModel() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse(System.getProperty("os.arch"));
		}
		catch (IOException ex) {
			return System.getProperty("os.arch");
		}
	}

	private static String memory() {
		try {
			return Files.readAllLines(Path.of("/proc/meminfo"))
				.stream()
				.filter((line) -> line.startsWith("MemTotal:"))
				.map((line) -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB")
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static String mavenVersion(Class<?> type, String groupId, String artifactId) {
		String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
		try (InputStream in = type.getResourceAsStream(resource)) {
			if (in != null) {
				Properties properties = new Properties();
				properties.load(in);
				return properties.getProperty("version", "unknown");
			}
		}
		catch (IOException ex) {
			// fall back to the manifest
		}
		return String.valueOf(type.getPackage().getImplementationVersion());
	}

	private static @Nullable String command(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			return (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0) ? output : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

}
