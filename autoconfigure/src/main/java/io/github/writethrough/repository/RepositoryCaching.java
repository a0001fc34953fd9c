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

package io.github.writethrough.repository;

import io.github.writethrough.cache.ReadThrough;
import io.github.writethrough.cache.UniqueKeyIndex;
import io.github.writethrough.jpa.ChangeTracker;
import io.github.writethrough.jpa.PersistenceContexts;
import io.github.writethrough.jpa.PrimaryReads;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.util.Assert;

/**
 * The parts that the interceptors of every cached repository call: reads through the
 * cache, the tracker of changes, the bound persistence context, the index of unique keys,
 * the reads of the primary, and observations.
 *
 * @param reads reads through the caches
 * @param changes records bulk changes in the current transaction
 * @param persistenceContexts looks into the persistence context bound to the thread
 * @param keyIndex keeps which ids hold the values of unique attributes
 * @param primaryReads runs the loads after a miss
 * @param observationRegistry observes reads
 * @author Write-Through contributors
 * @since 0.1.0
 */
public record RepositoryCaching(ReadThrough reads, ChangeTracker changes, PersistenceContexts persistenceContexts,
		UniqueKeyIndex keyIndex, PrimaryReads primaryReads, ObservationRegistry observationRegistry) {

	/**
	 * Create a new instance.
	 */
	public RepositoryCaching {
		Assert.notNull(reads, "reads must not be null");
		Assert.notNull(changes, "changes must not be null");
		Assert.notNull(persistenceContexts, "persistenceContexts must not be null");
		Assert.notNull(keyIndex, "keyIndex must not be null");
		Assert.notNull(primaryReads, "primaryReads must not be null");
		Assert.notNull(observationRegistry, "observationRegistry must not be null");
	}

}
