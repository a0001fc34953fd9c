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

import java.util.List;

import io.github.writethrough.CacheUpdateFailedException;
import io.github.writethrough.cache.CacheUpdates;
import io.github.writethrough.cache.CacheWriter;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Sends the cache updates of a committed transaction to Redis, waiting for them or not,
 * and hands what Redis did not take to the repairs.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class UpdateDispatcher {

	private final CacheWriter writer;

	private final CacheRepairs repairs;

	private final FailureMode failureMode;

	private final boolean awaitUpdates;

	private final @Nullable CacheOutbox outbox;

	private final ObservationRegistry observationRegistry;

	/**
	 * Create a new dispatcher.
	 * @param writer sends the updates
	 * @param repairs keeps the updates Redis did not take
	 * @param failureMode what happens when Redis does not take the updates
	 * @param awaitUpdates whether the committing thread waits until Redis answered; when
	 * not, failures go to the repairs only, so the failure mode must be
	 * {@link FailureMode#LOG}
	 * @param outbox deletes the outbox rows of applied updates, or {@code null}
	 * @param observationRegistry observes each dispatch
	 */
	public UpdateDispatcher(CacheWriter writer, CacheRepairs repairs, FailureMode failureMode, boolean awaitUpdates,
			@Nullable CacheOutbox outbox, ObservationRegistry observationRegistry) {
		Assert.notNull(writer, "writer must not be null");
		Assert.notNull(repairs, "repairs must not be null");
		Assert.notNull(failureMode, "failureMode must not be null");
		Assert.isTrue(awaitUpdates || failureMode == FailureMode.LOG,
				"Updates that are not awaited cannot fail the committing caller");
		this.writer = writer;
		this.repairs = repairs;
		this.failureMode = failureMode;
		this.awaitUpdates = awaitUpdates;
		this.outbox = outbox;
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Send the updates of a committed transaction.
	 * @param updates the updates
	 * @param outboxRows the outbox rows the transaction wrote for them
	 * @throws CacheUpdateFailedException if Redis did not take them and the failure mode
	 * is {@link FailureMode#FAIL}
	 */
	public void dispatch(CacheUpdates updates, List<String> outboxRows) {
		Observation observation = Observation.createNotStarted("writethrough.update", this.observationRegistry)
			.contextualName("write-through update")
			.lowCardinalityKeyValue("entries", (updates.writes().size() > 1) ? "many" : "one")
			.start();
		if (!this.awaitUpdates) {
			this.repairs.inFlight(this.writer.applyAsync(updates).handle((result, ex) -> {
				boolean applied = (ex == null) ? applied(outboxRows) : failed(updates, outboxRows);
				observation.lowCardinalityKeyValue("outcome", applied ? "applied" : "failed");
				observation.stop();
				return null;
			}));
			return;
		}
		try {
			try {
				this.writer.apply(updates);
			}
			catch (RuntimeException ex) {
				// whatever went wrong, the transaction committed: the repairs take the
				// updates
				failed(updates, outboxRows);
				if (this.failureMode == FailureMode.FAIL) {
					throw new CacheUpdateFailedException("The transaction committed but " + updates.writes().size()
							+ " cache entries and " + updates.invalidations().size()
							+ " cache invalidations could not be applied; they are retried", ex);
				}
				observation.lowCardinalityKeyValue("outcome", "failed");
				return;
			}
			applied(outboxRows);
			observation.lowCardinalityKeyValue("outcome", "applied");
		}
		catch (RuntimeException ex) {
			observation.lowCardinalityKeyValue("outcome", "failed");
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private boolean applied(List<String> outboxRows) {
		if (this.outbox != null) {
			this.outbox.completed(outboxRows);
		}
		return true;
	}

	private boolean failed(CacheUpdates updates, List<String> outboxRows) {
		this.writer.recordFailure(updates);
		if (this.outbox != null) {
			this.outbox.repairing(outboxRows);
		}
		this.repairs.add(updates, () -> applied(outboxRows));
		return false;
	}

}
