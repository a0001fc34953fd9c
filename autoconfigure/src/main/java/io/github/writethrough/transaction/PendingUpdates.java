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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.writethrough.CacheUpdateFailedException;
import io.github.writethrough.store.CacheUnavailableException;
import io.github.writethrough.store.EntityCache;
import io.github.writethrough.store.EntryWrite;
import io.github.writethrough.store.RedisEntryStore.WriteResult;
import io.micrometer.observation.Observation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks.BeforeCompletionCallback;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;

/**
 * The cache updates of one transaction.
 * <p>
 * Hibernate calls it when the transaction completes, after its last flush and before the
 * database commit: versions and generated values are final then, and the transaction
 * still holds the locks of the rows it changed, which is when it takes the fence of
 * entities without a version and encodes the entities. Spring calls it after the commit,
 * when it sends every update in one pipelined round trip and hands what Redis did not
 * take to the repairs. A rollback never reaches that point.
 *
 * @author Write-Through contributors
 */
final class PendingUpdates implements TransactionSynchronization, BeforeCompletionCallback {

	private static final Log logger = LogFactory.getLog(PendingUpdates.class);

	private final TransactionalCacheUpdates owner;

	private final Map<SharedSessionContractImplementor, List<PendingUpdate>> updates = new IdentityHashMap<>();

	private final Map<String, PreparedWrite> writes = new LinkedHashMap<>();

	private final Set<EntityCache> invalidated = new LinkedHashSet<>();

	private final List<String> outboxRows = new ArrayList<>();

	PendingUpdates(TransactionalCacheUpdates owner) {
		this.owner = owner;
	}

	boolean belongsTo(TransactionalCacheUpdates owner) {
		return this.owner == owner;
	}

	void add(SharedSessionContractImplementor session, PendingUpdate update) {
		this.updates.computeIfAbsent(session, (key) -> {
			session.getTransactionCompletionCallbacks().registerCallback(this);
			return new ArrayList<>();
		}).add(update);
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
	public void doBeforeTransactionCompletion(SharedSessionContractImplementor session) {
		List<PendingUpdate> updates = this.updates.getOrDefault(session, List.of());
		for (PendingUpdate update : updates) {
			if (update instanceof PendingUpdate.Invalidated) {
				this.invalidated.add(update.cache());
			}
		}
		Long fence = null;
		for (PendingUpdate update : updates) {
			EntityCache cache = update.cache();
			if (this.invalidated.contains(cache) || update instanceof PendingUpdate.Invalidated) {
				continue;
			}
			if (!cache.isVersioned() && fence == null) {
				fence = this.owner.fenceSequence(session.getFactory()).next(session);
			}
			try {
				EntryWrite write = prepare(update, (fence != null) ? fence : 0);
				if (write != null) {
					this.writes.put(new String(write.key(), StandardCharsets.UTF_8), new PreparedWrite(cache, write));
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Could not encode an entity of cache '" + cache.name()
						+ "'; the whole cache is invalidated after commit instead", ex);
				this.invalidated.add(cache);
			}
		}
		this.writes.values().removeIf((prepared) -> this.invalidated.contains(prepared.cache()));
		CacheOutbox outbox = this.owner.outbox();
		if (outbox != null && !updates.isEmpty()) {
			Set<EntityCache> caches = new LinkedHashSet<>();
			updates.forEach((update) -> caches.add(update.cache()));
			this.outboxRows.addAll(outbox.record(session, caches.stream().map(EntityCache::epochKey).toList()));
		}
	}

	private @Nullable EntryWrite prepare(PendingUpdate update, long fence) {
		EntityCache cache = update.cache();
		if (update instanceof PendingUpdate.Saved saved) {
			Object id = cache.idOf(saved.entity());
			return (id != null) ? cache.prepareUpdate(id, saved.entity(),
					cache.isVersioned() ? cache.versionOf(saved.entity()) : fence) : null;
		}
		if (update instanceof PendingUpdate.Deleted deleted) {
			return cache.prepareDelete(deleted.id(), cache.isVersioned() ? deleted.version() : fence);
		}
		return null;
	}

	@Override
	public void afterCommit() {
		if (this.writes.isEmpty() && this.invalidated.isEmpty()) {
			return;
		}
		Observation observation = Observation.createNotStarted("writethrough.update", this.owner.observationRegistry())
			.contextualName("write-through update")
			.lowCardinalityKeyValue("entries", (this.writes.size() > 1) ? "many" : "one")
			.start();
		List<PreparedWrite> prepared = new ArrayList<>(this.writes.values());
		List<EntityCache> invalidated = new ArrayList<>(this.invalidated);
		Set<EntityCache> caches = new LinkedHashSet<>(invalidated);
		prepared.forEach((write) -> caches.add(write.cache()));
		List<EntityCache> observed = new ArrayList<>(caches);
		List<EntryWrite> writes = prepared.stream().map(PreparedWrite::write).toList();
		List<byte[]> invalidations = invalidated.stream().map(EntityCache::epochKey).toList();
		List<byte[]> epochKeys = observed.stream().map(EntityCache::epochKey).toList();
		if (!this.owner.awaitsUpdates()) {
			this.owner.repairs()
				.inFlight(this.owner.store().writeAsync(writes, invalidations, epochKeys).handle((result, ex) -> {
					boolean applied = (result != null) ? applied(result, prepared, invalidated, observed)
							: failed(prepared, invalidated);
					observation.lowCardinalityKeyValue("outcome", applied ? "applied" : "failed");
					observation.stop();
					return null;
				}));
			return;
		}
		try {
			WriteResult result;
			try {
				result = this.owner.store().write(writes, invalidations, epochKeys);
			}
			catch (CacheUnavailableException ex) {
				failed(prepared, invalidated);
				if (this.owner.failureMode() == FailureMode.FAIL) {
					throw new CacheUpdateFailedException("The transaction committed but " + prepared.size()
							+ " cache entries and " + invalidated.size()
							+ " cache invalidations could not be applied; they are retried", ex);
				}
				observation.lowCardinalityKeyValue("outcome", "failed");
				return;
			}
			applied(result, prepared, invalidated, observed);
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

	private boolean applied(WriteResult result, List<PreparedWrite> prepared, List<EntityCache> invalidated,
			List<EntityCache> observed) {
		for (int i = 0; i < prepared.size(); i++) {
			prepared.get(i).cache().updateApplied(prepared.get(i).write(), result.applied()[i]);
		}
		invalidated.forEach(EntityCache::invalidationApplied);
		for (int i = 0; i < result.epochs().length; i++) {
			observed.get(i).epochObserved(result.epochs()[i]);
		}
		CacheOutbox outbox = this.owner.outbox();
		if (outbox != null) {
			outbox.completed(this.outboxRows);
		}
		return true;
	}

	/**
	 * Hand the updates that Redis did not take to the repairs.
	 */
	private boolean failed(List<PreparedWrite> prepared, List<EntityCache> invalidated) {
		Map<EntryWrite, EntityCache> repairs = new LinkedHashMap<>();
		prepared.forEach((write) -> {
			repairs.put(write.write(), write.cache());
			write.cache().updateFailed();
		});
		this.owner.repairs().add(repairs, invalidated);
		return false;
	}

	/**
	 * A write ready to be sent, with its cache.
	 */
	private record PreparedWrite(EntityCache cache, EntryWrite write) {

	}

}
