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

package io.github.writethrough.transaction;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import io.github.writethrough.cache.CacheWriter;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.WritePreparation;
import io.github.writethrough.store.EntryWrite;
import io.github.writethrough.store.WriteBatch;
import io.github.writethrough.store.WriteMode;
import io.github.writethrough.transaction.TestCaches.Item;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.core.Ordered;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TransactionChanges}.
 *
 * @author Write-Through contributors
 */
class TransactionChangesTests {

	private static final long SEQUENCE_FENCE = 42;

	private final RecordingEntryStore store = new RecordingEntryStore();

	private final TransactionChanges changes;

	private final EntityCache items = TestCaches.cache("items");

	private final EntityCache versioned = TestCaches.versionedCache("versioned");

	private final Object scope = new Object();

	private final AtomicInteger sequenceCalls = new AtomicInteger();

	private final LongSupplier sequenceFence = () -> {
		this.sequenceCalls.incrementAndGet();
		return SEQUENCE_FENCE;
	};

	TransactionChangesTests() {
		CacheWriter writer = new CacheWriter(this.store);
		CacheRepairs repairs = new CacheRepairs(writer, 100, Duration.ofMinutes(1));
		UpdateDispatcher dispatcher = new UpdateDispatcher(writer, repairs, FailureMode.LOG, true, null,
				ObservationRegistry.NOOP);
		this.changes = TransactionChanges.unmanaged(new WritePreparation(this.store), dispatcher);
	}

	@Test
	void addReturnsTrueOnlyForTheFirstChangeOfAScope() {
		Object other = new Object();
		assertThat(this.changes.add(this.scope, saved(this.items, 1, 0))).isTrue();
		assertThat(this.changes.add(this.scope, saved(this.items, 2, 0))).isFalse();
		assertThat(this.changes.add(other, saved(this.items, 3, 0))).isTrue();
		assertThat(this.changes.add(other, new CacheChange.Invalidated(this.items))).isFalse();
	}

	@Test
	void prepareKeepsTheLastWriteOfEachKey() {
		this.changes.add(this.scope, saved(this.versioned, 1, 1));
		this.changes.add(this.scope, saved(this.versioned, 2, 1));
		this.changes.add(this.scope, saved(this.versioned, 1, 2));
		this.changes.add(this.scope, new CacheChange.Deleted(this.versioned, 2L, 3));
		this.changes.prepare(this.scope, this.sequenceFence);
		this.changes.afterCommit();
		List<EntryWrite> writes = this.store.lastBatch().writes();
		assertThat(writes).extracting(EntryWrite::keyText).containsExactly("wt:versioned:1", "wt:versioned:2");
		assertThat(writes).extracting(EntryWrite::mode).containsExactly(WriteMode.COMMIT, WriteMode.DELETE);
		assertThat(writes).extracting(EntryWrite::fence).containsExactly(2L, 3L);
	}

	@Test
	void prepareTakesNoSequenceFenceForVersionedEntities() {
		this.changes.add(this.scope, saved(this.versioned, 1, 5));
		this.changes.add(this.scope, new CacheChange.Deleted(this.versioned, 2L, 6));
		this.changes.prepare(this.scope, this.sequenceFence);
		assertThat(this.sequenceCalls).hasValue(0);
	}

	@Test
	void prepareTakesTheSequenceFenceOnceForEntitiesWithoutVersion() {
		this.changes.add(this.scope, saved(this.versioned, 1, 5));
		this.changes.add(this.scope, saved(this.items, 1, 0));
		this.changes.add(this.scope, saved(this.items, 2, 0));
		this.changes.add(this.scope, CacheChange.Deleted.ofUnknownVersion(this.items, 3L));
		this.changes.prepare(this.scope, this.sequenceFence);
		assertThat(this.sequenceCalls).hasValue(1);
		this.changes.afterCommit();
		assertThat(this.store.lastBatch().writes()).extracting(EntryWrite::fence)
			.containsExactly(5L, SEQUENCE_FENCE, SEQUENCE_FENCE, SEQUENCE_FENCE);
	}

	@Test
	void writesAreStampedWithTheEpochOfTheirCache() {
		this.changes.add(this.scope, saved(this.items, 1, 0));
		this.changes.prepare(this.scope, this.sequenceFence);
		this.changes.afterCommit();
		assertThat(this.store.lastBatch().writes()).extracting(EntryWrite::epoch)
			.containsExactly(RecordingEntryStore.EPOCH);
	}

