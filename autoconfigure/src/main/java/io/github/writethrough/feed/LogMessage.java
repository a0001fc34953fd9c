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

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A message of PostgreSQL's {@code pgoutput} logical decoding plugin, protocol version 1,
 * as far as the change feed reads it.
 *
 * @author Write-Through contributors
 */
sealed interface LogMessage {

	/**
	 * The start of a committed transaction.
	 *
	 * @param finalLsn the position of its commit record
	 * @param commitMicros its commit time, in microseconds since 2000-01-01 UTC
	 * @param xid its transaction id, the low 32 bits of it, unsigned
	 */
	record Begin(long finalLsn, long commitMicros, long xid) implements LogMessage {
	}

	/**
	 * The end of a transaction.
	 *
	 * @param endLsn the position right after the transaction: once its changes are
	 * applied, the slot may be confirmed up to here
	 * @param commitMicros its commit time, in microseconds since 2000-01-01 UTC
	 */
	record Commit(long endLsn, long commitMicros) implements LogMessage {
	}

	/**
	 * The columns of a table, sent before the first change of it on each connection and
	 * after it changed.
	 *
	 * @param oid the table's object id
	 * @param namespace its schema
	 * @param name its name
	 * @param columns its columns, in order
	 */
	record Relation(int oid, String namespace, String name, List<String> columns) implements LogMessage {
	}

	/**
	 * An inserted, updated or deleted row.
	 *
	 * @param kind what happened to it
	 * @param oid the table's object id
	 * @param oldKey the row's former key or former values when an update changed its key,
	 * or for a delete; {@code null} otherwise
	 * @param row the row's new values, {@code null} for a delete
	 */
	record RowChange(Kind kind, int oid, @Nullable Tuple oldKey, @Nullable Tuple row) implements LogMessage {

		enum Kind {

			INSERT, UPDATE, DELETE

		}

	}

	/**
	 * Tables that were truncated.
	 *
	 * @param oids their object ids
	 */
	record Truncate(List<Integer> oids) implements LogMessage {
	}

	/**
	 * Any other message: types, origins, logical messages.
	 */
	record Other(char type) implements LogMessage {
	}

	/**
	 * The values of a row in text form, by column position: {@code null} for SQL
	 * {@code NULL} and for a large value that did not change and was not sent.
	 *
	 * @param values the values
	 */
	record Tuple(List<@Nullable String> values) {

		@Nullable String value(int column) {
			return (column < this.values.size()) ? this.values.get(column) : null;
		}

	}

}
