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

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import io.github.writethrough.cache.CacheUpdates;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.PreparedWrite;
import io.github.writethrough.cache.WritePreparation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The cache changes of one transaction: recorded while it runs, prepared as writes just
 * before its commit, and dispatched once after it. A rollback discards them.
 * <p>
 * Changes are recorded per scope, the session of a persistence unit that takes part in
 * the transaction, and each scope is prepared when its session completes: after its last
 * flush and before the database commit, when versions and generated values are final and
 * the transaction still holds the locks of the rows it changed.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class TransactionChanges implements TransactionSynchronization {

	private static final Log logger = LogFactory.getLog(TransactionChanges.class);

	private final WritePreparation preparation;

	private final UpdateDispatcher dispatcher;

	private final Map<Object, List<CacheChange>> changes = new IdentityHashMap<>();

	private final Map<String, PreparedWrite> writes = new LinkedHashMap<>();

	private final Set<EntityCache> invalidated = new LinkedHashSet<>();

	private final List<String> outboxRows = new ArrayList<>();

	private TransactionChanges(WritePreparation preparation, UpdateDispatcher dispatcher) {
		this.preparation = preparation;
		this.dispatcher = dispatcher;
	}

	/**
	 * Return the changes of the current Spring transaction, registered with it on first
	 * use. They are kept as a synchronization, not a bound resource, so that a suspended
	 * transaction's changes are suspended with it.
	 * @param preparation prepares the writes
	 * @param dispatcher dispatches them after commit
	 * @return the changes
	 */
	public static TransactionChanges ofCurrentTransaction(WritePreparation preparation, UpdateDispatcher dispatcher) {
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			if (synchronization instanceof TransactionChanges changes && changes.dispatcher == dispatcher) {
				return changes;
			}
		}
		TransactionChanges changes = new TransactionChanges(preparation, dispatcher);
		TransactionSynchronizationManager.registerSynchronization(changes);
		return changes;
	}

	/**
	 * Return new changes of a transaction that Spring does not manage; its owner calls
	 * {@link #afterCommit()}.
	 * @param preparation prepares the writes
	 * @param dispatcher dispatches them after commit
	 * @return the changes
	 */
	public static TransactionChanges unmanaged(WritePreparation preparation, UpdateDispatcher dispatcher) {
		return new TransactionChanges(preparation, dispatcher);
	}

	/**
	 * Record a change.
	 * @param scope the session the change was made in
	 * @param change the change
	 * @return whether it is the first change of that scope, which must then be prepared
	 * before the commit
	 */
	public boolean add(Object scope, CacheChange change) {
		boolean first = !this.changes.containsKey(scope);
		this.changes.computeIfAbsent(scope, (key) -> new ArrayList<>()).add(change);
		return first;
	}

	/**
	 * Prepare the writes of one scope's changes. Call it after the scope's last flush and
	 * before the commit. Keeps one write per key, the last one; a cache whose entity
	 * could not be encoded is invalidated instead.
	 * @param scope the scope
	 * @param sequenceFence takes the transaction's fence from the database, called at
	 * most once and only for entities without a version
	 * @return the caches the scope changed
	 */
	public Set<EntityCache> prepare(Object scope, LongSupplier sequenceFence) {
		List<CacheChange> changes = this.changes.getOrDefault(scope, List.of());
		for (CacheChange change : changes) {
			if (change instanceof CacheChange.Invalidated) {
				this.invalidated.add(change.cache());
			}
		}
		Long fence = null;
		for (CacheChange change : changes) {
			EntityCache cache = change.cache();
			if (this.invalidated.contains(cache)) {
				continue;
			}
			if (!cache.isVersioned() && fence == null) {
				fence = sequenceFence.getAsLong();
			}
			try {
				PreparedWrite write = prepare(change, (fence != null) ? fence : 0);
				if (write != null) {
					this.writes.put(write.key(), write);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Could not encode an entity of cache '" + cache.name()
						+ "'; the whole cache is invalidated after commit instead", ex);
				this.invalidated.add(cache);
			}
		}
		this.writes.values().removeIf((write) -> this.invalidated.contains(write.cache()));
		Set<EntityCache> caches = new LinkedHashSet<>();
		changes.forEach((change) -> caches.add(change.cache()));
		return caches;
	}

	private @Nullable PreparedWrite prepare(CacheChange change, long fence) {
		if (change instanceof CacheChange.Saved saved) {
			return this.preparation.saved(saved.cache(), saved.entity(), fence);
		}
		if (change instanceof CacheChange.Deleted deleted) {
			return this.preparation.deleted(deleted.cache(), deleted.id(), deleted.version(), fence);
		}
		return null;
	}

	/**
	 * Record the outbox rows written in the transaction, deleted once Redis took the
	 * updates.
	 * @param ids the ids of the rows
	 */
	public void outboxRowsWritten(List<String> ids) {
		this.outboxRows.addAll(ids);
	}

	/**
	 * Update the cache before other after-commit work, such as
	 * {@code @TransactionalEventListener} methods, which may read it.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void afterCommit() {
		CacheUpdates updates = new CacheUpdates(new ArrayList<>(this.writes.values()),
				new ArrayList<>(this.invalidated));
		if (!updates.isEmpty()) {
			this.dispatcher.dispatch(updates, List.copyOf(this.outboxRows));
		}
	}

}