	@Test
	void invalidatedChangeDropsTheWritesOfItsCacheAndInvalidatesIt() {
		this.changes.add(this.scope, saved(this.items, 1, 0));
		this.changes.add(this.scope, new CacheChange.Invalidated(this.items));
		this.changes.add(this.scope, saved(this.items, 2, 0));
		this.changes.add(this.scope, saved(this.versioned, 1, 5));
		this.changes.prepare(this.scope, this.sequenceFence);
		assertThat(this.sequenceCalls).hasValue(0);
		this.changes.afterCommit();
		WriteBatch batch = this.store.lastBatch();
		assertThat(batch.writes()).extracting(EntryWrite::keyText).containsExactly("wt:versioned:1");
		assertThat(TestCaches.texts(batch.invalidations())).containsExactly(this.items.epochKey());
	}

	@Test
	void invalidationInALaterScopeDropsTheWritesPreparedBefore() {
		Object later = new Object();
		this.changes.add(this.scope, saved(this.items, 1, 0));
		this.changes.prepare(this.scope, this.sequenceFence);
		this.changes.add(later, new CacheChange.Invalidated(this.items));
		this.changes.prepare(later, this.sequenceFence);
		this.changes.afterCommit();
		WriteBatch batch = this.store.lastBatch();
		assertThat(batch.writes()).isEmpty();
		assertThat(TestCaches.texts(batch.invalidations())).containsExactly(this.items.epochKey());
	}

	@Test
	void prepareReturnsTheCachesTheScopeChanged() {
		this.changes.add(this.scope, saved(this.items, 1, 0));
		this.changes.add(this.scope, new CacheChange.Invalidated(this.versioned));
		this.changes.add(new Object(), saved(TestCaches.cache("elsewhere"), 1, 0));
		assertThat(this.changes.prepare(this.scope, this.sequenceFence)).containsExactly(this.items, this.versioned);
	}

	@Test
	void afterCommitSendsOneBatchWithTheWritesAndInvalidationsOfEveryScope() {
		Object other = new Object();
		this.changes.add(this.scope, saved(this.items, 1, 0));
		this.changes.add(other, saved(this.versioned, 1, 5));
		this.changes.add(other, new CacheChange.Invalidated(TestCaches.cache("invalidated")));
		this.changes.prepare(this.scope, this.sequenceFence);
		this.changes.prepare(other, this.sequenceFence);
		assertThat(this.store.batches()).isEmpty();
		this.changes.afterCommit();
		assertThat(this.store.batches()).hasSize(1);
		WriteBatch batch = this.store.lastBatch();
		assertThat(batch.writes()).extracting(EntryWrite::keyText).containsExactly("wt:items:1", "wt:versioned:1");
		assertThat(TestCaches.texts(batch.invalidations())).containsExactly("wt:invalidated");
		assertThat(TestCaches.texts(batch.epochReads())).containsExactlyInAnyOrder("wt:items", "wt:versioned",
				"wt:invalidated");
	}

	@Test
	void afterCommitSendsNothingWithoutChanges() {
		this.changes.afterCommit();
		assertThat(this.store.batches()).isEmpty();
	}

	@Test
	void afterCommitSendsNothingForScopesThatWereNotPrepared() {
		this.changes.add(this.scope, saved(this.items, 1, 0));
		this.changes.afterCommit();
		assertThat(this.store.batches()).isEmpty();
	}

	@Test
	void entityThatCannotBeEncodedInvalidatesItsCacheInstead() {
		EntityCache unencodable = TestCaches.unencodableCache("unencodable");
		this.changes.add(this.scope, saved(this.items, 1, 0));
		this.changes.add(this.scope, saved(unencodable, 1, 0));
		assertThat(this.changes.prepare(this.scope, this.sequenceFence)).containsExactly(this.items, unencodable);
		this.changes.afterCommit();
		WriteBatch batch = this.store.lastBatch();
		assertThat(batch.writes()).extracting(EntryWrite::keyText).containsExactly("wt:items:1");
		assertThat(TestCaches.texts(batch.invalidations())).containsExactly("wt:unencodable");
	}

	@Test
	void cacheIsUpdatedBeforeOtherAfterCommitWork() {
		assertThat(this.changes.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
	}

	private static CacheChange.Saved saved(EntityCache cache, long id, long version) {
		return new CacheChange.Saved(cache, new Item(id, version));
	}

}
