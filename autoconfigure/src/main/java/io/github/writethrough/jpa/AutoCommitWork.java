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
import java.sql.SQLException;

import org.hibernate.Session;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * Work on a connection of its own, outside any transaction, in auto-commit mode.
 *
 * @author Write-Through contributors
 */
@FunctionalInterface
interface AutoCommitWork {

	void run(Connection connection) throws SQLException;

	/**
	 * Run work on a new session's connection in auto-commit mode.
	 * @param sessionFactory the session factory
	 * @param work the work
	 */
	static void run(SessionFactoryImplementor sessionFactory, AutoCommitWork work) {
		try (Session session = sessionFactory.openSession()) {
			session.doWork((connection) -> {
				boolean autoCommit = connection.getAutoCommit();
				connection.setAutoCommit(true);
				try {
					work.run(connection);
				}
				finally {
					connection.setAutoCommit(autoCommit);
				}
			});
		}
	}

}
