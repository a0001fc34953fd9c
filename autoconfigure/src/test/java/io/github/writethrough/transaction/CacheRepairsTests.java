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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.writethrough.cache.CacheUpdates;
import io.github.writethrough.cache.CacheWriter;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.PreparedWrite;
import io.github.writethrough.store.CacheUnavailableException;
import io.github.writethrough.store.WriteBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link CacheRepairs}.
 *
 * @author Write-Through contributors
 */
class CacheRepairsTests {

	private static final int MAX_PENDING_KEYS = 3;

	private final RecordingEntryStore store = new RecordingEntryStore();

	private final AtomicLong nanos = new AtomicLong();

	private final CacheRepairs repairs = new CacheRepairs(new CacheWriter(this.store), MAX_PENDING_KEYS,
			Duration.ofHours(1), this.nanos::get);

	private final EntityCache items = TestCaches.cache("items");

	private final EntityCache others = TestCaches.cache("others");

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	@AfterEach
	void shutDownScheduler() {
		this.scheduler.destroy();
	}

	@Test
	void everyWaitingWriteOfAKeyIsSentAgainInOneBatchInTheOrderAdded() {
		PreparedWrite older = TestCaches.saved(this.items, 1, 10);
		PreparedWrite newer = TestCaches.saved(this.items, 1, 11);
		PreparedWrite other = TestCaches.saved(this.items, 2, 10);
		// the older state is handed over last: both are sent, the script keeps the newer
		this.repairs.add(writes(newer, other));
		this.repairs.add(writes(older));
		assertThat(this.repairs.pending()).isEqualTo(2);
		assertThat(this.repairs.retry()).isTrue();
		assertThat(this.store.batches()).hasSize(1);
		assertThat(this.store.lastBatch().writes()).containsExactly(newer.write(), older.write(), other.write());
		assertThat(this.repairs.pending()).isZero();
	}

	@Test
	void callbacksRunOnceEverythingThatWaitedWasApplied() {
		AtomicInteger applied = new AtomicInteger();
		this.repairs.add(writes(TestCaches.saved(this.items, 1, 10)), applied::incrementAndGet);
		this.repairs.add(invalidation(this.others), applied::incrementAndGet);
		this.store.failing(true);
		assertThat(this.repairs.retry()).isFalse();
		assertThat(applied).hasValue(0);
		this.store.failing(false);
		assertThat(this.repairs.retry()).isTrue();
		assertThat(applied).hasValue(2);
		assertThat(this.repairs.retry()).isTrue();
		assertThat(applied).hasValue(2);
	}

	@Test
	void pendingCountsWaitingKeysAndInvalidatedCaches() {
		this.repairs.add(writes(TestCaches.saved(this.items, 1, 10), TestCaches.saved(this.items, 2, 10)));
		this.repairs.add(writes(TestCaches.saved(this.items, 1, 11)));
		this.repairs.add(invalidation(this.others));
		this.repairs.add(invalidation(this.others));
		assertThat(this.repairs.pending()).isEqualTo(3);
	}

	@Test
	void invalidationOfACacheDropsItsWaitingWritesAndIsSent() {
		PreparedWrite other = TestCaches.saved(this.others, 1, 10);
		this.repairs.add(writes(TestCaches.saved(this.items, 1, 10), other, TestCaches.saved(this.items, 2, 10)));
		this.repairs.add(invalidation(this.items));
		assertThat(this.repairs.pending()).isEqualTo(2);
		assertThat(this.repairs.retry()).isTrue();
		WriteBatch batch = this.store.lastBatch();
		assertThat(batch.writes()).containsExactly(other.write());
		assertThat(TestCaches.texts(batch.invalidations())).containsExactly(this.items.epochKey());
	}

	@Test
	void writesOfACacheWaitingForInvalidationAreDropped() {
		this.repairs.add(invalidation(this.items));
		this.repairs.add(writes(TestCaches.saved(this.items, 1, 10)));
		assertThat(this.repairs.pending()).isOne();
		assertThat(this.repairs.retry()).isTrue();
		assertThat(this.store.lastBatch().writes()).isEmpty();
	}

	@Test
	void keysWithWaitingWritesAndCachesWithWaitingInvalidationsAreNotTrusted() {
		PreparedWrite write = TestCaches.saved(this.items, 1, 10);
		this.repairs.add(writes(write, TestCaches.saved(this.items, 2, 10)));
		this.repairs.add(invalidation(this.others));
		assertThat(this.items.trust().isTrusted(write.write().key())).isFalse();
		assertThat(this.items.trust().isTrusted(TestCaches.saved(this.items, 3, 10).write().key())).isTrue();
		assertThat(this.items.trust().isTrusted()).isTrue();
		assertThat(this.items.trust().pendingRepairs()).isEqualTo(2);
		assertThat(this.others.trust().isTrusted()).isFalse();
		assertThat(this.repairs.retry()).isTrue();
		assertThat(this.items.trust().isTrusted(write.write().key())).isTrue();
		assertThat(this.others.trust().isTrusted()).isTrue();
	}

