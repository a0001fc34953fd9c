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

package io.github.writethrough.store;

import java.nio.charset.StandardCharsets;

/**
 * How a fenced write treats the entry it finds, as the fenced write script reads it.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public enum WriteMode {

	/** The committed state of a row: replaces any entry that is not newer. */
	COMMIT('w'),

	/**
	 * A delete marker: replaces any entry that is not newer, and keeps out states up to
	 * its fence.
	 */
	DELETE('d'),

	/**
	 * A fill after a read from the database: lands only where the reader's expected entry
	 * still is.
	 */
	FILL('f'),

	/**
	 * A fill that keeps the states of other shapes of the entity class that the entry it
	 * replaces holds: lands as a {@link #FILL} does, and lives no longer than that entry
	 * had left, nor than its own time-to-live.
	 */
	FILL_KEEPING_STATES('k'),

	/**
	 * A marker of a change found in the database's log: replaces any entry that is not
	 * newer, as a committed state does.
	 */
	LOGGED('c'),

	/**
	 * A marker of a change found in the database's log that was the first to give its row
	 * this fence: replaces any entry that is older, and leaves one of this fence or
	 * newer, which holds this change or a later one.
	 */
	LOGGED_NEW_VERSION('l');

	private final byte[] wire;

	WriteMode(char code) {
		this.wire = String.valueOf(code).getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * Whether the write is a fill after a read from the database.
	 * @return whether it is a fill
	 */
	public boolean isFill() {
		return this == FILL || this == FILL_KEEPING_STATES;
	}

	byte[] wire() {
		return this.wire;
	}

}
