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

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.github.writethrough.feed.LogMessage.Begin;
import io.github.writethrough.feed.LogMessage.Commit;
import io.github.writethrough.feed.LogMessage.Other;
import io.github.writethrough.feed.LogMessage.Relation;
import io.github.writethrough.feed.LogMessage.RowChange;
import io.github.writethrough.feed.LogMessage.RowChange.Kind;
import io.github.writethrough.feed.LogMessage.Truncate;
import io.github.writethrough.feed.LogMessage.Tuple;
import org.jspecify.annotations.Nullable;

/**
 * Decodes the messages of PostgreSQL's {@code pgoutput} plugin, protocol version 1, with
 * values in text form: see "Logical Replication Message Formats" in PostgreSQL's
 * documentation.
 *
 * @author Write-Through contributors
 */
final class LogMessageDecoder {

	private LogMessageDecoder() {
	}

	/**
	 * Decode one message.
	 * @param buffer the message, from its type byte on
	 * @return the message
	 * @throws IllegalArgumentException if the message is malformed
	 */
	static LogMessage decode(ByteBuffer buffer) {
		try {
			char type = (char) buffer.get();
			return switch (type) {
				case 'B' -> new Begin(buffer.getLong(), buffer.getLong(), Integer.toUnsignedLong(buffer.getInt()));
				case 'C' -> commit(buffer);
				case 'R' -> relation(buffer);
				case 'I' -> new RowChange(Kind.INSERT, buffer.getInt(), null, tupleAfter(buffer, 'N'));
				case 'U' -> update(buffer);
				case 'D' -> delete(buffer);
				case 'T' -> truncate(buffer);
				default -> new Other(type);
			};
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Malformed pgoutput message", ex);
		}
	}

	private static Commit commit(ByteBuffer buffer) {
		buffer.get();
		buffer.getLong();
		return new Commit(buffer.getLong(), buffer.getLong());
	}

	private static Relation relation(ByteBuffer buffer) {
		int oid = buffer.getInt();
		String namespace = string(buffer);
		String name = string(buffer);
		buffer.get();
		int count = buffer.getShort();
		List<String> columns = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			buffer.get();
			columns.add(string(buffer));
			buffer.getInt();
			buffer.getInt();
		}
		return new Relation(oid, namespace, name, columns);
	}

	private static RowChange update(ByteBuffer buffer) {
		int oid = buffer.getInt();
		char marker = (char) buffer.get();
		Tuple oldKey = null;
		if (marker == 'K' || marker == 'O') {
			oldKey = tuple(buffer);
			marker = (char) buffer.get();
		}
		expect(marker, 'N');
		return new RowChange(Kind.UPDATE, oid, oldKey, tuple(buffer));
	}

	private static RowChange delete(ByteBuffer buffer) {
		int oid = buffer.getInt();
		char marker = (char) buffer.get();
		if (marker != 'K' && marker != 'O') {
			throw new IllegalArgumentException("Expected 'K' or 'O' in a delete, found '" + marker + "'");
		}
		return new RowChange(Kind.DELETE, oid, tuple(buffer), null);
	}

	private static Truncate truncate(ByteBuffer buffer) {
		int count = buffer.getInt();
		buffer.get();
		List<Integer> oids = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			oids.add(buffer.getInt());
		}
		return new Truncate(oids);
	}

	private static Tuple tupleAfter(ByteBuffer buffer, char marker) {
		expect((char) buffer.get(), marker);
		return tuple(buffer);
	}

	private static Tuple tuple(ByteBuffer buffer) {
		int count = buffer.getShort();
		List<@Nullable String> values = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			char kind = (char) buffer.get();
			switch (kind) {
				case 'n', 'u' -> values.add(null);
				case 't' -> {
					byte[] bytes = new byte[buffer.getInt()];
					buffer.get(bytes);
					values.add(new String(bytes, StandardCharsets.UTF_8));
				}
				default -> throw new IllegalArgumentException("Unknown column kind '" + kind + "'");
			}
		}
		return new Tuple(values);
	}

	private static String string(ByteBuffer buffer) {
		int start = buffer.position();
		int end = start;
		while (buffer.get(end) != 0) {
			end++;
		}
		byte[] bytes = new byte[end - start];
		buffer.get(bytes);
		buffer.get();
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private static void expect(char found, char expected) {
		if (found != expected) {
			throw new IllegalArgumentException("Expected '" + expected + "', found '" + found + "'");
		}
	}

}
