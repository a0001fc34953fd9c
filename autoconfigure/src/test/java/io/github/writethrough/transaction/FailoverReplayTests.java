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

import io.github.writethrough.cache.AcknowledgedUpdates;
import io.github.writethrough.cache.CacheUpdates;
import io.github.writethrough.cache.CacheWriter;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.PreparedWrite;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FailoverReplay}.
 *
 * @author Write-Through contributors
 */
class FailoverReplayTests {

	private final RecordingEntryStore store = new RecordingEntryStore();

	private final AcknowledgedUpdates acknowledged = new AcknowledgedUpdates(100);

	private final CacheWriter writer = new CacheWriter(this.store, this.acknowledged);

	private final CacheRepairs repairs = new CacheRepairs(this.writer, 100, Duration.ofHours(1));

	private final FailoverReplay replay = new FailoverReplay(this.store, this.acknowledged, this.repairs,
			Duration.ofSeconds(1), Duration.ofHours(1));

	private final EntityCache items = TestCaches.cache("items");

	@Test
	void updatesAcknowledgedBeforeTheMasterWasReplacedAreSentAgain() {
		PreparedWrite first = TestCaches.saved(this.items, 1, 10);
		PreparedWrite second = TestCaches.deleted(this.items, 2, 11);
		this.replay.check();
		this.store.replicaHolds(false);
		this.writer.apply(new CacheUpdates(List.of(first, second), List.of()));
		this.store.replaceMaster();
		this.replay.check();
		assertThat(this.repairs.pending()).isEqualTo(2);
		assertThat(this.items.trust().isTrusted(first.write().key())).isFalse();
		assertThat(this.repairs.retry()).isTrue();
		assertThat(this.store.lastBatch().writes()).containsExactlyInAnyOrder(first.write(), second.write());
	}

	@Test
	void invalidationsAcknowledgedBeforeTheMasterWasReplacedAreSentAgain() {
		this.replay.check();
		this.store.replicaHolds(false);
		this.writer.invalidate(this.items);
		this.store.replaceMaster();
		this.replay.check();
		assertThat(this.items.trust().isTrusted()).isFalse();
		assertThat(this.repairs.retry()).isTrue();
		assertThat(TestCaches.texts(this.store.lastBatch().invalidations())).containsExactly(this.items.epochKey());
	}

	@Test
	void nothingIsSentAgainWhileTheMasterAnswersAsBefore() {
		this.replay.check();
		this.store.replicaHolds(false);
		this.writer.apply(new CacheUpdates(List.of(TestCaches.saved(this.items, 1, 10)), List.of()));
		this.replay.check();
		assertThat(this.repairs.pending()).isZero();
	}

	@Test
	void aMasterThatDoesNotAnswerMayHaveLostWhatItAcknowledged() {
		PreparedWrite write = TestCaches.saved(this.items, 1, 10);
		this.replay.check();
		this.store.replicaHolds(false);
		this.writer.apply(new CacheUpdates(List.of(write), List.of()));
		this.store.failing(true);
		this.replay.check();
		assertThat(this.repairs.pending()).isOne();
		this.store.failing(false);
		this.replay.check();
		assertThat(this.repairs.retry()).isTrue();
		assertThat(this.store.lastBatch().writes()).containsExactly(write.write());
	}

	@Test
	void updatesAReplicaHoldsAreNotSentAgain() {
		this.replay.check();
		this.writer.apply(new CacheUpdates(List.of(TestCaches.saved(this.items, 1, 10)), List.of(this.items)));
		this.replay.check();
		PreparedWrite unreplicated = TestCaches.saved(this.items, 2, 10);
		this.store.replicaHolds(false);
		this.writer.apply(new CacheUpdates(List.of(unreplicated), List.of()));
		this.store.replaceMaster();
		this.replay.check();
		assertThat(this.repairs.retry()).isTrue();
		assertThat(this.store.lastBatch().writes()).containsExactly(unreplicated.write());
		assertThat(this.store.lastBatch().invalidations()).isEmpty();
	}

	@Test
	void whatTheReplacedMasterLostIsSentAgainEvenWhenItsSuccessorsReplicasAreInSync() {
		PreparedWrite write = TestCaches.saved(this.items, 1, 10);
		this.replay.check();
		this.store.replicaHolds(false);
		this.writer.apply(new CacheUpdates(List.of(write), List.of()));
		this.writer.invalidate(this.items);
		this.store.replaceMaster();
		this.store.replicaHolds(true);
		this.replay.check();
		assertThat(this.items.trust().isTrusted()).isFalse();
		assertThat(this.repairs.retry()).isTrue();
		assertThat(TestCaches.texts(this.store.lastBatch().invalidations())).containsExactly(this.items.epochKey());
	}

	@Test
	void aCheckThatTimedOutSendsNoInvalidationAgain() {
		this.replay.check();
		this.store.replicaHolds(false);
		this.writer.invalidate(this.items);
		this.store.failing(true);
		this.replay.check();
		this.store.failing(false);
		this.replay.check();
		assertThat(this.repairs.pending()).isZero();
		assertThat(this.items.trust().isTrusted()).isTrue();
	}

	@Test
	void aMasterThatWentSilentIsReplacedWhenAnotherAnswersForItsKeys() {
		PreparedWrite write = TestCaches.saved(this.items, 1, 10);
		this.replay.check();
		this.store.replicaHolds(false);
		this.writer.apply(new CacheUpdates(List.of(write), List.of()));
		this.writer.invalidate(this.items);
		this.store.failing(true);
		this.replay.check();
		this.store.failing(false);
		this.store.replaceMaster();
		this.replay.check();
		assertThat(this.repairs.retry()).isTrue();
		assertThat(this.store.lastBatch().writes()).isEmpty();
		assertThat(TestCaches.texts(this.store.lastBatch().invalidations())).containsExactly(this.items.epochKey());
	}

	@Test
	void onlyTheWriteOfTheHighestFenceOfAKeyIsSentAgain() {
		PreparedWrite newer = TestCaches.saved(this.items, 1, 11);
		this.replay.check();
		this.store.replicaHolds(false);
		this.writer.apply(new CacheUpdates(List.of(newer), List.of()));
		this.writer.apply(new CacheUpdates(List.of(TestCaches.saved(this.items, 1, 10)), List.of()));
		this.store.replaceMaster();
		this.replay.check();
		assertThat(this.repairs.retry()).isTrue();
		assertThat(this.store.lastBatch().writes()).containsExactly(newer.write());
	}

}
