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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.writethrough.cache.ReadThrough.Hit;
import io.github.writethrough.cache.ReadThrough.Loader;
import io.github.writethrough.cache.ReadThrough.Reading;
import io.github.writethrough.cache.ReadThrough.Status;
import io.github.writethrough.cache.TestEntities.Member;
import io.github.writethrough.store.EntryWrite;
import io.github.writethrough.store.WriteMode;
import org.jspecify.annotations.Nullable;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReadThrough}.
 *
 * @author Write-Through contributors
 */
class ReadThroughTests {

	private static final long EPOCH = FakeEntryStore.INITIAL_EPOCH;

	private final FakeEntryStore store = new FakeEntryStore();

	private final ReadThrough readThrough = new ReadThrough(this.store, new WritePreparation(this.store),
			new CacheWriter(this.store));

	private final EntityCache cache = TestEntities.cache("members");

	private final List<List<Object>> loads = new ArrayList<>();

	private final List<Boolean> fillsGiven = new ArrayList<>();

	@Test
	void hitReturnsTheCachedEntityWithoutLoading() throws Throwable {
		cached(1L, this.cache.codec().encode(TestEntities.member(1, 3, "Ada"), EPOCH, 3));
		Reading<String> reading = this.readThrough.read(this.cache, List.of(1L), loader(null));
		assertThat(reading.status()).isEqualTo(Status.HIT);
		assertThat(reading.loaded()).isNull();
		assertThat(this.loads).isEmpty();
		assertThat(reading.hits()).singleElement().satisfies((hit) -> {
			assertThat(hit.id()).isEqualTo(1L);
			assertThat(hit.entity()).isInstanceOf(Member.class).extracting("name").isEqualTo("Ada");
		});
	}

	@Test
	void missLoadsTheMissingIdsAndFillsWhereTheLeaseIsStillThere() throws Throwable {
		cached(1L, this.cache.codec().encode(TestEntities.member(1, 3, "Ada"), EPOCH, 3));
		Reading<String> reading = this.readThrough.read(this.cache, List.of(1L, 2L),
				loader(TestEntities.member(2, 5, "Grace")));
		assertThat(reading.status()).isEqualTo(Status.MISS);
		assertThat(reading.loaded()).isEqualTo("loaded");
		assertThat(reading.hits()).extracting(Hit::id).containsExactly(1L);
		assertThat(this.loads).containsExactly(List.of(2L));
		assertThat(this.fillsGiven).containsExactly(true);
		CacheEntry filled = entry(2L);
		assertThat(filled.epoch()).isEqualTo(EPOCH);
		assertThat(filled.fence()).isEqualTo(5);
		assertThat(filled.entity()).extracting("name").isEqualTo("Grace");
		assertThat(this.store.batches()).singleElement().satisfies((batch) -> {
			EntryWrite fill = batch.writes().get(0);
			assertThat(fill.mode()).isEqualTo(WriteMode.FILL);
			assertThat(this.cache.codec().decode(fill.expected()).kind()).isEqualTo(EntryKind.LEASE);
		});
		assertThat(this.cache.statistics().puts()).isEqualTo(1);
	}

	@Test
	void noFillWhenAWriteReplacedTheLeaseMeanwhile() throws Throwable {
		byte[] committed = this.cache.codec().encode(TestEntities.member(1, 4, "Ada Lovelace"), EPOCH, 4);
		Reading<String> reading = this.readThrough.read(this.cache, List.of(1L), (ids, fills) -> {
			cached(1L, committed);
			fills.loaded(1L, TestEntities.member(1, 3, "Ada"));
			return "loaded";
		});
		assertThat(reading.status()).isEqualTo(Status.MISS);
		assertThat(this.store.entry(key(1L))).isEqualTo(committed);
		assertThat(this.cache.statistics().puts()).isZero();
		assertThat(this.cache.statistics().skippedPuts()).isEqualTo(1);
	}

	@Test
	void storeFailureIsUnavailableAndLoadsWithoutFills() throws Throwable {
		this.store.unavailable(true);
		Reading<String> reading = this.readThrough.read(this.cache, List.of(1L, 2L), loader(null));
		assertThat(reading.status()).isEqualTo(Status.UNAVAILABLE);
		assertThat(reading.hits()).isEmpty();
		assertThat(reading.loaded()).isEqualTo("loaded");
		assertThat(this.loads).containsExactly(List.of(1L, 2L));
		assertThat(this.fillsGiven).containsExactly(false);
		assertThat(this.cache.statistics().misses()).isEqualTo(2);
	}

	@Test
	void untrustedCacheIsUnavailableWithoutTouchingTheStore() throws Throwable {
		this.cache.trust().repairsPending(Set.of(), true);
		Reading<String> reading = this.readThrough.read(this.cache, List.of(1L), loader(null));
		assertThat(reading.status()).isEqualTo(Status.UNAVAILABLE);
		assertThat(this.loads).containsExactly(List.of(1L));
		assertThat(this.fillsGiven).containsExactly(false);
		assertThat(this.store.calls()).isZero();
	}

