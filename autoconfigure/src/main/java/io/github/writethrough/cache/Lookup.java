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

import org.jspecify.annotations.Nullable;

/**
 * The result of reading one entry.
 *
 * @param hit whether the entry answered the read
 * @param entity the cached entity on a hit, {@code null} for a cached absence
 * @param epoch the epoch read with the entry, for filling the cache after a miss
 * @param expected on a miss, what the reader found in the key and may replace: its lease
 * or a marker; {@code null} when it may not fill
 * @param expectedFence the fence of the marker the reader found, {@code 0} for none: a
 * fill of an entity without a version takes it, since the reader read the row after the
 * change that left the marker, and the fence of an entry of another shape
 * @param otherStates on a miss on an entry of another shape, the states it holds, which a
 * fill of its fence keeps; {@code null} otherwise
 * @author Write-Through contributors
 */
record Lookup(boolean hit, @Nullable Object entity, long epoch, byte @Nullable [] expected, long expectedFence,
		byte @Nullable [] otherStates) {

	static Lookup hit(@Nullable Object entity, long epoch) {
		return new Lookup(true, entity, epoch, null, 0, null);
	}

	static Lookup miss(long epoch, byte @Nullable [] expected) {
		return new Lookup(false, null, epoch, expected, 0, null);
	}

	static Lookup miss(long epoch, byte[] expected, long expectedFence) {
		return new Lookup(false, null, epoch, expected, expectedFence, null);
	}

	static Lookup otherShape(long epoch, byte[] expected, long fence, byte[] otherStates) {
		return new Lookup(false, null, epoch, expected, fence, otherStates);
	}

}
