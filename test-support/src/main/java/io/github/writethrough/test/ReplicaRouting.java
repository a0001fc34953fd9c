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

import java.util.Map;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The usual Spring recipe for read replicas: a data source that sends read-only
 * transactions to a replica and the others to the primary, deciding at each transaction's
 * first statement, once the transaction's read-only flag is set.
 *
 * @author Write-Through contributors
 */
public final class ReplicaRouting {

	private ReplicaRouting() {
	}

	/**
	 * Route read-only transactions to a replica.
	 * @param primary the primary's data source
	 * @param replica the replica's data source
	 * @param alsoToReplica sends other transactions to the replica as well while it is
	 * {@code true}, as a routing that keys on something else would
	 * @return the routing data source
	 */
	public static DataSource readOnlyToReplica(DataSource primary, DataSource replica, BooleanSupplier alsoToReplica) {
		AbstractRoutingDataSource routing = new AbstractRoutingDataSource() {

			@Override
			protected Object determineCurrentLookupKey() {
				boolean toReplica = TransactionSynchronizationManager.isCurrentTransactionReadOnly()
						|| (TransactionSynchronizationManager.isActualTransactionActive()
								&& alsoToReplica.getAsBoolean());
				return toReplica ? "replica" : "primary";
			}

		};
		routing.setTargetDataSources(Map.of("primary", primary, "replica", replica));
		routing.setDefaultTargetDataSource(primary);
		routing.afterPropertiesSet();
		return new LazyConnectionDataSourceProxy(routing);
	}

}
