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

package io.github.writethrough.jpa;

import java.util.Set;

import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.transaction.TransactionChanges;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks.BeforeCompletionCallback;
import org.jspecify.annotations.Nullable;

/**
 * Prepares the changes a session recorded when its transaction completes: after its last
 * flush and before the database commit, on the transaction's connection, it takes the
 * transaction's fence and writes the outbox rows.
 *
 * @author Write-Through contributors
 */
final class SessionCompletion implements BeforeCompletionCallback {

	private final TransactionChanges changes;

	private final FenceSequence fenceSequence;

	private final @Nullable JdbcOutboxTable outbox;

	SessionCompletion(TransactionChanges changes, FenceSequence fenceSequence, @Nullable JdbcOutboxTable outbox) {
		this.changes = changes;
		this.fenceSequence = fenceSequence;
		this.outbox = outbox;
	}

	@Override
	public void doBeforeTransactionCompletion(SharedSessionContractImplementor session) {
		Set<EntityCache> caches = this.changes.prepare(session, () -> this.fenceSequence.next(session));
		if (this.outbox != null && !caches.isEmpty()) {
			this.changes
				.outboxRowsWritten(this.outbox.insert(session, caches.stream().map(EntityCache::epochKey).toList()));
		}
	}

}
