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

package io.github.writethrough.jpa;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.Session;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Tells whether the connection of a transaction reads a PostgreSQL standby server, which
 * may lag behind the primary. Asks each connection once: it remembers the connections
 * that read the primary, because a primary does not become a standby while its
 * connections stay open. On other databases no connection reads a standby.
 *
 * @author Write-Through contributors
 */
final class StandbyCheck {

	private static final String PG_CONNECTION = "org.postgresql.PGConnection";

	private final boolean postgres;

	private final @Nullable Class<?> connectionType;

	private final Set<Object> primaryConnections = Collections
		.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

	StandbyCheck(EntityManagerFactory entityManagerFactory) {
		this.postgres = entityManagerFactory.unwrap(SessionFactoryImplementor.class)
			.getJdbcServices()
			.getDialect() instanceof PostgreSQLDialect;
		ClassLoader classLoader = StandbyCheck.class.getClassLoader();
		this.connectionType = ClassUtils.isPresent(PG_CONNECTION, classLoader)
				? ClassUtils.resolveClassName(PG_CONNECTION, classLoader) : null;
	}

	/**
	 * Tell whether an entity manager's connection reads a standby server.
	 * @param entityManager the entity manager of the transaction
	 * @return whether it reads a standby
	 */
	boolean readsStandby(EntityManager entityManager) {
		if (!this.postgres) {
			return false;
		}
		return entityManager.unwrap(Session.class).doReturningWork(this::readsStandby);
	}

	private boolean readsStandby(Connection connection) throws SQLException {
		Object physical = (this.connectionType != null) ? connection.unwrap(this.connectionType) : null;
		if (physical != null && this.primaryConnections.contains(physical)) {
			return false;
		}
		boolean standby;
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select pg_is_in_recovery()")) {
			result.next();
			standby = result.getBoolean(1);
		}
		if (!standby && physical != null) {
			this.primaryConnections.add(physical);
		}
		return standby;
	}

}