	@Test
	void keyWhoseWriteWaitsForRepairIsLoadedWithoutFillWhileOthersHit() throws Throwable {
		cached(1L, this.cache.codec().encode(TestEntities.member(1, 3, "Ada"), EPOCH, 3));
		cached(2L, this.cache.codec().encode(TestEntities.member(2, 3, "Grace"), EPOCH, 3));
		this.cache.trust().repairsPending(Set.of(new String(key(2L), StandardCharsets.UTF_8)), false);
		Reading<String> reading = this.readThrough.read(this.cache, List.of(1L, 2L),
				loader(TestEntities.member(2, 4, "Grace Hopper")));
		assertThat(reading.status()).isEqualTo(Status.MISS);
		assertThat(reading.hits()).extracting(Hit::id).containsExactly(1L);
		assertThat(this.loads).containsExactly(List.of(2L));
		assertThat(this.store.batches()).isEmpty();
		assertThat(entry(2L).entity()).extracting("name").isEqualTo("Grace");
	}

	@Test
	void undecodableEntryIsAMissThatIsDeletedAndCounted() throws Throwable {
		cached(1L, "{\"@epoch\":".getBytes(StandardCharsets.UTF_8));
		Reading<String> reading = this.readThrough.read(this.cache, List.of(1L),
				loader(TestEntities.member(1, 3, "Ada")));
		assertThat(reading.status()).isEqualTo(Status.MISS);
		assertThat(this.loads).containsExactly(List.of(1L));
		assertThat(this.store.entry(key(1L))).isNull();
		assertThat(this.store.batches()).isEmpty();
		assertThat(this.cache.statistics().decodeFailures()).isEqualTo(1);
	}

	@Test
	void entryOfAnotherRowUnderAKeyIsAMissThatIsDeletedAndCounted() throws Throwable {
		cached(1L, this.cache.codec().encode(TestEntities.member(2, 3, "Eve"), EPOCH, 3));
		Reading<String> reading = this.readThrough.read(this.cache, List.of(1L),
				loader(TestEntities.member(1, 3, "Ada")));
		assertThat(reading.status()).isEqualTo(Status.MISS);
		assertThat(this.loads).containsExactly(List.of(1L));
		assertThat(this.store.entry(key(1L))).isNull();
		assertThat(this.cache.statistics().decodeFailures()).isEqualTo(1);
	}

	@Test
	void entryOfAnOlderEpochIsAMissThatIsReplaced() throws Throwable {
		cached(1L, this.cache.codec().encode(TestEntities.member(1, 3, "Ada"), EPOCH - 1, 3));
		Reading<String> reading = this.readThrough.read(this.cache, List.of(1L),
				loader(TestEntities.member(1, 3, "Ada Lovelace")));
		assertThat(reading.status()).isEqualTo(Status.MISS);
		assertThat(this.loads).containsExactly(List.of(1L));
		CacheEntry filled = entry(1L);
		assertThat(filled.epoch()).isEqualTo(EPOCH);
		assertThat(filled.entity()).extracting("name").isEqualTo("Ada Lovelace");
	}

	@Test
	void entryOfAnotherShapeIsAMissFilledNextToTheOtherShapesState() throws Throwable {
		EntityCodec<?> otherShape = new EntityCodec<>(TestEntities.otherShapeModel(), new TestEntities.Access());
		cached(1L, otherShape.encode(TestEntities.member(1, 3, "Ada"), EPOCH, 3));
		Reading<String> reading = this.readThrough.read(this.cache, List.of(1L),
				loader(TestEntities.member(1, 3, "Ada", "math")));
		assertThat(reading.status()).isEqualTo(Status.MISS);
		assertThat(this.cache.statistics().otherShapes()).isEqualTo(1);
		assertThat(this.cache.statistics().decodeFailures()).isZero();
		assertThat(entry(1L).entity()).extracting("tags")
			.asInstanceOf(InstanceOfAssertFactories.LIST)
			.containsExactly("math");
		assertThat(otherShape.decode(this.store.entry(key(1L))).entity()).extracting("name").isEqualTo("Ada");
		assertThat(this.readThrough.read(this.cache, List.of(1L), loader(null)).status()).isEqualTo(Status.HIT);
	}

	@Test
	void fillNextToAnotherShapesStateKeepsTheTimeItHadLeft() throws Throwable {
		EntityCodec<?> otherShape = new EntityCodec<>(TestEntities.otherShapeModel(), new TestEntities.Access());
		this.store.put(key(1L), otherShape.encode(TestEntities.member(1, 3, "Ada"), EPOCH, 3), 1_234);
		this.readThrough.read(this.cache, List.of(1L), loader(TestEntities.member(1, 3, "Ada")));
		assertThat(this.store.read(this.cache.epoch().key(), key(1L), 1024).ttlMillis()).isEqualTo(1_234);
	}