	@Test
	void failedRetryKeepsEverything() {
		PreparedWrite write = TestCaches.saved(this.items, 1, 10);
		this.repairs.add(writes(write));
		this.repairs.add(invalidation(this.others));
		this.store.failing(true);
		assertThat(this.repairs.retry()).isFalse();
		assertThat(this.repairs.pending()).isEqualTo(2);
		assertThat(this.items.trust().isTrusted(write.write().key())).isFalse();
		assertThat(this.others.trust().isTrusted()).isFalse();
		this.store.failing(false);
		assertThat(this.repairs.retry()).isTrue();
		assertThat(this.store.batches()).hasSize(2);
		WriteBatch batch = this.store.lastBatch();
		assertThat(batch.writes()).containsExactly(write.write());
		assertThat(TestCaches.texts(batch.invalidations())).containsExactly(this.others.epochKey());
		assertThat(this.items.trust().isTrusted()).isTrue();
	}

	@Test
	void moreWritesOfOneKeyThanMaxPendingKeysTurnIntoAnInvalidationOfItsCache() {
		for (long version = 1; version <= MAX_PENDING_KEYS; version++) {
			this.repairs.add(writes(TestCaches.saved(this.items, 1, version)));
		}
		assertThat(this.repairs.pending()).isOne();
		this.repairs.add(writes(TestCaches.saved(this.items, 1, MAX_PENDING_KEYS + 1)));
		assertThat(this.repairs.retry()).isTrue();
		assertThat(this.store.lastBatch().writes()).isEmpty();
		assertThat(TestCaches.texts(this.store.lastBatch().invalidations())).containsExactly(this.items.epochKey());
	}

	@Test
	void moreKeysThanMaxPendingKeysTurnIntoInvalidationsOfTheCachesConcerned() {
		EntityCache untouched = TestCaches.cache("untouched");
		this.repairs.add(writes(TestCaches.saved(this.items, 1, 10), TestCaches.saved(this.items, 2, 10)));
		this.repairs.add(writes(TestCaches.saved(this.others, 1, 10)));
		assertThat(this.repairs.pending()).isEqualTo(MAX_PENDING_KEYS);
		this.repairs.add(writes(TestCaches.saved(this.items, 3, 10)));
		assertThat(this.repairs.pending()).isEqualTo(2);
		assertThat(untouched.trust().isTrusted()).isTrue();
		assertThat(this.repairs.retry()).isTrue();
		WriteBatch batch = this.store.lastBatch();
		assertThat(batch.writes()).isEmpty();
		assertThat(TestCaches.texts(batch.invalidations())).containsExactly(this.items.epochKey(),
				this.others.epochKey());
	}

	@Test
	void writeThatWaitedLongerThanMaxEntryRepairAgeTurnsIntoInvalidationOfItsCache() {
		this.repairs.add(writes(TestCaches.saved(this.items, 1, 10)));
		this.nanos.set(CacheRepairs.MAX_ENTRY_REPAIR_AGE.toNanos());
		PreparedWrite recent = TestCaches.saved(this.others, 1, 10);
		this.repairs.add(writes(recent));
		this.nanos.incrementAndGet();
		assertThat(this.repairs.retry()).isTrue();
		WriteBatch batch = this.store.lastBatch();
		assertThat(batch.writes()).containsExactly(recent.write());
		assertThat(TestCaches.texts(batch.invalidations())).containsExactly(this.items.epochKey());
	}

	@Test
	void writeThatWaitedExactlyMaxEntryRepairAgeIsStillSent() {
		PreparedWrite write = TestCaches.saved(this.items, 1, 10);
		this.repairs.add(writes(write));
		this.nanos.set(CacheRepairs.MAX_ENTRY_REPAIR_AGE.toNanos());
		assertThat(this.repairs.retry()).isTrue();
		WriteBatch batch = this.store.lastBatch();
		assertThat(batch.writes()).containsExactly(write.write());
		assertThat(batch.invalidations()).isEmpty();
	}

	@Test
	void invalidationAskedForAgainWhileARetryWasInFlightStaysForTheNextRetry() {
		this.repairs.add(invalidation(this.items));
		this.store.onWrite((batch) -> this.repairs.add(invalidation(this.items)));
		assertThat(this.repairs.retry()).isFalse();
		assertThat(this.repairs.pending()).isOne();
		assertThat(this.items.trust().isTrusted()).isFalse();
		this.store.onWrite(null);
		assertThat(this.repairs.retry()).isTrue();
		assertThat(this.store.batches()).hasSize(2);
		assertThat(TestCaches.texts(this.store.lastBatch().invalidations())).containsExactly(this.items.epochKey());
		assertThat(this.items.trust().isTrusted()).isTrue();
	}

