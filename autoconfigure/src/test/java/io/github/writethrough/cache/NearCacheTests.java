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
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.github.writethrough.cache.ReadThrough.Hit;
import io.github.writethrough.cache.ReadThrough.Reading;
import io.github.writethrough.cache.ReadThrough.Status;
import io.github.writethrough.cache.TestEntities.Member;
import io.github.writethrough.store.EntryWrite;
import io.github.writethrough.store.KeyTracking;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NearCache} and {@link NearTier}, read through {@link ReadThrough} over
 * a fake store, with the tracking's confirmation set by the test.
 *
 * @author Write-Through contributors
 */
class NearCacheTests {

	private static final long EPOCH = FakeEntryStore.INITIAL_EPOCH;

	private static final NearCacheSettings NEAR = new NearCacheSettings(100, Duration.ofMinutes(1),
			Duration.ofSeconds(1));

	private final FakeEntryStore store = new FakeEntryStore();

	private final CacheWriter writer = new CacheWriter(this.store);

	private final ReadThrough readThrough = new ReadThrough(this.store, new WritePreparation(this.store), this.writer);

	private final AtomicLong confirmedNanos = new AtomicLong(System.nanoTime());

	private final NearTier tier = new NearTier(new KeyTracking(new LettuceConnectionFactory(), Duration.ofSeconds(1)),
			this.confirmedNanos::get);

	private final EntityCache cache = new EntityCache("members", TestEntities.versionedModel(),
			new TestEntities.Access(), TestEntities.SETTINGS.withNear(NEAR), this.tier);

	private final NearCache near = this.cache.near();

	@Test
	void aRedisHitFillsTheNearTierWhichAnswersTheNextReadsWithCopies() throws Throwable {
		cached(TestEntities.member(1, 3, "Ada", "admin"), 3);
		assertThat(read(1L).hits()).singleElement().extracting(Hit::entity).extracting("name").isEqualTo("Ada");
		int calls = this.store.calls();
		Member first = (Member) read(1L).hits().get(0).entity();
		Member second = (Member) read(1L).hits().get(0).entity();
		assertThat(this.store.calls()).isEqualTo(calls);
		assertThat(first).isNotSameAs(second);
		assertThat(first.tags).isNotSameAs(second.tags).containsExactly("admin");
		assertThat(this.near.hits()).isEqualTo(2);
		assertThat(this.near.misses()).isEqualTo(1);
		assertThat(this.cache.statistics().hits()).isEqualTo(3);
	}

	@Test
	void anEntityWithImmutableAttributesIsCopiedFromItsValuesWithNewReferences() throws Throwable {
		EntityModel model = TestEntities.versionedModel();
		EntityModel withoutCollection = new EntityModel(model.entityType(), model.idType(), model.constructor(),
				model.properties().stream().filter((property) -> !property.name().equals("tags")).toList(), model.id(),
				model.version());
		EntityCache cache = new EntityCache("plain", withoutCollection, new TestEntities.Access(),
				TestEntities.SETTINGS.withNear(NEAR), this.tier);
		Member member = TestEntities.member(1, 3, "Ada");
		member.team = TestEntities.team(7);
		this.store.put(cache.keys().entryKey(1L), cache.codec().encode(member, EPOCH, 3));
		this.readThrough.read(cache, List.of(1L), (ids, fills) -> null);
		Member first = (Member) this.readThrough.read(cache, List.of(1L), (ids, fills) -> null).hits().get(0).entity();
		Member second = (Member) this.readThrough.read(cache, List.of(1L), (ids, fills) -> null).hits().get(0).entity();
		assertThat(cache.near().hits()).isEqualTo(2);
		assertThat(first).isNotSameAs(second);
		assertThat(first.name).isEqualTo("Ada");
		assertThat(first.version).isEqualTo(3);
		assertThat(first.team).isNotSameAs(second.team);
		assertThat(first.team.id).isEqualTo(7);
	}

	@Test
	void aChangeToldWhileAReaderWasInRedisKeepsItsFillOut() {
		long changes = this.near.changesOf(key(1L));
		this.near.invalidate(key(1L));
		fill(TestEntities.member(1, 3, "Ada"), 3, changes);
		assertThat(this.near.lookup(1L, key(1L))).isNull();
		fill(TestEntities.member(1, 3, "Ada"), 3, this.near.changesOf(key(1L)));
		assertThat(this.near.lookup(1L, key(1L))).isNotNull();
	}

	@Test
	void aFlushEmptiesTheTierAndKeepsOutEveryFillInFlight() {
		fill(TestEntities.member(1, 3, "Ada"), 3, this.near.changesOf(key(1L)));
		long changes = this.near.changesOf(key(2L));
		this.tier.lost();
		fill(TestEntities.member(2, 3, "Grace"), 3, changes);
		assertThat(this.near.lookup(1L, key(1L))).isNull();
		assertThat(this.near.lookup(2L, key(2L))).isNull();
		assertThat(this.near.flushes()).isEqualTo(1);
	}

