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

/**
 * A schema of its own for one test class, created by
 * {@link TestPostgres#createSchema(String)}. Its JDBC URL sets {@code currentSchema}, so
 * unqualified table names, Flyway and Hibernate all land in it.
 *
 * @param name schema name
 * @param jdbcUrl JDBC URL whose connections use the schema
 * @param username user name
 * @param password password, possibly empty
 * @author Write-Through contributors
 * @since 0.1.0
 */
public record TestSchema(String name, String jdbcUrl, String username, String password) implements AutoCloseable {

	/**
	 * Open a new connection that uses the schema. The caller closes it.
	 * @return a new connection
	 * @throws SQLException if the connection cannot be opened
	 */
	public Connection connect() throws SQLException {
		return DriverManager.getConnection(this.jdbcUrl, this.username, this.password);
	}

	/**
	 * Drop the schema and everything in it.
	 */
	public void drop() {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("drop schema if exists \"" + this.name + "\" cascade");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not drop schema " + this.name, ex);
		}
	}

	/**
	 * Drop the schema, so that the schema can be used in try-with-resources.
	 * @see #drop()
	 */
	@Override
	public void close() {
		drop();
	}

	/**
	 * Return the {@code spring.datasource.*} properties for this schema.
	 * @return the properties
	 */
	public SpringProperties springProperties() {
		return TestPostgres.dataSourceProperties(this.jdbcUrl, this.username, this.password);
	}

}