	@Test
	void writeOfACacheWhoseInvalidationIsInFlightInvalidatesItOnceMore() {
		this.repairs.add(invalidation(this.items));
		this.store.onWrite((batch) -> this.repairs.add(writes(TestCaches.saved(this.items, 1, 10))));
		assertThat(this.repairs.retry()).isFalse();
		assertThat(this.items.trust().isTrusted()).isFalse();
		this.store.onWrite(null);
		assertThat(this.repairs.retry()).isTrue();
		assertThat(this.store.lastBatch().writes()).isEmpty();
		assertThat(TestCaches.texts(this.store.lastBatch().invalidations())).containsExactly(this.items.epochKey());
		assertThat(this.items.trust().isTrusted()).isTrue();
	}

	@Test
	void writeAddedWhileARetryWasInFlightStaysForTheNextRetry() {
		PreparedWrite sent = TestCaches.saved(this.items, 1, 10);
		PreparedWrite added = TestCaches.saved(this.items, 1, 11);
		this.repairs.add(writes(sent));
		this.store.onWrite((batch) -> this.repairs.add(writes(added)));
		assertThat(this.repairs.retry()).isFalse();
		assertThat(this.repairs.pending()).isOne();
		this.store.onWrite(null);
		assertThat(this.repairs.retry()).isTrue();
		assertThat(this.store.lastBatch().writes()).containsExactly(added.write());
	}

	@Test
	void retryWithNothingWaitingSendsNothing() {
		assertThat(this.repairs.retry()).isTrue();
		assertThat(this.store.batches()).isEmpty();
	}

	@Test
	void startRetriesOnTheScheduler() throws InterruptedException {
		CacheRepairs repairs = new CacheRepairs(new CacheWriter(this.store), MAX_PENDING_KEYS, Duration.ofMillis(1),
				this.nanos::get);
		PreparedWrite write = TestCaches.saved(this.items, 1, 10);
		repairs.add(writes(write));
		CountDownLatch retried = new CountDownLatch(1);
		this.store.onWrite((batch) -> retried.countDown());
		this.scheduler.initialize();
		repairs.start(this.scheduler);
		assertThat(retried.await(10, TimeUnit.SECONDS)).isTrue();
		repairs.stop();
		assertThat(this.store.batches()).first()
			.satisfies((batch) -> assertThat(batch.writes()).containsExactly(write.write()));
		assertThat(repairs.pending()).isZero();
	}

	@Test
	void stopMakesALastRetry() {
		this.scheduler.initialize();
		this.repairs.start(this.scheduler);
		PreparedWrite write = TestCaches.saved(this.items, 1, 10);
		this.repairs.add(writes(write));
		assertThat(this.store.batches()).isEmpty();
		this.repairs.stop();
		assertThat(this.store.batches()).hasSize(1);
		assertThat(this.store.lastBatch().writes()).containsExactly(write.write());
		assertThat(this.repairs.pending()).isZero();
		assertThat(this.items.trust().isTrusted()).isTrue();
	}

	@Test
	void failedLastRetryKeepsWhatWaits() {
		this.scheduler.initialize();
		this.repairs.start(this.scheduler);
		this.repairs.add(writes(TestCaches.saved(this.items, 1, 10)));
		this.store.failing(true);
		this.repairs.stop();
		assertThat(this.store.batches()).hasSize(1);
		assertThat(this.repairs.pending()).isOne();
	}

	@Test
	void stopBeforeStartMakesNoRetry() {
		this.repairs.add(writes(TestCaches.saved(this.items, 1, 10)));
		this.repairs.stop();
		assertThat(this.store.batches()).isEmpty();
		assertThat(this.repairs.pending()).isOne();
	}

	@Test
	void stopAwaitsUpdatesInFlightAndRetriesWhatTheyHandOver() throws Exception {
		this.scheduler.initialize();
		this.repairs.start(this.scheduler);
		PreparedWrite write = TestCaches.saved(this.items, 1, 10);
		CompletableFuture<Void> update = new CompletableFuture<>();
		CompletableFuture<Void> handedOver = update.handle((result, ex) -> {
			this.repairs.add(writes(write));
			return null;
		});
		this.repairs.inFlight(handedOver);
		CompletableFuture<Void> stopping = CompletableFuture.runAsync(this.repairs::stop);
		// the repairs follow the update, and stopping waits for it too
		await().atMost(Duration.ofSeconds(10)).until(() -> handedOver.getNumberOfDependents() > 1);
		assertThat(stopping).isNotDone();
		update.completeExceptionally(new CacheUnavailableException("Redis did not answer in time", null));
		stopping.get(10, TimeUnit.SECONDS);
		assertThat(this.store.batches()).hasSize(1);
		assertThat(this.store.lastBatch().writes()).containsExactly(write.write());
		assertThat(this.repairs.pending()).isZero();
	}

	private static CacheUpdates writes(PreparedWrite... writes) {
		return new CacheUpdates(List.of(writes), List.of());
	}

	private static CacheUpdates invalidation(EntityCache cache) {
		return new CacheUpdates(List.of(), List.of(cache));
	}

}
