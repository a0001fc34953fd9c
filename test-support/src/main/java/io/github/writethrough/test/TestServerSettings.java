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

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Settings read from the environment and system properties that decide which servers the
 * tests use.
 *
 * @param forcedSource source forced for both servers, or {@code null} to choose one
 * @param postgres PostgreSQL given by the environment, or {@code null}
 * @param redis Redis given by the environment, or {@code null}
 * @author Write-Through contributors
 */
record TestServerSettings(@Nullable ServerSource forcedSource, @Nullable PostgresSettings postgres,
		@Nullable RedisSettings redis) {

	static final String SERVERS_VARIABLE = "WRITE_THROUGH_TEST_SERVERS";

	static final String SERVERS_PROPERTY = "write-through.test.servers";

	static final String POSTGRES_URL_VARIABLE = "WRITE_THROUGH_TEST_POSTGRES_URL";

	static final String POSTGRES_USERNAME_VARIABLE = "WRITE_THROUGH_TEST_POSTGRES_USERNAME";

	static final String POSTGRES_PASSWORD_VARIABLE = "WRITE_THROUGH_TEST_POSTGRES_PASSWORD";

	static final String REDIS_URL_VARIABLE = "WRITE_THROUGH_TEST_REDIS_URL";

	private static final String DEFAULT_POSTGRES_USERNAME = "postgres";

	private static final int DEFAULT_REDIS_PORT = 6379;

	static TestServerSettings load() {
		return parse(System.getenv(), System.getProperties());
	}

	static TestServerSettings parse(Map<String, String> environment, Properties systemProperties) {
		String forced = systemProperties.getProperty(SERVERS_PROPERTY);
		if (!hasText(forced)) {
			forced = environment.get(SERVERS_VARIABLE);
		}
		return new TestServerSettings(hasText(forced) ? ServerSource.parse(forced) : null, parsePostgres(environment),
				parseRedis(environment.get(REDIS_URL_VARIABLE)));
	}

	private static @Nullable PostgresSettings parsePostgres(Map<String, String> environment) {
		String url = environment.get(POSTGRES_URL_VARIABLE);
		if (!hasText(url)) {
			return null;
		}
		if (!url.startsWith("jdbc:postgresql:")) {
			throw new IllegalArgumentException(POSTGRES_URL_VARIABLE
					+ " must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database) but was '" + url + "'");
		}
		String username = environment.get(POSTGRES_USERNAME_VARIABLE);
		String password = environment.get(POSTGRES_PASSWORD_VARIABLE);
		return new PostgresSettings(url.trim(), hasText(username) ? username : DEFAULT_POSTGRES_USERNAME,
				(password != null) ? password : "");
	}

	static @Nullable RedisSettings parseRedis(@Nullable String url) {
		if (!hasText(url)) {
			return null;
		}
		URI uri;
		try {
			uri = new URI(url.trim());
		}
		catch (URISyntaxException ex) {
			throw invalidRedisUrl(url, ex);
		}
		String path = uri.getPath();
		if (!"redis".equals(uri.getScheme()) || uri.getHost() == null || uri.getUserInfo() != null
				|| (path != null && !path.isEmpty() && !path.equals("/"))) {
			throw invalidRedisUrl(url, null);
		}
		return new RedisSettings(uri.getHost(), (uri.getPort() != -1) ? uri.getPort() : DEFAULT_REDIS_PORT);
	}

	private static IllegalArgumentException invalidRedisUrl(String url, @Nullable Exception cause) {
		return new IllegalArgumentException(
				REDIS_URL_VARIABLE + " must have the form redis://host:port but was '" + url + "'", cause);
	}

	private static boolean hasText(@Nullable String value) {
		return value != null && !value.isBlank();
	}

	/**
	 * Chooses the source of one server: the forced source, else the environment when it
	 * names the server, else Testcontainers when Docker is reachable, else embedded.
	 * @param configured whether the environment names this server
	 * @param dockerAvailable whether a Docker engine is reachable, asked only when needed
	 * @return the source to use
	 */
	ServerSource sourceFor(boolean configured, BooleanSupplier dockerAvailable) {
		if (this.forcedSource != null) {
			return this.forcedSource;
		}
		if (configured) {
			return ServerSource.ENVIRONMENT;
		}
		return dockerAvailable.getAsBoolean() ? ServerSource.TESTCONTAINERS : ServerSource.EMBEDDED;
	}

	/**
	 * PostgreSQL given by the environment.
	 *
	 * @param jdbcUrl JDBC URL
	 * @param username user name
	 * @param password password, empty when not set
	 */
	record PostgresSettings(String jdbcUrl, String username, String password) {

	}

	/**
	 * Redis given by the environment.
	 *
	 * @param host host name or address
	 * @param port port
	 */
	record RedisSettings(String host, int port) {

	}

}
