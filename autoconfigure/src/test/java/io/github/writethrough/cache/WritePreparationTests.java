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

import io.github.writethrough.cache.TestEntities.Member;
import io.github.writethrough.cache.WritePreparation.LoggedChange;
import io.github.writethrough.store.EntryWrite;
import io.github.writethrough.store.WriteMode;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static io.github.writethrough.cache.TestEntities.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WritePreparation}.
 *
 * @author Write-Through contributors
 */
class WritePreparationTests {

	private static final long EPOCH = FakeEntryStore.INITIAL_EPOCH;

	private final FakeEntryStore store = new FakeEntryStore();

	private final WritePreparation preparation = new WritePreparation(this.store);

	private final TestEntities.Access access = new TestEntities.Access();

	private final EntityCache cache = TestEntities.cache("members", TestEntities.versionedModel(), this.access,
			TestEntities.SETTINGS);

	private final EntityCache unversioned = TestEntities.cache("notes", TestEntities.unversionedModel(), this.access,
			TestEntities.SETTINGS);

	@Test
	void savedVersionedEntityIsFencedByItsVersion() {
		PreparedWrite prepared = this.preparation.saved(this.cache, TestEntities.member(1, 3, "Ada"), 99);
		assertThat(prepared.cache()).isSameAs(this.cache);
		assertThat(prepared.key()).isEqualTo("wt:members:1");
		EntryWrite write = prepared.write();
		assertThat(write.mode()).isEqualTo(WriteMode.COMMIT);
		assertThat(write.fence()).isEqualTo(3);
		assertThat(write.ttlMillis()).isEqualTo(600_000);
		CacheEntry entry = this.cache.codec().decode(write.entry());
		assertThat(entry.kind()).isEqualTo(EntryKind.ENTITY);
		assertThat(entry.fence()).isEqualTo(3);
		assertThat(entry.entity()).extracting("name").isEqualTo("Ada");
	}

	@Test
	void savedUnversionedEntityIsFencedBySequence() {
		PreparedWrite prepared = this.preparation.saved(this.unversioned, TestEntities.member(1, 3, "Ada"), 99);
		assertThat(prepared.write().fence()).isEqualTo(99);
		assertThat(this.unversioned.codec().decode(prepared.write().entry()).fence()).isEqualTo(99);
	}

	@Test
	void savedReadsTheEpochFromTheStoreOnceWhenNoneWasSeen() {
		EntryWrite first = this.preparation.saved(this.cache, TestEntities.member(1, 3, "Ada"), 99).write();
		EntryWrite second = this.preparation.saved(this.cache, TestEntities.member(2, 1, "Grace"), 99).write();
		assertThat(first.epoch()).isEqualTo(EPOCH);
		assertThat(second.epoch()).isEqualTo(EPOCH);
		assertThat(this.cache.codec().decode(first.entry()).epoch()).isEqualTo(EPOCH);
		assertThat(this.store.epochCalls()).isEqualTo(1);
	}

	@Test
	void savedStampsTheKnownEpochWithoutReadingIt() {
		this.cache.epoch().observed(EPOCH + 5);
		EntryWrite write = this.preparation.saved(this.cache, TestEntities.member(1, 3, "Ada"), 99).write();
		assertThat(write.epoch()).isEqualTo(EPOCH + 5);
		assertThat(this.store.calls()).isZero();
	}

	@Test
	void savedEntityWithoutIdIsNotWritten() {
		Member member = TestEntities.member(1, 0, "Ada");
		member.id = null;
		assertThat(this.preparation.saved(this.cache, member, 99)).isNull();
		assertThat(this.store.calls()).isZero();
	}

