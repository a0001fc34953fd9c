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

import io.github.writethrough.cache.TestEntities.Member;
import io.github.writethrough.store.StoredEntry;
import org.junit.jupiter.api.Test;

import static io.github.writethrough.cache.TestEntities.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CacheOperations}.
 *
 * @author Write-Through contributors
 */
class CacheOperationsTests {

	private static final long EPOCH = FakeEntryStore.INITIAL_EPOCH;

	private final FakeEntryStore store = new FakeEntryStore();

	private static final long FENCE_CEILING = 100;

	private final CacheOperations operations = new CacheOperations(this.store, new CacheWriter(this.store),
			() -> FENCE_CEILING);

	private final EntityCache cache = TestEntities.cache("members");

	private final EntityCache unversioned = TestEntities.cache("notes", TestEntities.unversionedModel(),
			new TestEntities.Access(), TestEntities.SETTINGS);

	@Test
	void inspectReportsAMatchingEntryConsistent() {
		Member member = TestEntities.member(1, 3, "Ada", "math");
		byte[] entry = cached(member, EPOCH);
		Inspection inspection = this.operations.inspect(this.cache, 1L, member);
		assertThat(inspection.key()).isEqualTo("wt:members:1");
		assertThat(inspection.cached()).isEqualTo(text(entry));
		assertThat(inspection.committed()).isEqualTo(text(entry));
		assertThat(inspection.consistent()).isTrue();
	}

	@Test
	void inspectReportsAnEntryThatDiffersFromTheRowInconsistent() {
		cached(TestEntities.member(1, 3, "Ada"), EPOCH);
		Inspection inspection = this.operations.inspect(this.cache, 1L, TestEntities.member(1, 3, "Grace"));
		assertThat(inspection.committed()).contains("\"name\":\"Grace\"");
		assertThat(inspection.consistent()).isFalse();
	}

	@Test
	void inspectReportsAnEntryWhoseFenceNoWriterGaveInconsistent() {
		Member member = TestEntities.member(1, 3, "Ada");
		this.store.put(key(member.id), this.cache.codec().encode(member, EPOCH, 9_000_000_000_000_000_000L));
		assertThat(this.operations.inspect(this.cache, 1L, TestEntities.member(1, 3, "Ada")).consistent()).isFalse();
	}

	@Test
	void inspectReportsAnEntryOfAnEntityWithoutVersionConsistentOnlyBelowTheFenceSequence() {
		Member member = TestEntities.member(1, 0, "Ada");
		byte[] key = this.unversioned.keys().entryKey(1L);
		this.store.put(key, this.unversioned.codec().encode(member, EPOCH, FENCE_CEILING - 1));
		assertThat(this.operations.inspect(this.unversioned, 1L, member).consistent()).isTrue();
		this.store.put(key, this.unversioned.codec().encode(member, EPOCH, FENCE_CEILING));
		assertThat(this.operations.inspect(this.unversioned, 1L, member).consistent()).isFalse();
	}

	@Test
	void inspectReportsAMarkerWhoseFenceNoWriterGaveInconsistent() {
		byte[] key = this.unversioned.keys().entryKey(1L);
		this.store.put(key, EntityCodec.encodeMarker(EntryKind.DELETED, EPOCH, FENCE_CEILING - 1));
		assertThat(this.operations.inspect(this.unversioned, 1L, null).consistent()).isTrue();
		this.store.put(key, EntityCodec.encodeMarker(EntryKind.DELETED, EPOCH, Long.MAX_VALUE));
		assertThat(this.operations.inspect(this.unversioned, 1L, null).consistent()).isFalse();
		Member member = TestEntities.member(1, 3, "Ada");
		this.store.put(key(1L), EntityCodec.encodeMarker(EntryKind.EVICTED, EPOCH, 3));
		assertThat(this.operations.inspect(this.cache, 1L, member).consistent()).isTrue();
		this.store.put(key(1L), EntityCodec.encodeMarker(EntryKind.EVICTED, EPOCH, 4));
		assertThat(this.operations.inspect(this.cache, 1L, member).consistent()).isFalse();
	}

	@Test
	void inspectReportsAnAbsentMarkerWithAFenceInconsistent() {
		this.store.put(key(1L), EntityCodec.encodeMarker(EntryKind.ABSENT, EPOCH, 5));
		assertThat(this.operations.inspect(this.cache, 1L, null).consistent()).isFalse();
	}

	@Test
	void inspectReportsAnEntryOfAFutureEpochInconsistent() {
		Member member = TestEntities.member(1, 3, "Ada");
		cached(member, EPOCH + 1);
		assertThat(this.operations.inspect(this.cache, 1L, member).consistent()).isFalse();
	}