	@Test
	void aFillNeverReplacesAStateOfAHigherFence() {
		fill(TestEntities.member(1, 5, "newer"), 5, this.near.changesOf(key(1L)));
		fill(TestEntities.member(1, 4, "older"), 4, this.near.changesOf(key(1L)));
		assertThat(this.near.lookup(1L, key(1L)).entity()).extracting("name").isEqualTo("newer");
	}

	@Test
	void nothingIsFilledOrAnsweredUnlessRedisProvedRecentlyThatItToldEveryChange() {
		this.confirmedNanos.set(KeyTracking.NEVER);
		fill(TestEntities.member(1, 3, "Ada"), 3, this.near.changesOf(key(1L)));
		this.confirmedNanos.set(System.nanoTime());
		assertThat(this.near.lookup(1L, key(1L))).isNull();
		fill(TestEntities.member(1, 3, "Ada"), 3, this.near.changesOf(key(1L)));
		assertThat(this.near.lookup(1L, key(1L))).isNotNull();
		this.confirmedNanos.set(System.nanoTime() - Duration.ofSeconds(2).toNanos());
		assertThat(this.near.lookup(1L, key(1L))).isNull();
	}

	@Test
	void aKeyWaitingForRepairIsNotAnswered() {
		fill(TestEntities.member(1, 3, "Ada"), 3, this.near.changesOf(key(1L)));
		this.cache.trust().repairsPending(Set.of("wt:members:1"), false);
		assertThat(this.near.lookup(1L, key(1L))).isNull();
		this.cache.trust().repairsPending(Set.of(), false);
		assertThat(this.near.lookup(1L, key(1L))).isNotNull();
	}

	@Test
	void keysToldByRedisRemoveTheEntriesOfTheirCacheOnly() {
		fill(TestEntities.member(1, 3, "Ada"), 3, this.near.changesOf(key(1L)));
		fill(TestEntities.member(2, 3, "Grace"), 3, this.near.changesOf(key(2L)));
		this.tier.invalidated("wt:membersX:1".getBytes());
		this.tier.invalidated("wt:members:1".getBytes());
		assertThat(this.near.lookup(1L, key(1L))).isNull();
		assertThat(this.near.lookup(2L, key(2L))).isNotNull();
		assertThat(this.near.invalidations()).isEqualTo(1);
		this.tier.invalidated("wt:members".getBytes());
		assertThat(this.near.lookup(2L, key(2L))).isNull();
		fill(TestEntities.member(2, 3, "Grace"), 3, this.near.changesOf(key(2L)));
		this.tier.invalidated("wt:members:not-an-id".getBytes());
		assertThat(this.near.lookup(2L, key(2L))).isNotNull();
	}

	@Test
	void ownWritesRemoveTheEntryBeforeTheyAreSentAndOnceRedisAnswered() {
		fill(TestEntities.member(1, 3, "Ada"), 3, this.near.changesOf(key(1L)));
		long changes = this.near.changesOf(key(1L));
		Member renamed = TestEntities.member(1, 4, "Ada Lovelace");
		this.writer.apply(
				new CacheUpdates(List.of(new PreparedWrite(this.cache, EntryWrite.commit(this.cache.keys().entryKey(1L),
						EPOCH, 4, 60_000, this.cache.codec().encode(renamed, EPOCH, 4)))), List.of()));
		assertThat(this.near.lookup(1L, key(1L))).isNull();
		assertThat(this.near.changesOf(key(1L))).isEqualTo(changes + 2);
		this.writer.invalidate(this.cache);
		assertThat(this.near.flushes()).isEqualTo(2);
	}

	@Test
	void prefixesLeaveOutThoseAnotherBegins() {
		new EntityCache("membersArchive", TestEntities.versionedModel(), new TestEntities.Access(),
				TestEntities.SETTINGS.withNear(NEAR), this.tier);
		new EntityCache("teams", TestEntities.versionedModel(), new TestEntities.Access(),
				TestEntities.SETTINGS.withNear(NEAR), this.tier);
		assertThat(this.tier.prefixes()).containsExactly("wt:members", "wt:teams");
	}

	private Reading<Object> read(Long id) throws Throwable {
		Reading<Object> reading = this.readThrough.read(this.cache, List.of(id), (ids, fills) -> null);
		assertThat(reading.status()).isEqualTo(Status.HIT);
		return reading;
	}

	private void cached(Member member, long fence) {
		this.store.put(this.cache.keys().entryKey(member.id), this.cache.codec().encode(member, EPOCH, fence));
	}

	private void fill(Member member, long fence, long changes) {
		byte[] bytes = this.cache.codec().encode(member, EPOCH, fence);
		this.near.fill(member.id, key(member.id), this.cache.codec().decode(bytes), bytes, changes);
	}

	private byte[] key(Long id) {
		return this.cache.keys().entryKey(id);
	}

}
