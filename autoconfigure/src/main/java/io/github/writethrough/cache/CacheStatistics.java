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

import java.util.concurrent.atomic.LongAdder;

import io.github.writethrough.store.EntryWrite;
import io.github.writethrough.store.WriteMode;

/**
 * Counters of one cache, read by metrics and the actuator endpoint.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class CacheStatistics {

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder puts = new LongAdder();

	private final LongAdder appliedWrites = new LongAdder();

	private final LongAdder skippedPuts = new LongAdder();

	private final LongAdder evictions = new LongAdder();

	private final LongAdder failedUpdates = new LongAdder();

	private final LongAdder decodeFailures = new LongAdder();

	private final LongAdder auditMismatches = new LongAdder();

	private final LongAdder oversized = new LongAdder();

	private final LongAdder standbyReads = new LongAdder();

	private final LongAdder otherShapes = new LongAdder();

	/**
	 * Return how many reads the cache answered.
	 * @return the number of hits
	 */
	public long hits() {
		return this.hits.sum();
	}

	/**
	 * Return how many reads went to the database: misses, and reads while Redis was
	 * unavailable or the cache waited for repairs.
	 * @return the number of misses
	 */
	public long misses() {
		return this.misses.sum();
	}

	/**
	 * Return how many entries were written: committed states and fills after reads.
	 * @return the number of puts
	 */
	public long puts() {
		return this.puts.sum();
	}

	/**
	 * Return how many writes Redis took: committed states, fills, delete markers and the
	 * change feed's markers.
	 * @return the number of applied writes
	 */
	public long appliedWrites() {
		return this.appliedWrites.sum();
	}

	/**
	 * Return how many writes were skipped because the cache held a newer entry.
	 * @return the number of skipped puts
	 */
	public long skippedPuts() {
		return this.skippedPuts.sum();
	}

	/**
	 * Return how many entries were removed or marked deleted, and how often the whole
	 * cache was invalidated.
	 * @return the number of evictions
	 */
	public long evictions() {
		return this.evictions.sum();
	}

	/**
	 * Return how many updates of committed transactions Redis did not take at first.
	 * @return the number of failed updates
	 */
	public long failedUpdates() {
		return this.failedUpdates.sum();
	}

	/**
	 * Return how many entries did not decode and were removed.
	 * @return the number of decode failures
	 */
	public long decodeFailures() {
		return this.decodeFailures.sum();
	}

	/**
	 * Return how many entries the consistency auditor found different from their row.
	 * @return the number of audit mismatches
	 */
	public long auditMismatches() {
		return this.auditMismatches.sum();
	}

	/**
	 * Return how many states were not cached because their entry would have been larger
	 * than the cache's largest entry.
	 * @return the number of oversized states
	 */
	public long oversized() {
		return this.oversized.sum();
	}

	/**
	 * Return how many ids read after a miss were not cached because the read went to a
	 * standby server.
	 * @return the number of ids read from a standby
	 */
	public long standbyReads() {
		return this.standbyReads.sum();
	}

	/**
	 * Return how many reads missed because the entry held only states written by other
	 * shapes of the entity class, such as another version of the application during a
	 * rolling deploy.
	 * @return the number of reads that found another shape's entry
	 */
	public long otherShapes() {
		return this.otherShapes.sum();
	}

	/**
	 * Return the share of reads the cache answered, or {@code NaN} before any read.
	 * @return the hit ratio
	 */
	public double hitRatio() {
		long hits = hits();
		long total = hits + misses();
		return (total > 0) ? (double) hits / total : Double.NaN;
	}

	void hit() {
		this.hits.increment();
	}

	void miss() {
		this.misses.increment();
	}

	void written(EntryWrite write, boolean applied) {
		if (!applied) {
			this.skippedPuts.increment();
			return;
		}
		this.appliedWrites.increment();
		if (write.mode() != WriteMode.COMMIT && !write.mode().isFill()) {
			this.evictions.increment();
		}
		else {
			this.puts.increment();
		}
	}

	void invalidated() {
		this.evictions.increment();
	}

	void updateFailed() {
		this.failedUpdates.increment();
	}

	void decodeFailed() {
		this.decodeFailures.increment();
	}

	void auditMismatch() {
		this.auditMismatches.increment();
	}

	void oversizedState() {
		this.oversized.increment();
	}

	void readFromStandby(int ids) {
		this.standbyReads.add(ids);
	}

	void otherShape() {
		this.otherShapes.increment();
	}

}