	@Test
	void entryOfAnotherShapeAtAnOlderFenceIsReplaced() throws Throwable {
		EntityCodec<?> otherShape = new EntityCodec<>(TestEntities.otherShapeModel(), new TestEntities.Access());
		cached(1L, otherShape.encode(TestEntities.member(1, 3, "Ada"), EPOCH, 3));
		this.readThrough.read(this.cache, List.of(1L), loader(TestEntities.member(1, 4, "Ada Lovelace")));
		assertThat(entry(1L).fence()).isEqualTo(4);
		assertThat(otherShape.decode(this.store.entry(key(1L))).entity()).isNull();
	}

	@Test
	void evictedMarkerIsAMissThatIsReplaced() throws Throwable {
		cached(1L, EntityCodec.encodeMarker(EntryKind.EVICTED, EPOCH, 3));
		Reading<String> reading = this.readThrough.read(this.cache, List.of(1L),
				loader(TestEntities.member(1, 3, "Ada")));
		assertThat(reading.status()).isEqualTo(Status.MISS);
		assertThat(entry(1L).kind()).isEqualTo(EntryKind.ENTITY);
	}

	@Test
	void deletedMarkerIsAMissThatIsNotFilled() throws Throwable {
		byte[] marker = EntityCodec.encodeMarker(EntryKind.DELETED, EPOCH, 3);
		cached(1L, marker);
		Reading<String> reading = this.readThrough.read(this.cache, List.of(1L),
				loader(TestEntities.member(1, 3, "Ada")));
		assertThat(reading.status()).isEqualTo(Status.MISS);
		assertThat(this.store.entry(key(1L))).isEqualTo(marker);
		assertThat(this.store.batches()).isEmpty();
	}

	@Test
	void absentMarkerIsAHitWithoutEntity() throws Throwable {
		cached(1L, EntityCodec.encodeMarker(EntryKind.ABSENT, EPOCH, 0));
		Reading<String> reading = this.readThrough.read(this.cache, List.of(1L), loader(null));
		assertThat(reading.status()).isEqualTo(Status.HIT);
		assertThat(reading.hits()).containsExactly(new Hit(1L, null));
		assertThat(this.loads).isEmpty();
	}

	@Test
	void hitsAndMissesAreCounted() throws Throwable {
		cached(1L, this.cache.codec().encode(TestEntities.member(1, 3, "Ada"), EPOCH, 3));
		this.readThrough.read(this.cache, List.of(1L, 2L, 3L), loader(null));
		this.readThrough.read(this.cache, List.of(1L), loader(null));
		assertThat(this.cache.statistics().hits()).isEqualTo(2);
		assertThat(this.cache.statistics().misses()).isEqualTo(2);
		assertThat(this.cache.statistics().hitRatio()).isEqualTo(0.5);
	}

	@Test
	void readObservesTheEpoch() throws Throwable {
		this.readThrough.read(this.cache, List.of(1L), loader(null));
		assertThat(this.cache.epoch().known()).isEqualTo(EPOCH);
	}

	@Test
	void missingRowIsNotFilledWithoutNegativeTtl() throws Throwable {
		Reading<String> reading = this.readThrough.read(this.cache, List.of(1L), loader(null));
		assertThat(reading.status()).isEqualTo(Status.MISS);
		assertThat(this.store.batches()).isEmpty();
		assertThat(this.cache.codec().decode(this.store.entry(key(1L))).kind()).isEqualTo(EntryKind.LEASE);
	}

	@Test
	void missingRowIsFilledWithAnAbsentMarkerWithNegativeTtl() throws Throwable {
		EntityCache cache = TestEntities.cache("members", TestEntities.versionedModel(), new TestEntities.Access(),
				TestEntities.SETTINGS.withNegativeTtl(Duration.ofMinutes(1)));
		this.readThrough.read(cache, List.of(1L), loader(null));
		assertThat(this.store.batches()).singleElement()
			.satisfies((batch) -> assertThat(batch.writes().get(0).ttlMillis()).isEqualTo(60_000));
		assertThat(cache.codec().decode(this.store.entry(cache.keys().entryKey(1L))))
			.isEqualTo(new CacheEntry(EPOCH, 0, EntryKind.ABSENT, null, null));
		Reading<String> again = this.readThrough.read(cache, List.of(1L), loader(null));
		assertThat(again.status()).isEqualTo(Status.HIT);
		assertThat(again.hits()).containsExactly(new Hit(1L, null));
	}

	/**
	 * Return a loader that records the ids it is asked for and whether it may fill, and
	 * hands the given entity, or the absence of a row, to the fills for each id.
	 */
	private Loader<String> loader(@Nullable Member loaded) {
		return (ids, fills) -> {
			this.loads.add(ids);
			this.fillsGiven.add(fills != null);
			if (fills != null) {
				ids.forEach((id) -> fills.loaded(id, (loaded != null && id.equals(loaded.id)) ? loaded : null));
			}
			return "loaded";
		};
	}

	private void cached(Object id, byte[] entry) {
		this.store.put(key(id), entry);
	}

	private CacheEntry entry(Object id) {
		return this.cache.codec().decode(this.store.entry(key(id)));
	}

	private byte[] key(Object id) {
		return this.cache.keys().entryKey(id);
	}

}