	@Test
	void deletedWritesADeletedMarkerFencedByTheVersion() {
		PreparedWrite prepared = this.preparation.deleted(this.cache, 1L, 3, 99);
		assertThat(prepared.key()).isEqualTo("wt:members:1");
		EntryWrite write = prepared.write();
		assertThat(write.mode()).isEqualTo(WriteMode.DELETE);
		assertThat(write.epoch()).isEqualTo(EPOCH);
		assertThat(write.fence()).isEqualTo(3);
		assertThat(write.expected()).isNull();
		assertThat(this.cache.codec().decode(write.entry()))
			.isEqualTo(new CacheEntry(EPOCH, 3, EntryKind.DELETED, null, null));
	}

	@Test
	void deletedUnversionedEntityIsFencedBySequence() {
		EntryWrite write = this.preparation.deleted(this.unversioned, 1L, 3, 99).write();
		assertThat(write.mode()).isEqualTo(WriteMode.DELETE);
		assertThat(write.fence()).isEqualTo(99);
	}

	@Test
	void fillIsStampedWithTheEpochOfTheLookupAndExpectsWhatItFound() {
		byte[] lease = EntityCodec.encodeLease();
		EntryWrite fill = this.preparation.fill(this.cache, 1L, TestEntities.member(1, 3, "Ada"),
				Lookup.miss(EPOCH + 1, lease));
		assertThat(fill.mode()).isEqualTo(WriteMode.FILL);
		assertThat(fill.epoch()).isEqualTo(EPOCH + 1);
		assertThat(fill.fence()).isEqualTo(3);
		assertThat(fill.expected()).isSameAs(lease);
		assertThat(this.store.calls()).isZero();
	}

	@Test
	void fillOfAnUnversionedEntityTakesTheFenceOfTheMarkerItFound() {
		byte[] marker = EntityCodec.encodeMarker(EntryKind.EVICTED, EPOCH, 42);
		EntryWrite fill = this.preparation.fill(this.unversioned, 1L, TestEntities.member(1, 0, "Ada"),
				Lookup.miss(EPOCH, marker, 42));
		assertThat(fill.fence()).isEqualTo(42);
	}

	@Test
	void loggedChangeLeavesAMarkerUniqueToTheChange() {
		EntryWrite update = this.preparation.logged(this.cache, 1L, LoggedChange.CHANGED, 3, "16b3748.0").write();
		assertThat(update.mode()).isEqualTo(WriteMode.LOGGED);
		assertThat(update.fence()).isEqualTo(3);
		assertThat(text(update.entry())).isEqualTo("{\"@epoch\":" + EPOCH
				+ ",\"@fence\":3,\"@kind\":\"evicted\",\"@change\":\"16b3748.0\",\"@keptFence\":true}");
		EntryWrite newVersion = this.preparation.logged(this.cache, 1L, LoggedChange.NEW_VERSION, 4, "16b3749.0")
			.write();
		assertThat(newVersion.mode()).isEqualTo(WriteMode.LOGGED_NEW_VERSION);
		EntryWrite delete = this.preparation
			.logged(this.cache, 1L, LoggedChange.DELETED, WritePreparation.UNKNOWN_VERSION_FENCE, "16b3748.1")
			.write();
		assertThat(delete.mode()).isEqualTo(WriteMode.DELETE);
		assertThat(text(delete.entry())).contains("\"@kind\":\"deleted\"", "16b3748.1");
		assertThat(delete.ttlMillis()).isPositive();
	}

	@Test
	void fillWithoutExpectedEntryIsNothing() {
		assertThat(this.preparation.fill(this.cache, 1L, TestEntities.member(1, 3, "Ada"), Lookup.miss(EPOCH, null)))
			.isNull();
	}

	@Test
	void unknownVersionFenceIsTheLargestExactDouble() {
		assertThat(WritePreparation.UNKNOWN_VERSION_FENCE).isEqualTo((long) Math.pow(2, 53) - 1);
		assertThat((long) (double) WritePreparation.UNKNOWN_VERSION_FENCE)
			.isEqualTo(WritePreparation.UNKNOWN_VERSION_FENCE);
	}

