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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.github.writethrough.cache.CacheWriter;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.EntityCaches;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CacheOutbox}.
 *
 * @author Write-Through contributors
 */
class CacheOutboxTests {

	private final RecordingEntryStore store = new RecordingEntryStore();

	private final EntityCaches caches = new EntityCaches();

	private final EntityCache items = this.caches.computeIfAbsent("items", TestCaches::cache);

	private final List<OutboxTable.Row> rows = new ArrayList<>(List
		.of(new OutboxTable.Row("held", this.items.epochKey()), new OutboxTable.Row("lost", this.items.epochKey())));

	private final List<String> deleted = new ArrayList<>();

	private final CacheOutbox outbox = new CacheOutbox(new ListOutboxTable(), this.caches, new CacheWriter(this.store),
			Duration.ofSeconds(30));

	@Test
	void replayInvalidatesTheCachesOfRowsNobodyHolds() {
		this.outbox.replay(Instant.now());
		assertThat(TestCaches.texts(this.store.lastBatch().invalidations())).containsExactly(this.items.epochKey());
		assertThat(this.deleted).containsExactly("held", "lost");
	}

	@Test
	void replaySkipsRowsThatTheRepairsHold() {
		this.outbox.repairing(List.of("held", "lost"));
		this.outbox.replay(Instant.now());
		assertThat(this.store.batches()).isEmpty();
		assertThat(this.deleted).isEmpty();
	}

	@Test
	void rowsCompletedByTheRepairsStayHeldUntilTheyAreDeleted() {
		this.outbox.repairing(List.of("held", "lost"));
		this.outbox.completed(List.of("held", "lost"));
		this.outbox.replay(Instant.now());
		assertThat(this.store.batches()).isEmpty();
	}

	private final class ListOutboxTable implements OutboxTable {

		@Override
		public void createIfMissing() {
		}

		@Override
		public List<Row> createdBefore(Instant before, int max) {
			return List.copyOf(CacheOutboxTests.this.rows);
		}

		@Override
		public void delete(Collection<String> ids) {
			CacheOutboxTests.this.deleted.addAll(ids);
		}

	}

}
