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

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The database table of the {@link CacheOutbox}: one row per cache that a committed
 * transaction was about to update. Rows are written in the transaction itself by the
 * persistence unit's integration.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public interface OutboxTable {

	/**
	 * Create the table if it does not exist yet.
	 */
	void createIfMissing();

	/**
	 * Return rows created before the given time.
	 * @param before the time
	 * @param max how many rows at most
	 * @return the rows
	 */
	List<Row> createdBefore(Instant before, int max);

	/**
	 * Delete rows.
	 * @param ids the ids of the rows
	 */
	void delete(Collection<String> ids);

	/**
	 * A row of the outbox.
	 *
	 * @param id its id
	 * @param epochKey the epoch key of the cache it stands for
	 */
	record Row(String id, String epochKey) {

	}

}
