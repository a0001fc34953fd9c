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
package io.github.writethrough.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;

/**
 * The rows every benchmark works on, in a schema of their own. Reads use rows
 * {@code 1..1000}, which no benchmark changes. Writes of the plain repository, the
 * starter and the peer each have rows of their own, so that none of them holds a stale
 * version of a row another one changed.
 *
 * @author Write-Through contributors
 */
final class Dataset {

	static final int READ_ROWS = 1000;

	static final long PLAIN_WRITE_ID = 2001;

	static final long CACHED_WRITE_ID = 2002;

	static final long PEER_WRITE_ID = 2003;

	static final long UNAWAITED_WRITE_ID = 2004;

	static final int BATCH_SIZE = 100;

	static final List<Long> PLAIN_BATCH_IDS = LongStream.range(3001, 3001 + BATCH_SIZE).boxed().toList();

	static final List<Long> CACHED_BATCH_IDS = LongStream.range(3101, 3101 + BATCH_SIZE).boxed().toList();

	private static final long ROW_COUNT = 3200;

	private static final String TABLE = """
			create table item (
				id bigint primary key,
				version bigint not null,
				email varchar(255),
				display_name varchar(255),
				bio varchar(1000),
				balance numeric(19, 2),
				status varchar(32),
				joined_at timestamp(6) with time zone,
				updated_at timestamp(6) with time zone,
				street varchar(255),
				city varchar(255),
				postcode varchar(32))""";

	private static final String ROWS = """
			insert into item select g, 0, 'user' || g || '@example.com', 'User ' || g,
				'Writes analytical engines, weaves algebraic patterns and keeps a cache warm. ' || g,
				1000.50 + g, 'ACTIVE', now(), now(), g || ' Analytical Street', 'London', 'N1 ' || mod(g, 100)
			from generate_series(1, %d) g""".formatted(ROW_COUNT);

	/**
	 * Orders {@code 1..1000}, each with ten lines, and a unique email.
	 */
	static final int ORDERS = 1000;

	private static final String ORDER_TABLES = """
			create table purchase_order (
				id bigint primary key,
				version bigint not null,
				email varchar(255) not null unique,
				status varchar(32));
			create table order_line (
				id bigint primary key,
				order_id bigint not null references purchase_order,
				product varchar(255),
				quantity int);
			create index order_line_order on order_line (order_id);
			insert into purchase_order select g, 0, 'buyer' || g || '@example.com', 'OPEN'
				from generate_series(1, %d) g;
			insert into order_line select (o - 1) * 10 + l, o, 'Product ' || l, l
				from generate_series(1, %d) o, generate_series(1, 10) l""".formatted(ORDERS, ORDERS);

	private Dataset() {
	}

	static void create(BenchmarkSettings settings) {
		execute(settings, "drop schema if exists " + BenchmarkSettings.SCHEMA + " cascade",
				"create schema " + BenchmarkSettings.SCHEMA, "set search_path to " + BenchmarkSettings.SCHEMA, TABLE,
				ROWS, "analyze item", ORDER_TABLES, "analyze purchase_order", "analyze order_line");
	}

	static void drop(BenchmarkSettings settings) {
		execute(settings, "drop schema if exists " + BenchmarkSettings.SCHEMA + " cascade");
	}

	static String serverVersion(BenchmarkSettings settings) {
		try (Connection connection = connect(settings)) {
			return connection.getMetaData().getDatabaseProductVersion();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot read the PostgreSQL version", ex);
		}
	}

	/**
	 * Return a random id of a row that only reads use.
	 * @return the id
	 */
	static long randomReadId() {
		return ThreadLocalRandom.current().nextLong(1, READ_ROWS + 1);
	}

	private static void execute(BenchmarkSettings settings, String... statements) {
		try (Connection connection = connect(settings); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot prepare the benchmark schema: " + ex.getMessage(), ex);
		}
	}

	private static Connection connect(BenchmarkSettings settings) throws SQLException {
		return DriverManager.getConnection(settings.postgresUrl(), settings.postgresUsername(),
				settings.postgresPassword());
	}

}
