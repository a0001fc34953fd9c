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
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.Session;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.ConcurrentReferenceHashMap;
import org.springframework.util.ConcurrentReferenceHashMap.ReferenceType;

/**
 * Tells whether the connection of a transaction reads a PostgreSQL standby server, which
 * may lag behind the primary.
 * <p>
 * Asks each physical connection of PostgreSQL's driver once, and remembers those that
 * read the primary: a primary does not become a standby while its connections stay open.
 * Other connections are asked every time. On other databases no connection reads a
 * standby.
 *
 * @author Write-Through contributors
 */
final class StandbyCheck {

	private static final Log logger = LogFactory.getLog(StandbyCheck.class);

	private static final String PG_CONNECTION = "org.postgresql.PGConnection";

	private final boolean postgres;

	private final @Nullable Class<?> connectionType;

	private final Map<Object, Boolean> primaryConnections = new ConcurrentReferenceHashMap<>(16, ReferenceType.WEAK);

	private final AtomicBoolean failureReported = new AtomicBoolean();

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
	 * @return whether it reads a standby, {@code true} when the server could not tell
	 */
	boolean readsStandby(EntityManager entityManager) {
		if (!this.postgres) {
			return false;
		}
		try {
			return entityManager.unwrap(Session.class).doReturningWork(this::isStandby);
		}
		catch (RuntimeException ex) {
			if (this.failureReported.compareAndSet(false, true)) {
				logger.warn("Could not tell whether the database is a standby server (select pg_is_in_recovery()): "
						+ "what write-through reads after a miss is not cached", ex);
			}
			return true;
		}
	}

	private boolean isStandby(Connection connection) throws SQLException {
		Object physical = (this.connectionType != null && connection.isWrapperFor(this.connectionType))
				? connection.unwrap(this.connectionType) : null;
		if (physical != null && this.primaryConnections.containsKey(physical)) {
			return false;
		}
		boolean standby;
		Savepoint savepoint = connection.setSavepoint();
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select pg_is_in_recovery()")) {
			result.next();
			standby = result.getBoolean(1);
		}
		catch (SQLException ex) {
			// the transaction goes on to read what the caller asked for
			connection.rollback(savepoint);
			throw ex;
		}
		connection.releaseSavepoint(savepoint);
		if (!standby && physical != null) {
			this.primaryConnections.put(physical, Boolean.TRUE);
		}
		return standby;
	}

}
