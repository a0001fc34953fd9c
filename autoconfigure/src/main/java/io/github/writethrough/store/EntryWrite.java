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

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One fenced write of an entry, as the fenced write script takes it.
 *
 * @param key the entry key
 * @param epoch the cache epoch stamped in the entry
 * @param fence the fence stamped in the entry
 * @param mode how the write treats the entry it finds
 * @param ttlMillis the time-to-live in milliseconds, {@code 0} for none
 * @param entry the encoded entry
 * @param expected for a fill, what the reader found in the key, its lease or a marker:
 * the fill lands only if it is still there; {@code null} otherwise
 * @author Write-Through contributors
 * @since 0.1.0
 */
public record EntryWrite(byte[] key, long epoch, long fence, WriteMode mode, long ttlMillis, byte[] entry,
		byte @Nullable [] expected) {

	/**
	 * How many arguments of the fenced write script one write takes.
	 */
	static final int ARGUMENTS = 6;

	private static final byte[] NONE = new byte[0];

	/**
	 * Create a new write.
	 */
	public EntryWrite {
		Assert.isTrue(mode.isFill() == (expected != null), "A fill, and only a fill, expects an entry");
	}

	/**
	 * Create the write of a committed state.
	 * @param key the entry key
	 * @param epoch the cache epoch stamped in the entry
	 * @param fence the fence stamped in the entry
	 * @param ttlMillis the time-to-live in milliseconds, {@code 0} for none
	 * @param entry the encoded entry
	 * @return the write
	 */
	public static EntryWrite commit(byte[] key, long epoch, long fence, long ttlMillis, byte[] entry) {
		return new EntryWrite(key, epoch, fence, WriteMode.COMMIT, ttlMillis, entry, null);
	}

	/**
	 * Create the write of a delete marker.
	 * @param key the entry key
	 * @param epoch the cache epoch stamped in the marker
	 * @param fence the fence stamped in the marker
	 * @param ttlMillis the time-to-live in milliseconds
	 * @param marker the encoded marker
	 * @return the write
	 */
	public static EntryWrite delete(byte[] key, long epoch, long fence, long ttlMillis, byte[] marker) {
		return new EntryWrite(key, epoch, fence, WriteMode.DELETE, ttlMillis, marker, null);
	}

	/**
	 * Create the marker of a change found in the database's log.
	 * @param key the entry key
	 * @param epoch the cache epoch the writer knows
	 * @param fence the fence the change gave its row
	 * @param ttlMillis the time-to-live in milliseconds, {@code 0} for none
	 * @param marker the marker
	 * @param newVersion whether the change was the first to give its row the fence: then
	 * the marker leaves an entry of that fence alone, which holds this change or a later
	 * one
	 * @return the write
	 */
	public static EntryWrite logged(byte[] key, long epoch, long fence, long ttlMillis, byte[] marker,
			boolean newVersion) {
		return new EntryWrite(key, epoch, fence, newVersion ? WriteMode.LOGGED_NEW_VERSION : WriteMode.LOGGED,
				ttlMillis, marker, null);
	}

	/**
	 * Create a fill after a read from the database.
	 * @param key the entry key
	 * @param epoch the cache epoch stamped in the entry
	 * @param fence the fence stamped in the entry
	 * @param ttlMillis the time-to-live in milliseconds, {@code 0} for none
	 * @param entry the encoded entry
	 * @param expected what the reader found in the key, its lease or a marker: the fill
	 * lands only if it is still there
	 * @return the write
	 */
	public static EntryWrite fill(byte[] key, long epoch, long fence, long ttlMillis, byte[] entry, byte[] expected) {
		return new EntryWrite(key, epoch, fence, WriteMode.FILL, ttlMillis, entry, expected);
	}

	/**
	 * Create a fill that keeps the states of other shapes that the entry it replaces
	 * holds: it lives no longer than that entry had left, so that keeping a state never
	 * makes it live longer, nor than its own time-to-live.
	 * @param key the entry key
	 * @param epoch the cache epoch stamped in the entry
	 * @param fence the fence stamped in the entry
	 * @param ttlMillis the time-to-live in milliseconds, {@code 0} for none
	 * @param entry the encoded entry, which holds the kept states
	 * @param expected the entry of other shapes the reader found: the fill lands only if
	 * it is still there
	 * @return the write
	 */
	public static EntryWrite fillKeepingStates(byte[] key, long epoch, long fence, long ttlMillis, byte[] entry,
			byte[] expected) {
		return new EntryWrite(key, epoch, fence, WriteMode.FILL_KEEPING_STATES, ttlMillis, entry, expected);
	}

	/**
	 * Return the key as text.
	 * @return the key
	 */
	public String keyText() {
		return new String(this.key, StandardCharsets.UTF_8);
	}

	byte[][] arguments() {
		return new byte[][] { ascii(this.epoch), ascii(this.fence), this.mode.wire(), ascii(this.ttlMillis), this.entry,
				(this.expected != null) ? this.expected : NONE };
	}

	private static byte[] ascii(long value) {
		return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
	}

}
