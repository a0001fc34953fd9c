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

import jakarta.persistence.EntityManagerFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.dialect.sequence.SequenceSupport;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

import org.springframework.util.Assert;

/**
 * A database sequence that orders the committed states of entities without a version.
 * <p>
 * A transaction takes its value after its changes are flushed, while it holds the locks
 * of the rows it changed, so a later transaction that changes the same row always takes a
 * larger value.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class FenceSequence {

	private static final Log logger = LogFactory.getLog(FenceSequence.class);

	private final SessionFactoryImplementor sessionFactory;

	private final String name;

	private final String nextValue;

	private final String create;

	private volatile boolean checked;

	/**
	 * Create a new instance.
	 * @param entityManagerFactory the persistence unit whose database holds the sequence
	 * @param name the name of the sequence
	 */
	public FenceSequence(EntityManagerFactory entityManagerFactory, String name) {
		Assert.hasText(name, "name must not be empty");
		SessionFactoryImplementor sessionFactory = entityManagerFactory.unwrap(SessionFactoryImplementor.class);
		SequenceSupport sequences = sessionFactory.getJdbcServices().getDialect().getSequenceSupport();
		this.sessionFactory = sessionFactory;
		this.name = name;
		this.nextValue = sequences.getSequenceNextValString(name);
		this.create = sequences.getCreateSequenceString(name);
	}

	/**
	 * Create the sequence if it does not exist yet, in a transaction of its own.
	 */
	public void createIfMissing() {
		if (this.checked) {
			return;
		}
		AutoCommitWork.run(this.sessionFactory, this::createIfMissing);
		this.checked = true;
	}

	private void createIfMissing(Connection connection) throws SQLException {
		if (exists(connection)) {
			return;
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute(this.create);
			logger.info("Created sequence " + this.name + " that orders cache updates of entities without @Version");
		}
		catch (SQLException ex) {
			if (!exists(connection)) {
				throw ex;
			}
		}
	}

	private boolean exists(Connection connection) {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(this.nextValue)) {
			return result.next();
		}
		catch (SQLException ex) {
			return false;
		}
	}

	/**
	 * Take the next value in the current transaction of the given session.
	 * @param session the session
	 * @return the value
	 */
	long next(SharedSessionContractImplementor session) {
		return session.doReturningWork(this::next);
	}

	/**
	 * Take the next value on a connection of its own: a value above every value taken
	 * before.
	 * @return the value
	 */
	public long next() {
		long[] value = new long[1];
		AutoCommitWork.run(this.sessionFactory, (connection) -> value[0] = next(connection));
		return value[0];
	}

	private long next(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(this.nextValue)) {
			result.next();
			return result.getLong(1);
		}
	}

}
