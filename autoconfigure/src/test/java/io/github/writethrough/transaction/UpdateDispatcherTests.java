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

import io.github.writethrough.CacheUpdateFailedException;
import io.github.writethrough.cache.CacheUpdates;
import io.github.writethrough.cache.CacheWriter;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.PreparedWrite;
import io.github.writethrough.store.CacheUnavailableException;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link UpdateDispatcher}.
 *
 * @author Write-Through contributors
 */
class UpdateDispatcherTests {

	private final RecordingEntryStore store = new RecordingEntryStore();

	private final CacheWriter writer = new CacheWriter(this.store);

	private final CacheRepairs repairs = new CacheRepairs(this.writer, 100, Duration.ofMinutes(1));

	private final EntityCache items = TestCaches.cache("items");

	private final EntityCache invalidated = TestCaches.cache("invalidated");

	private final PreparedWrite write = TestCaches.saved(this.items, 1, 10);

	private final CacheUpdates updates = new CacheUpdates(List.of(this.write), List.of(this.invalidated));

	@Test
	void awaitedDispatchAppliesTheUpdates() {
		dispatcher(FailureMode.LOG, true).dispatch(this.updates, List.of("outbox-row"));
		assertThat(this.store.batches()).hasSize(1);
		assertThat(this.store.lastBatch().writes()).containsExactly(this.write.write());
		assertThat(TestCaches.texts(this.store.lastBatch().invalidations())).containsExactly("wt:invalidated");
		assertThat(this.items.statistics().puts()).isOne();
		assertThat(this.invalidated.statistics().evictions()).isOne();
		assertThat(this.repairs.pending()).isZero();
	}

	@Test
	void failedAwaitedDispatchHandsTheUpdatesToTheRepairs() {
		this.store.failing(true);
		dispatcher(FailureMode.LOG, true).dispatch(this.updates, List.of());
		assertThat(this.repairs.pending()).isEqualTo(2);
		assertThat(this.items.statistics().failedUpdates()).isOne();
		assertThat(this.items.statistics().puts()).isZero();
		assertThat(this.items.trust().isTrusted(this.write.write().key())).isFalse();
		assertThat(this.invalidated.trust().isTrusted()).isFalse();
	}

	@Test
	void awaitedDispatchHandsAnUnexpectedFailureToTheRepairsToo() {
		this.store.onWrite((batch) -> {
			throw new IllegalStateException("Unexpected reply");
		});
		dispatcher(FailureMode.LOG, true).dispatch(this.updates, List.of());
		assertThat(this.repairs.pending()).isEqualTo(2);
		assertThat(this.items.statistics().failedUpdates()).isOne();
		assertThat(this.items.trust().isTrusted(this.write.write().key())).isFalse();
	}

	@Test
	void failedAwaitedDispatchThrowsWithFailureModeFail() {
		this.store.failing(true);
		UpdateDispatcher dispatcher = dispatcher(FailureMode.FAIL, true);
		assertThatExceptionOfType(CacheUpdateFailedException.class)
			.isThrownBy(() -> dispatcher.dispatch(this.updates, List.of()))
			.withMessageContaining("1 cache entries and 1 cache invalidations")
			.withCauseInstanceOf(CacheUnavailableException.class);
		assertThat(this.repairs.pending()).isEqualTo(2);
		assertThat(this.items.statistics().failedUpdates()).isOne();
	}

	@Test
	void unawaitedDispatchReturnsBeforeRedisAnswers() {
		dispatcher(FailureMode.LOG, false).dispatch(this.updates, List.of("outbox-row"));
		assertThat(this.store.batches()).hasSize(1);
		assertThat(this.store.pendingWrite()).isNotDone();
		assertThat(this.items.statistics().puts()).isZero();
		this.store.completePendingWrite();
		assertThat(this.items.statistics().puts()).isOne();
		assertThat(this.repairs.pending()).isZero();
	}

	@Test
	void unawaitedDispatchHandsFailuresToTheRepairsWhenTheyComplete() {
		dispatcher(FailureMode.LOG, false).dispatch(this.updates, List.of());
		assertThat(this.repairs.pending()).isZero();
		assertThat(this.items.trust().isTrusted(this.write.write().key())).isTrue();
		this.store.failPendingWrite();
		assertThat(this.repairs.pending()).isEqualTo(2);
		assertThat(this.items.statistics().failedUpdates()).isOne();
		assertThat(this.items.trust().isTrusted(this.write.write().key())).isFalse();
	}

	@Test
	void unawaitedDispatchToAStoreThatFailsAtOnceHandsTheUpdatesToTheRepairs() {
		this.store.failing(true);
		dispatcher(FailureMode.LOG, false).dispatch(this.updates, List.of());
		assertThat(this.repairs.pending()).isEqualTo(2);
		assertThat(this.items.statistics().failedUpdates()).isOne();
	}

	@Test
	void constructorRefusesUnawaitedUpdatesThatFailTheCaller() {
		assertThatIllegalArgumentException().isThrownBy(() -> dispatcher(FailureMode.FAIL, false))
			.withMessage("Updates that are not awaited cannot fail the committing caller");
	}

	private UpdateDispatcher dispatcher(FailureMode failureMode, boolean awaitUpdates) {
		return new UpdateDispatcher(this.writer, this.repairs, failureMode, awaitUpdates, null,
				ObservationRegistry.NOOP);
	}

}