	@Test
	void fillOfTheVersionAnotherShapeHoldsKeepsItsStateAndTheTimeItHasLeft() {
		byte[] theirs = otherShapeEntry(3);
		EntryWrite fill = this.preparation.fill(this.cache, 1L, TestEntities.member(1, 3, "Ada"),
				Lookup.otherShape(EPOCH, theirs, 3, this.cache.codec().decode(theirs).otherStates()));
		assertThat(fill.mode()).isEqualTo(WriteMode.FILL_KEEPING_STATES);
		assertThat(fill.ttlMillis()).isPositive();
		assertThat(TestEntities.text(fill.entry())).contains(otherShape().shape(), this.cache.codec().shape());
	}

	@Test
	void fillOverAnEntryOfTheEarlierFormatKeepsNothingAndLivesItsOwnTime() {
		byte[] earlier = ("{\"@epoch\":" + EPOCH + ",\"@fence\":3,\"@kind\":\"entity\",\"@format\":1,\"id\":1}")
			.getBytes(StandardCharsets.UTF_8);
		EntryWrite fill = this.preparation.fill(this.cache, 1L, TestEntities.member(1, 3, "Ada"),
				Lookup.otherShape(EPOCH, earlier, 3, this.cache.codec().decode(earlier).otherStates()));
		assertThat(fill.mode()).isEqualTo(WriteMode.FILL);
		assertThat(fill.entry()).isEqualTo(this.cache.codec().encode(TestEntities.member(1, 3, "Ada"), EPOCH, 3));
	}

	@Test
	void fillOfANewerVersionReplacesAnotherShapesState() {
		byte[] theirs = otherShapeEntry(3);
		EntryWrite fill = this.preparation.fill(this.cache, 1L, TestEntities.member(1, 4, "Ada"),
				Lookup.otherShape(EPOCH, theirs, 3, this.cache.codec().decode(theirs).otherStates()));
		assertThat(fill.mode()).isEqualTo(WriteMode.FILL);
		assertThat(TestEntities.text(fill.entry())).doesNotContain(otherShape().shape());
	}

	@Test
	void fillThatWouldExceedMaxEntrySizeWithTheOtherShapesStateKeepsOnlyItsOwn() {
		byte[] theirs = otherShapeEntry(3);
		int ownSize = this.cache.codec().encode(TestEntities.member(1, 3, "Ada"), EPOCH, 3).length;
		EntityCache small = TestEntities.cache("members", TestEntities.versionedModel(), this.access,
				TestEntities.SETTINGS.withMaxEntrySize(DataSize.ofBytes(ownSize + 10)));
		EntryWrite fill = this.preparation.fill(small, 1L, TestEntities.member(1, 3, "Ada"),
				Lookup.otherShape(EPOCH, theirs, 3, small.codec().decode(theirs).otherStates()));
		assertThat(fill.entry()).hasSize(ownSize);
		assertThat(fill.mode()).isEqualTo(WriteMode.FILL);
	}

	@Test
	void fillOfAnEntityWithoutVersionKeepsAnotherShapesStateAndTheTimeItHasLeft() {
		EntityCodec<?> otherShape = new EntityCodec<>(TestEntities.otherShapeModel(), this.access);
		byte[] theirs = otherShape.encode(TestEntities.member(1, 3, "Ada"), EPOCH, 42);
		EntryWrite fill = this.preparation.fill(this.unversioned, 1L, TestEntities.member(1, 3, "Ada"),
				Lookup.otherShape(EPOCH, theirs, 42, this.unversioned.codec().decode(theirs).otherStates()));
		assertThat(fill.fence()).isEqualTo(42);
		assertThat(TestEntities.text(fill.entry())).contains(otherShape.shape());
		assertThat(fill.mode()).isEqualTo(WriteMode.FILL_KEEPING_STATES);
	}

	private byte[] otherShapeEntry(long version) {
		return otherShape().encode(TestEntities.member(1, version, "Ada"), EPOCH, version);
	}

	private EntityCodec<?> otherShape() {
		return new EntityCodec<>(TestEntities.otherShapeModel(), this.access);
	}

}
