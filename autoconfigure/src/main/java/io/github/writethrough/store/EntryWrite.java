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

/**
 * One fenced write of a cache entry, as the fenced write script takes it.
 *
 * @param key the entry key
 * @param epoch the cache epoch stamped in the entry
 * @param fence the fence stamped in the entry
 * @param mode {@code w} for a committed write, {@code f} for a fill after a read,
 * {@code d} for a delete marker
 * @param ttlMillis the time-to-live in milliseconds, {@code 0} for none
 * @param entry the encoded entry
 * @param expected for a fill, what the reader found in the key
 * @author Write-Through contributors
 */
public record EntryWrite(byte[] key, long epoch, long fence, char mode, long ttlMillis, byte[] entry,
		byte @Nullable [] expected) {

	/**
	 * How many arguments of the fenced write script one write takes.
	 */
	static final int ARGUMENTS = 6;

	/**
	 * Create a committed write or a delete marker.
	 * @param key the entry key
	 * @param epoch the cache epoch stamped in the entry
	 * @param fence the fence stamped in the entry
	 * @param mode {@code w} for a committed write, {@code d} for a delete marker
	 * @param ttlMillis the time-to-live in milliseconds, {@code 0} for none
	 * @param entry the encoded entry
	 */
	public EntryWrite(byte[] key, long epoch, long fence, char mode, long ttlMillis, byte[] entry) {
		this(key, epoch, fence, mode, ttlMillis, entry, null);
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
	static EntryWrite fill(byte[] key, long epoch, long fence, long ttlMillis, byte[] entry, byte[] expected) {
		return new EntryWrite(key, epoch, fence, 'f', ttlMillis, entry, expected);
	}

	byte[][] arguments() {
		return new byte[][] { ascii(this.epoch), ascii(this.fence), ascii(this.mode), ascii(this.ttlMillis), this.entry,
				(this.expected != null) ? this.expected : new byte[0] };
	}

	private static byte[] ascii(Object value) {
		return String.valueOf(value).getBytes(StandardCharsets.US_ASCII);
	}

}
