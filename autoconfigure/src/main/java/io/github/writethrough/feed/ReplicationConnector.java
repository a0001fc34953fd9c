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

package io.github.writethrough.feed;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGProperty;

/**
 * Opens replication connections to the application's PostgreSQL database.
 *
 * @param jdbcUrl the JDBC URL of the database
 * @param username the user, {@code null} for the driver's default
 * @param password the password, {@code null} for none
 * @author Write-Through contributors
 * @since 0.1.0
 */
public record ReplicationConnector(String jdbcUrl, @Nullable String username, @Nullable String password) {

	/**
	 * Open a replication connection. PostgreSQL ends it, and frees the slot for another
	 * instance, when the connection stays silent for longer than the given timeout.
	 * @param silenceTimeout the server's {@code wal_sender_timeout} for this connection
	 * @return the connection
	 * @throws SQLException if it cannot be opened
	 */
	Connection open(Duration silenceTimeout) throws SQLException {
		Properties properties = new Properties();
		if (this.username != null) {
			PGProperty.USER.set(properties, this.username);
		}
		if (this.password != null) {
			PGProperty.PASSWORD.set(properties, this.password);
		}
		PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "10");
		PGProperty.REPLICATION.set(properties, "database");
		PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
		PGProperty.OPTIONS.set(properties, "-c wal_sender_timeout=" + silenceTimeout.toMillis());
		return DriverManager.getConnection(this.jdbcUrl, properties);
	}

}
