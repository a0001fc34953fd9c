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

import java.util.concurrent.atomic.AtomicInteger;

import io.github.writethrough.cache.TestEntities.Member;
import io.github.writethrough.cache.TestEntities.Team;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EntityCaches}.
 *
 * @author Write-Through contributors
 */
class EntityCachesTests {

	private final EntityCaches caches = new EntityCaches();

	@Test
	void computeIfAbsentCreatesACacheOnce() {
		AtomicInteger created = new AtomicInteger();
		EntityCache first = this.caches.computeIfAbsent("members", (name) -> {
			created.incrementAndGet();
			return TestEntities.cache(name);
		});
		EntityCache second = this.caches.computeIfAbsent("members", (name) -> {
			created.incrementAndGet();
			return TestEntities.cache(name);
		});
		assertThat(second).isSameAs(first);
		assertThat(created).hasValue(1);
		assertThat(this.caches.get("members")).isSameAs(first);
		assertThat(this.caches.get("teams")).isNull();
	}

	@Test
	void forEntityFindsTheCacheOfTheEntityClass() {
		EntityCache cache = this.caches.computeIfAbsent("members", TestEntities::cache);
		assertThat(this.caches.forEntity(Member.class)).isSameAs(cache);
	}

	@Test
	void forEntityFindsTheCacheOfASuperclass() {
		EntityCache cache = this.caches.computeIfAbsent("members", TestEntities::cache);
		assertThat(this.caches.forEntity(MemberProxy.class)).isSameAs(cache);
	}

	@Test
	void forEntityGivesNothingForAnUncachedClass() {
		this.caches.computeIfAbsent("members", TestEntities::cache);
		assertThat(this.caches.forEntity(Team.class)).isNull();
		assertThat(this.caches.forEntity(Object.class)).isNull();
	}

	@Test
	void forEpochKeyFindsTheCacheOfThatKey() {
		EntityCache cache = this.caches.computeIfAbsent("members", TestEntities::cache);
		assertThat(this.caches.forEpochKey("wt:members")).isSameAs(cache);
		assertThat(this.caches.forEpochKey("wt:teams")).isNull();
		assertThat(this.caches.forEpochKey("wt:members:1")).isNull();
	}

	@Test
	void allIsSortedByName() {
		this.caches.computeIfAbsent("teams", TestEntities::cache);
		this.caches.computeIfAbsent("members", TestEntities::cache);
		this.caches.computeIfAbsent("accounts", TestEntities::cache);
		assertThat(this.caches.all()).extracting(EntityCache::name).containsExactly("accounts", "members", "teams");
	}

	/**
	 * A subclass of the entity class, as a lazy-loading proxy's.
	 */
	static class MemberProxy extends Member {

	}

}
