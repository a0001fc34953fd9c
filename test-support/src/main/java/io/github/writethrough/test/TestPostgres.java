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

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.util.Assert;

/**
 * A running PostgreSQL server for tests.
 *
 * @param jdbcUrl JDBC URL of a database the tests may use
 * @param username user name
 * @param password password, possibly empty
 * @param source where the server comes from
 * @author Write-Through contributors
 * @since 0.1.0
 * @see TestServers#postgres()
 */
public record TestPostgres(String jdbcUrl, String username, String password, ServerSource source) {

	private static final int MAX_IDENTIFIER_LENGTH = 63;

	/**
	 * Open a new connection to the database. The caller closes it.
	 * @return a new connection
	 * @throws SQLException if the connection cannot be opened
	 */
	public Connection connect() throws SQLException {
		return DriverManager.getConnection(this.jdbcUrl, this.username, this.password);
	}

	/**
	 * Create a schema with a unique name that starts with the given prefix, so that a
	 * test class has tables of its own. Drop it with {@link TestSchema#drop()} when done.
	 * @param prefix start of the schema name, typically the simple name of the test class
	 * @return the new schema
	 */
	public TestSchema createSchema(String prefix) {
		Assert.hasText(prefix, "'prefix' must not be empty");
		String name = schemaName(prefix);
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("create schema \"" + name + "\"");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create schema " + name + " at " + this.jdbcUrl, ex);
		}
		String separator = this.jdbcUrl.contains("?") ? "&" : "?";
		return new TestSchema(name, this.jdbcUrl + separator + "currentSchema=" + name, this.username, this.password);
	}

	static String schemaName(String prefix) {
		String suffix = "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
		String base = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
		if (!Character.isLetter(base.charAt(0)) && base.charAt(0) != '_') {
			base = "s_" + base;
		}
		return base.substring(0, Math.min(base.length(), MAX_IDENTIFIER_LENGTH - suffix.length())) + suffix;
	}

	/**
	 * Return the {@code spring.datasource.*} properties for this database.
	 * @return the properties
	 */
	public SpringProperties springProperties() {
		return dataSourceProperties(this.jdbcUrl, this.username, this.password);
	}

	static SpringProperties dataSourceProperties(String jdbcUrl, String username, String password) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", jdbcUrl);
		properties.put("spring.datasource.username", username);
		properties.put("spring.datasource.password", password);
		return SpringProperties.of(properties);
	}

}
