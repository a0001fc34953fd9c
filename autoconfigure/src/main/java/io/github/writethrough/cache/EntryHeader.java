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

package io.github.writethrough.cache;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The header every entry starts with, {@code {"@epoch":E,"@fence":F,"@kind":"K"}}, always
 * in this order, because the fenced write script reads it with one pattern match.
 *
 * @param epoch the cache epoch the entry was written in
 * @param fence the order of the state it holds
 * @param kind its kind
 * @author Write-Through contributors
 */
record EntryHeader(long epoch, long fence, EntryKind kind) {

	/**
	 * Open the entry's object and write the header.
	 */
	static void write(JsonGenerator generator, long epoch, long fence, EntryKind kind) {
		generator.writeStartObject();
		generator.writeNumberProperty("@epoch", epoch);
		generator.writeNumberProperty("@fence", fence);
		generator.writeStringProperty("@kind", kind.wireName());
	}

	/**
	 * Read the header from the start of an entry.
	 * @throws EntryDecodingException if the entry does not start with a header
	 */
	static EntryHeader read(JsonParser parser) {
		expect(parser, JsonToken.START_OBJECT);
		long epoch = readNumber(parser, "@epoch");
		long fence = readNumber(parser, "@fence");
		expectName(parser, "@kind");
		expect(parser, JsonToken.VALUE_STRING);
		return new EntryHeader(epoch, fence, EntryKind.fromWireName(parser.getString()));
	}

	/**
	 * Read the next property, which must be an integer of the given name.
	 */
	static long readNumber(JsonParser parser, String name) {
		expectName(parser, name);
		expect(parser, JsonToken.VALUE_NUMBER_INT);
		return parser.getLongValue();
	}

	/**
	 * Read the next property, which must be a text of the given name.
	 */
	static String readText(JsonParser parser, String name) {
		expectName(parser, name);
		expect(parser, JsonToken.VALUE_STRING);
		return parser.getString();
	}

	private static void expectName(JsonParser parser, String name) {
		expect(parser, JsonToken.PROPERTY_NAME);
		if (!name.equals(parser.currentName())) {
			throw new EntryDecodingException(
					"Expected '" + name + "' but found '" + LogSafe.text(String.valueOf(parser.currentName())) + "'");
		}
	}

	private static void expect(JsonParser parser, JsonToken token) {
		JsonToken next = parser.nextToken();
		if (next != token) {
			throw new EntryDecodingException("Expected " + token + " but found " + next);
		}
	}

}
