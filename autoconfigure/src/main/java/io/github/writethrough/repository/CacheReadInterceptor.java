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

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.ReadThrough.Fills;
import io.github.writethrough.cache.ReadThrough.Hit;
import io.github.writethrough.cache.ReadThrough.Reading;
import io.github.writethrough.cache.ReadThrough.Status;
import io.micrometer.observation.Observation;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Answers {@code findById}, {@code findAllById}, {@code existsById} and annotated lookups
 * by a unique attribute through the cache. It runs before the repository's transaction
 * starts, so a hit touches no database connection unless the entity has eager
 * associations. A hit joins the persistence context bound to the thread, as the
 * repository's own result would.
 * <p>
 * Inside a read-write transaction it steps aside: the caller then gets the managed entity
 * of its persistence context, and changes made to it are persisted on commit.
 *
 * @author Write-Through contributors
 */
final class CacheReadInterceptor implements MethodInterceptor {

	private final CachedRepository repository;

	CacheReadInterceptor(CachedRepository repository) {
		this.repository = repository;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		RepositoryMethod method = this.repository.method(invocation.getMethod());
		UniqueKeyFinder finder = this.repository.finder(invocation.getMethod());
		Object argument = (invocation.getArguments().length == 1) ? invocation.getArguments()[0] : null;
		if ((!method.isRead() && finder == null) || argument == null || inReadWriteTransaction()) {
			return invocation.proceed();
		}
		Observation observation = Observation
			.createNotStarted("writethrough.read", this.repository.observationRegistry())
			.contextualName((finder != null) ? finder.observationName() : method.observationName())
			.lowCardinalityKeyValue("cache", this.repository.cache().name())
			.lowCardinalityKeyValue("method", invocation.getMethod().getName())
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			if (finder != null) {
				return findByUniqueKey(invocation, finder, argument, observation);
			}
			return switch (method) {
				case FIND_BY_ID -> findById(invocation, argument, observation);
				case FIND_ALL_BY_ID -> findAllById(invocation, (Iterable<?>) argument, observation);
				default -> existsById(invocation, argument, observation);
			};
		}
		catch (Throwable ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private static void result(Observation observation, Status status) {
		observation.lowCardinalityKeyValue("result", status.name().toLowerCase(Locale.ROOT));
	}

	private static boolean inReadWriteTransaction() {
		return TransactionSynchronizationManager.isActualTransactionActive()
				&& !TransactionSynchronizationManager.isCurrentTransactionReadOnly();
	}

	private @Nullable Object findById(MethodInvocation invocation, Object id, Observation observation)
			throws Throwable {
		EntityCache cache = this.repository.cache();
		Reading<Object> reading = this.repository.reads().read(cache, List.of(id), (missing, fills) -> {
			if (fills == null) {
				return invocation.proceed();
			}
			boolean loadedBefore = this.repository.persistenceContexts().holds(cache.entityType(), id);
			return load(invocation, fills, (result, loaded) -> {
				Object entity = ((Optional<?>) result).orElse(null);
				if (!loadedBefore && (entity != null || this.repository.isRootRepository())) {
					loaded.loaded(id, entity);
				}
			});
		});
		result(observation, reading.status());
		return (reading.status() == Status.HIT) ? Optional.ofNullable(loadedHit(reading.hits().get(0)))
				: reading.loaded();
	}

	private @Nullable Object findAllById(MethodInvocation invocation, Iterable<?> ids, Observation observation)
			throws Throwable {
		List<Object> distinctIds = new ArrayList<>(new LinkedHashSet<>(toList(ids)));
		if (distinctIds.isEmpty()) {
			result(observation, Status.UNAVAILABLE);
			return invocation.proceed();
		}
		EntityCache cache = this.repository.cache();
		Reading<Object> reading = this.repository.reads().read(cache, distinctIds, (missing, fills) -> {
			if (fills == null) {
				return invocation.proceed();
			}
			((ProxyMethodInvocation) invocation).setArguments(missing);
			Set<Object> fillable = new LinkedHashSet<>();
			missing.stream()
				.filter((id) -> !this.repository.persistenceContexts().holds(cache.entityType(), id))
				.forEach(fillable::add);
			return load(invocation, fills, (result, loaded) -> {
				Set<Object> notFound = new LinkedHashSet<>(fillable);
				for (Object entity : (Iterable<?>) result) {
					Object id = cache.idOf(entity);
					notFound.remove(id);
					if (fillable.contains(id)) {
						loaded.loaded(id, entity);
					}
				}
				if (this.repository.isRootRepository()) {
					notFound.forEach((id) -> loaded.loaded(id, null));
				}
			});
		});
		result(observation, reading.status());
		if (reading.status() == Status.UNAVAILABLE) {
			return reading.loaded();
		}
		List<Object> entities = new ArrayList<>(distinctIds.size());
		for (Hit hit : reading.hits()) {
			Object entity = loadedHit(hit);
			if (entity != null) {
				entities.add(entity);
			}
		}
		if (reading.loaded() != null) {
			((Iterable<?>) reading.loaded()).forEach(entities::add);
		}
		return entities;
	}

	/**
	 * Answer a lookup by a unique attribute from the entry of the id the index holds for
	 * the value, when that entry is a hit that still holds the value; otherwise run the
	 * query, which fills the entry when it finds that id, and index what it found.
	 */
	private @Nullable Object findByUniqueKey(MethodInvocation invocation, UniqueKeyFinder finder, Object value,
			Observation observation) throws Throwable {
		EntityCache cache = this.repository.cache();
		Object id = this.repository.keyIndex().idOf(cache, finder.indexName(), value);
		Object result;
		if (id != null) {
			Reading<Object> reading = this.repository.reads().read(cache, List.of(id), (missing, fills) -> {
				if (fills == null) {
					return invocation.proceed();
				}
				boolean loadedBefore = this.repository.persistenceContexts().holds(cache.entityType(), id);
				return load(invocation, fills, (loaded, preparedFills) -> {
					Object entity = finder.entity(loaded);
					if (entity != null && !loadedBefore && id.equals(cache.idOf(entity))) {
						preparedFills.loaded(id, entity);
					}
				});
			});
			Object hit = (reading.status() == Status.HIT) ? reading.hits().get(0).entity() : null;
			if (hit != null && this.repository.answersWith(hit) && finder.matches(hit, value)) {
				result(observation, Status.HIT);
				return finder.result(this.repository.persistenceContexts().load(hit, this.repository.domainType()));
			}
			result(observation, (reading.status() == Status.UNAVAILABLE) ? Status.UNAVAILABLE : Status.MISS);
			result = (reading.status() == Status.HIT) ? invocation.proceed() : reading.loaded();
		}
		else {
			result(observation, Status.MISS);
			result = invocation.proceed();
		}
		Object found = finder.entity(result);
		Object foundId = (found != null) ? cache.idOf(found) : null;
		if (foundId != null && !foundId.equals(id)) {
			this.repository.keyIndex().index(cache, finder.indexName(), value, foundId);
		}
		else if (foundId == null && id != null) {
			this.repository.keyIndex().forget(cache, finder.indexName(), value);
		}
		return result;
	}

	/**
	 * Return what the repository returns for a hit: nothing for a recorded absence or for
	 * a sibling of a subclass repository's entity, else the entity loaded into the bound
	 * persistence context.
	 */
	private @Nullable Object loadedHit(Hit hit) {
		Object entity = hit.entity();
		return (entity != null && this.repository.answersWith(entity))
				? this.repository.persistenceContexts().load(entity, this.repository.domainType()) : null;
	}

	private @Nullable Object existsById(MethodInvocation invocation, Object id, Observation observation)
			throws Throwable {
		Reading<Object> reading = this.repository.reads()
			.read(this.repository.cache(), List.of(id), (missing, fills) -> {
				if (fills == null) {
					return invocation.proceed();
				}
				return load(invocation, fills, (exists, loaded) -> {
					if (Boolean.FALSE.equals(exists) && this.repository.isRootRepository()) {
						loaded.loaded(id, null);
					}
				});
			});
		result(observation, reading.status());
		if (reading.status() != Status.HIT) {
			return reading.loaded();
		}
		Object entity = reading.hits().get(0).entity();
		return entity != null && this.repository.answersWith(entity);
	}

	/**
	 * Run the repository method in a transaction of its own that reads the primary, so
	 * that the loaded entities are still managed when they are encoded, and hand them to
	 * the fills. In the caller's read-only transaction nothing is filled: its snapshot or
	 * persistence context may be older than the lease, and its connection may read a
	 * standby server that lags behind the primary.
	 */
	private @Nullable Object load(MethodInvocation invocation, Fills fills, FillPreparation preparation)
			throws Throwable {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			return invocation.proceed();
		}
		try {
			return this.repository.primaryReads().execute((status) -> {
				try {
					boolean primary = this.repository.primaryReads().readsPrimary();
					Object result = invocation.proceed();
					if (primary) {
						preparation.prepare(result, fills);
					}
					else {
						fills.readFromStandby();
					}
					return result;
				}
				catch (RuntimeException | Error ex) {
					throw ex;
				}
				catch (Throwable ex) {
					throw new CheckedExceptionHolder(ex);
				}
			});
		}
		catch (CheckedExceptionHolder holder) {
			throw holder.getCause();
		}
	}

	private static List<Object> toList(Iterable<?> ids) {
		List<Object> list = new ArrayList<>();
		for (Object id : ids) {
			list.add(id);
		}
		return list;
	}

	/**
	 * Hands the entities a repository method loaded to the fills, while they are still
	 * managed.
	 */
	@FunctionalInterface
	private interface FillPreparation {

		void prepare(@Nullable Object result, Fills fills);

	}

	/**
	 * Carries a checked exception out of a transaction callback.
	 */
	private static final class CheckedExceptionHolder extends RuntimeException {

		CheckedExceptionHolder(Throwable cause) {
			super(cause);
		}

	}

}
