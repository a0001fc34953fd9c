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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.github.writethrough.store.CacheUnavailableException;
import io.github.writethrough.store.WriteBatch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CacheWriter}.
 *
 * @author Write-Through contributors
 */
class CacheWriterTests {

	private static final long EPOCH = FakeEntryStore.INITIAL_EPOCH;

	private final FakeEntryStore store = new FakeEntryStore();

	private final WritePreparation preparation = new WritePreparation(this.store);

	private final CacheWriter writer = new CacheWriter(this.store);

	private final EntityCache members = TestEntities.cache("members");

	private final EntityCache teams = TestEntities.cache("teams");

	@Test
	void applyRecordsPutsSkippedPutsAndEvictionsPerWrite() {
		CacheUpdates updates = new CacheUpdates(List.of(saved(this.members, 1), saved(this.members, 2),
				this.preparation.deleted(this.members, 3L, 1, 0)), List.of(this.teams));
		this.store.skipNextWrites(1);
		this.writer.apply(updates);
		assertThat(this.members.statistics().skippedPuts()).isEqualTo(1);
		assertThat(this.members.statistics().puts()).isEqualTo(1);
		assertThat(this.members.statistics().evictions()).isEqualTo(1);
		assertThat(this.teams.statistics().evictions()).isEqualTo(1);
		assertThat(this.teams.statistics().puts()).isZero();
	}

	@Test
	void applySendsOneBatchForWritesOfSeveralCaches() {
		PreparedWrite member = saved(this.members, 1);
		PreparedWrite team = saved(this.teams, 1);
		this.writer.apply(new CacheUpdates(List.of(member, team), List.of()));
		assertThat(this.store.batches()).singleElement().satisfies((batch) -> {
			assertThat(batch.writes()).containsExactly(member.write(), team.write());
			assertThat(batch.invalidations()).isEmpty();
			assertThat(batch.epochReads()).map(TestEntities::text).containsExactly("wt:members", "wt:teams");
		});
		assertThat(this.store.entry(member.write().key())).isEqualTo(member.write().entry());
		assertThat(this.store.entry(team.write().key())).isEqualTo(team.write().entry());
	}

	@Test
	void applyObservesTheEpochsReadAfterTheWrites() {
		PreparedWrite member = saved(this.members, 1);
		this.writer.apply(new CacheUpdates(List.of(member), List.of(this.teams)));
		assertThat(this.members.epoch().known()).isEqualTo(EPOCH);
		assertThat(this.teams.epoch().known()).isEqualTo(EPOCH + 1);
		assertThat(this.store.epoch(this.teams.epoch().key())).isEqualTo(EPOCH + 1);
	}

	@Test
	void appliedEpochsNeverShrinkTheKnownEpoch() {
		this.members.epoch().observed(EPOCH + 50);
		this.writer.apply(new CacheUpdates(List.of(saved(this.members, 1)), List.of()));
		assertThat(this.members.epoch().known()).isEqualTo(EPOCH + 50);
	}

	@Test
	void emptyUpdatesSendNothing() {
		this.writer.apply(new CacheUpdates(List.of(), List.of()));
		assertThat(this.writer.applyAsync(new CacheUpdates(List.of(), List.of()))).isCompleted();
		assertThat(this.store.calls()).isZero();
	}

	@Test
	void storeFailurePropagatesAndRecordsNothing() {
		CacheUpdates updates = new CacheUpdates(List.of(saved(this.members, 1)), List.of(this.teams));
		this.store.unavailable(true);
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> this.writer.apply(updates));
		assertNothingRecorded(this.members);
		assertNothingRecorded(this.teams);
		assertThat(this.teams.epoch().known()).isZero();
	}

	@Test
	void recordFailureCountsFailedUpdatesPerWrite() {
		CacheUpdates updates = new CacheUpdates(
				List.of(saved(this.members, 1), saved(this.members, 2), saved(this.teams, 1)), List.of());
		this.writer.recordFailure(updates);
		assertThat(this.members.statistics().failedUpdates()).isEqualTo(2);
		assertThat(this.teams.statistics().failedUpdates()).isEqualTo(1);
		assertThat(this.store.batches()).isEmpty();
	}

	@Test
	void applyAsyncRecordsWhenRedisTookTheUpdates() {
		CompletableFuture<Void> applied = this.writer
			.applyAsync(new CacheUpdates(List.of(saved(this.members, 1)), List.of()));
		assertThat(applied).isCompleted();
		assertThat(this.members.statistics().puts()).isEqualTo(1);
		assertThat(this.members.epoch().known()).isEqualTo(EPOCH);
	}

	@Test
	void applyAsyncCompletesExceptionallyOnFailure() {
		CacheUpdates updates = new CacheUpdates(List.of(saved(this.members, 1)), List.of());
		this.store.unavailable(true);
		CompletableFuture<Void> applied = this.writer.applyAsync(updates);
		assertThat(applied).isCompletedExceptionally();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(applied::get)
			.withCauseInstanceOf(CacheUnavailableException.class);
		assertNothingRecorded(this.members);
	}

	@Test
	void invalidateAdvancesTheEpochAndCountsAnEviction() {
		this.writer.invalidate(this.members);
		assertThat(this.store.batches()).singleElement().satisfies((batch) -> {
			assertThat(batch.writes()).isEmpty();
			assertThat(batch.invalidations()).map(TestEntities::text).containsExactly("wt:members");
		});
		assertThat(this.members.epoch().known()).isEqualTo(EPOCH + 1);
		assertThat(this.members.statistics().evictions()).isEqualTo(1);
	}

	@Test
	void invalidateSendsForeignEpochKeysInTheSameBatch() {
		this.writer.invalidate(List.of(this.members, this.teams), List.of("wt:gone"));
		WriteBatch batch = this.store.batches().get(0);
		assertThat(this.store.batches()).hasSize(1);
		assertThat(batch.invalidations()).map(TestEntities::text).containsExactly("wt:members", "wt:teams", "wt:gone");
		assertThat(batch.epochReads()).map(TestEntities::text).containsExactly("wt:members", "wt:teams");
		assertThat(this.store.epoch("wt:gone".getBytes(StandardCharsets.UTF_8))).isEqualTo(EPOCH + 1);
		assertThat(this.members.epoch().known()).isEqualTo(EPOCH + 1);
		assertThat(this.teams.statistics().evictions()).isEqualTo(1);
	}

	private PreparedWrite saved(EntityCache cache, long id) {
		return this.preparation.saved(cache, TestEntities.member(id, 1, "Member " + id), 0);
	}

	private static void assertNothingRecorded(EntityCache cache) {
		CacheStatistics statistics = cache.statistics();
		assertThat(statistics.puts()).isZero();
		assertThat(statistics.skippedPuts()).isZero();
		assertThat(statistics.evictions()).isZero();
		assertThat(statistics.failedUpdates()).isZero();
	}

}
