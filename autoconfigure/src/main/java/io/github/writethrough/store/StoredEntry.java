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

import org.jspecify.annotations.Nullable;

/**
 * One entry as it is stored, for checks that look beyond its contents: its cache's epoch,
 * the start of its value and how long it has left to live.
 *
 * @param epoch the cache's epoch
 * @param value at most {@code maxBytes + 1} bytes of the entry, {@code null} if absent
 * @param ttlMillis the time the entry has left to live in milliseconds,
 * {@link #NO_EXPIRY} if it never expires
 * @author Write-Through contributors
 * @since 0.1.0
 * @see EntryStore#read(byte[], byte[], int)
 */
public record StoredEntry(long epoch, byte @Nullable [] value, long ttlMillis) {

	/**
	 * The time-to-live of an entry that never expires.
	 */
	public static final long NO_EXPIRY = -1;

}
