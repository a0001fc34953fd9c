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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.github.writethrough.transaction.TestCaches;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AcknowledgedUpdates}.
 *
 * @author Write-Through contributors
 */
class AcknowledgedUpdatesTests {

	private final AtomicLong nanos = new AtomicLong();

	private final EntityCache items = TestCaches.cache("items");

	@Test
	void updatesAcknowledgedBeforeTheTimeAReplicaReachedAreForgotten() {
		AcknowledgedUpdates acknowledged = new AcknowledgedUpdates(100, this.nanos::get);
		PreparedWrite elsewhere = TestCaches.saved(this.items, 1, 10);
		PreparedWrite replicated = TestCaches.saved(this.items, 2, 10);
		acknowledged.record(new CacheUpdates(List.of(elsewhere, replicated), List.of(this.items)));
		this.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
		PreparedWrite recent = TestCaches.saved(this.items, 3, 11);
		acknowledged.record(new CacheUpdates(List.of(recent), List.of()));
		acknowledged.forget((key) -> !Arrays.equals(key, elsewhere.write().key()), this.nanos.get());
		CacheUpdates kept = acknowledged.of((key) -> true, (key) -> true, true);
		assertThat(kept.writes()).containsExactlyInAnyOrder(elsewhere, recent);
		assertThat(kept.invalidations()).isEmpty();
	}

	@Test
	void onlyUpdatesOfKeysTheLostMastersServedAreReturned() {
		AcknowledgedUpdates acknowledged = new AcknowledgedUpdates(100, this.nanos::get);
		PreparedWrite first = TestCaches.saved(this.items, 1, 10);
		acknowledged.record(new CacheUpdates(List.of(first, TestCaches.saved(this.items, 2, 10)), List.of()));
		assertThat(acknowledged.of((key) -> Arrays.equals(key, first.write().key()), (key) -> false, false).writes())
			.containsExactly(first);
	}

	@Test
	void beyondItsKeysTheCachesOfTheWritesLeftOutAreInvalidatedInstead() {
		AcknowledgedUpdates acknowledged = new AcknowledgedUpdates(1, this.nanos::get);
		EntityCache others = TestCaches.cache("others");
		acknowledged.record(new CacheUpdates(
				List.of(TestCaches.saved(this.items, 1, 10), TestCaches.saved(others, 2, 10)), List.of()));
		CacheUpdates kept = acknowledged.of((key) -> true, (key) -> true, true);
		assertThat(kept.writes()).hasSize(1);
		assertThat(kept.invalidations()).containsExactly(others);
	}

}