	@Test
	void inspectReportsAnEntryWithoutExpiryInACacheWithATtlInconsistent() {
		Member member = TestEntities.member(1, 3, "Ada");
		this.store.put(key(1L), this.cache.codec().encode(member, EPOCH, 3), StoredEntry.NO_EXPIRY);
		assertThat(this.operations.inspect(this.cache, 1L, member).consistent()).isFalse();
		this.store.put(key(1L), EntityCodec.encodeMarker(EntryKind.DELETED, EPOCH - 1, 3), StoredEntry.NO_EXPIRY);
		assertThat(this.operations.inspect(this.cache, 1L, member).consistent()).isFalse();
	}

	@Test
	void inspectReportsAnEntryWithoutExpiryInACacheWithoutTtlConsistent() {
		EntityCache forever = TestEntities.cache("forever", TestEntities.versionedModel(), new TestEntities.Access(),
				TestEntities.SETTINGS.withTtl(Duration.ZERO));
		Member member = TestEntities.member(1, 3, "Ada");
		byte[] key = forever.keys().entryKey(1L);
		this.store.put(key, forever.codec().encode(member, EPOCH, 3), StoredEntry.NO_EXPIRY);
		assertThat(this.operations.inspect(forever, 1L, member).consistent()).isTrue();
	}

	@Test
	void inspectReportsAnEntityEntryOfAMissingRowInconsistent() {
		cached(TestEntities.member(1, 3, "Ada"), EPOCH);
		Inspection inspection = this.operations.inspect(this.cache, 1L, null);
		assertThat(inspection.committed()).isNull();
		assertThat(inspection.consistent()).isFalse();
	}

	@Test
	void inspectReportsAnEntryOfAnOlderEpochConsistent() {
		cached(TestEntities.member(1, 3, "Ada"), EPOCH - 1);
		assertThat(this.operations.inspect(this.cache, 1L, TestEntities.member(1, 3, "Grace")).consistent()).isTrue();
	}

	@Test
	void inspectReportsNoEntryConsistent() {
		Inspection inspection = this.operations.inspect(this.cache, 1L, TestEntities.member(1, 3, "Ada"));
		assertThat(inspection.cached()).isNull();
		assertThat(inspection.committed()).isNotNull();
		assertThat(inspection.consistent()).isTrue();
	}

	@Test
	void inspectReportsAnAbsentMarkerConsistentOnlyWhenTheRowIsMissing() {
		this.store.put(key(1L), EntityCodec.encodeMarker(EntryKind.ABSENT, EPOCH, 0));
		assertThat(this.operations.inspect(this.cache, 1L, null).consistent()).isTrue();
		assertThat(this.operations.inspect(this.cache, 1L, TestEntities.member(1, 3, "Ada")).consistent()).isFalse();
	}

	@Test
	void evictCountsAnEvictionWhenAnEntryWasRemoved() {
		cached(TestEntities.member(1, 3, "Ada"), EPOCH);
		assertThat(this.operations.evict(this.cache, 1L)).isTrue();
		assertThat(this.store.entry(key(1L))).isNull();
		assertThat(this.cache.statistics().evictions()).isEqualTo(1);
	}

	@Test
	void evictCountsNothingWhenThereWasNoEntry() {
		assertThat(this.operations.evict(this.cache, 1L)).isFalse();
		assertThat(this.cache.statistics().evictions()).isZero();
	}

	@Test
	void removeMismatchRemovesTheEntryAndCountsAnAuditMismatch() {
		cached(TestEntities.member(1, 3, "Ada"), EPOCH);
		this.operations.removeMismatch(this.cache, 1L);
		assertThat(this.store.entry(key(1L))).isNull();
		assertThat(this.cache.statistics().auditMismatches()).isEqualTo(1);
		assertThat(this.cache.statistics().evictions()).isEqualTo(1);
	}

	@Test
	void invalidateAdvancesTheEpochOfTheCache() {
		this.operations.invalidate(this.cache);
		assertThat(this.store.epoch(this.cache.epoch().key())).isEqualTo(EPOCH + 1);
		assertThat(this.cache.epoch().known()).isEqualTo(EPOCH + 1);
	}

	private byte[] cached(Member member, long epoch) {
		byte[] entry = this.cache.codec().encode(member, epoch, this.cache.versionOf(member));
		this.store.put(key(member.id), entry);
		return entry;
	}

	private byte[] key(Object id) {
		return this.cache.keys().entryKey(id);
	}

}
