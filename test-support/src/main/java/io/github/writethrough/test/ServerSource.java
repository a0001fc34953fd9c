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

package io.github.writethrough.test;

import java.util.Locale;

/**
 * Where a test server comes from, in the order {@link TestServers} tries them.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public enum ServerSource {

	/**
	 * Server given by {@code WRITE_THROUGH_TEST_*} environment variables, such as the
	 * servers a CI job provides.
	 */
	ENVIRONMENT,

	/**
	 * Server started in a container by Testcontainers, when a Docker engine is reachable.
	 */
	TESTCONTAINERS,

	/**
	 * Server started as a child process from binaries on the classpath (zonky's embedded
	 * PostgreSQL, codemonstur's embedded Redis).
	 */
	EMBEDDED;

	static ServerSource parse(String value) {
		String name = value.trim().toUpperCase(Locale.ROOT);
		for (ServerSource source : values()) {
			if (source.name().equals(name)) {
				return source;
			}
		}
		throw new IllegalArgumentException(
				"Unknown test server source '" + value + "', expected one of environment, testcontainers or embedded");
	}

}
