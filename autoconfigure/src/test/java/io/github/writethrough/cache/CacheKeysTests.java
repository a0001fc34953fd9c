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

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CacheKeys}.
 *
 * @author Write-Through contributors
 */
class CacheKeysTests {

	private final CacheKeys keys = new CacheKeys("wt", "profiles");

	@Test
	void numericIdsAreWrittenAsTheirDecimalDigits() {
		for (Object id : List.of(0L, 7L, -7L, 42, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MIN_VALUE)) {
			assertThat(new String(this.keys.entryKey(id), StandardCharsets.UTF_8)).isEqualTo("wt:profiles:" + id);
		}
	}

	@Test
	void simpleIdsRenderAsText() {
		UUID uuid = UUID.fromString("5e0bd3c6-3f5d-4a44-9d3b-1c2a9a43c2aa");
		assertThat(key(42L)).isEqualTo("wt:profiles:42");
		assertThat(key("ada")).isEqualTo("wt:profiles:ada");
		assertThat(key(uuid)).isEqualTo("wt:profiles:" + uuid);
	}

	@Test
	void compositeIdsRenderAsJsonWithSortedProperties() {
		assertThat(key(new CompositeId(7, "b"))).isEqualTo("wt:profiles:{\"a\":7,\"b\":\"b\"}");
		assertThat(key(new ReversedId("b", 7))).isEqualTo("wt:profiles:{\"a\":7,\"b\":\"b\"}");
	}

	@Test
	void epochKeyIsTheCachePrefixWithoutId() {
		assertThat(new String(this.keys.epochKey(), StandardCharsets.UTF_8)).isEqualTo("wt:profiles");
	}

	private String key(Object id) {
		return new String(this.keys.entryKey(id), StandardCharsets.UTF_8);
	}

	record CompositeId(long a, String b) {

	}

	record ReversedId(String b, long a) {

	}

	@Test
	void idsParseFromTheirRendering() {
		assertThat(this.keys.parseId("42", Long.class)).isEqualTo(42L);
		assertThat(this.keys.parseId("a?", String.class)).isEqualTo("a?");
		UUID uuid = UUID.randomUUID();
		assertThat(this.keys.parseId(uuid.toString(), UUID.class)).isEqualTo(uuid);
	}

	@Test
	void textThatConvertsToAnIdButRendersOtherwiseIsNoId() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.keys.parseId("0x1", Long.class));
		assertThatIllegalArgumentException().isThrownBy(() -> this.keys.parseId(" 1 ", Long.class));
		assertThatIllegalArgumentException().isThrownBy(() -> this.keys.parseId("+1", Long.class));
	}

	@Test
	void idsAreTheSameWhenEqualOrRenderedAlike() {
		assertThat(CacheKeys.sameId(42L, 42L)).isTrue();
		assertThat(CacheKeys.sameId(new KeyWithoutEquals(7, 1), new KeyWithoutEquals(7, 1))).isTrue();
		assertThat(CacheKeys.sameId(new KeyWithoutEquals(7, 1), new KeyWithoutEquals(7, 2))).isFalse();
		assertThat(CacheKeys.sameId(42L, 43L)).isFalse();
		assertThat(CacheKeys.sameId("a\uD800", "a?")).as("ids whose keys collide").isFalse();
		assertThat(CacheKeys.sameId(42L, null)).isFalse();
	}

	/**
	 * A composite id whose class does not implement {@code equals}.
	 */
	static final class KeyWithoutEquals {

		private final int orderId;

		private final int lineNumber;

		KeyWithoutEquals(int orderId, int lineNumber) {
			this.orderId = orderId;
			this.lineNumber = lineNumber;
		}

	}

}
