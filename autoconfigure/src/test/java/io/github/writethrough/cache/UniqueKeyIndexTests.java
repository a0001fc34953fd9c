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

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UniqueKeyIndex}.
 *
 * @author Write-Through contributors
 */
class UniqueKeyIndexTests {

	private final FakeEntryStore store = new FakeEntryStore();

	private final UniqueKeyIndex index = new UniqueKeyIndex(this.store);

	private final EntityCache cache = TestEntities.cache("members");

	@Test
	void valueThatKeysCannotRenderIsNeverIndexedAndLookedUpInTheDatabase() {
		Object unrenderable = new Loop();
		this.index.index(this.cache, "badge", unrenderable, 1L);
		assertThat(this.index.idOf(this.cache, "badge", unrenderable)).isNull();
		this.index.forget(this.cache, "badge", unrenderable);
		assertThat(this.store.calls()).isZero();
	}

	@Test
	void indexedValueIsLookedUpAndForgotten() {
		this.index.index(this.cache, "name", "Ada", 1L);
		assertThat(this.index.idOf(this.cache, "name", "Ada")).isEqualTo(1L);
		this.index.forget(this.cache, "name", "Ada");
		assertThat(this.index.idOf(this.cache, "name", "Ada")).isNull();
	}

	@Test
	void indexEntriesLiveTheCachesTimeToLiveOrAnHourWhereEntriesDoNotExpire() {
		this.index.index(this.cache, "name", "Ada", 1L);
		assertThat(ttlOf(this.cache, "Ada")).isBetween(1L, Duration.ofMinutes(10).toMillis());
		EntityCache forever = TestEntities.cache("forever", TestEntities.versionedModel(), new TestEntities.Access(),
				TestEntities.SETTINGS.withTtl(Duration.ZERO));
		this.index.index(forever, "name", "Ada", 1L);
		assertThat(ttlOf(forever, "Ada")).isEqualTo(UniqueKeyIndex.LONGEST_TTL_MILLIS);
	}

	private long ttlOf(EntityCache cache, String name) {
		byte[] epochKey = cache.keys().epochKey();
		return this.store.read(epochKey, cache.keys().indexKey("name", name), 64).ttlMillis();
	}

	static class Loop {

		final Loop self = this;

	}

}
