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

/**
 * What a cache entry says about its row.
 *
 * @author Write-Through contributors
 */
enum EntryKind {

	/** The entry holds the committed state of the row. */
	ENTITY("entity"),

	/** The database had no such row when it was read: a negative cache entry. */
	ABSENT("absent"),

	/** The row was deleted; the entry is a miss that keeps older states out. */
	DELETED("deleted"),

	/** The row changed but its state could not be encoded; the entry is a miss. */
	EVICTED("evicted"),

	/**
	 * A reader missed and is loading the row. A fill lands only where the entry its
	 * reader found, this lease or another reader's, is still there, so a write that
	 * replaced the lease meanwhile keeps every older state out.
	 */
	LEASE("lease");

	private final String wireName;

	EntryKind(String wireName) {
		this.wireName = wireName;
	}

	String wireName() {
		return this.wireName;
	}

	static EntryKind fromWireName(String wireName) {
		for (EntryKind kind : values()) {
			if (kind.wireName.equals(wireName)) {
				return kind;
			}
		}
		throw new IllegalArgumentException("Unknown entry kind '" + LogSafe.text(wireName) + "'");
	}

}
