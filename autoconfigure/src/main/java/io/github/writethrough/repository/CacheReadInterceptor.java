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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.writethrough.store.EntityCache;
import io.github.writethrough.store.EntityCache.Lookup;
import io.github.writethrough.store.EntryWrite;
import io.micrometer.observation.Observation;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Answers {@code findById}, {@code findAllById} and {@code existsById} from the cache and
 * fills it after a miss. It runs before the repository's transaction starts, so a hit
 * touches no database connection.
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
		Object argument = (invocation.getArguments().length == 1) ? invocation.getArguments()[0] : null;
		if (!method.isRead() || argument == null || inReadWriteTransaction()) {
			return invocation.proceed();
		}
		Observation observation = Observation
			.createNotStarted("writethrough.read", this.repository.observationRegistry())
			.contextualName("write-through " + invocation.getMethod().getName())
			.lowCardinalityKeyValue("cache", this.repository.cache().name())
			.lowCardinalityKeyValue("method", invocation.getMethod().getName())
			.start();
		try (Observation.Scope scope = observation.openScope()) {
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

	private static void result(Observation observation, Lookup.Status status) {
		observation.lowCardinalityKeyValue("result", status.name().toLowerCase(Locale.ROOT));
	}

	private static boolean inReadWriteTransaction() {
		return TransactionSynchronizationManager.isActualTransactionActive()
				&& !TransactionSynchronizationManager.isCurrentTransactionReadOnly();
	}

	private @Nullable Object findById(MethodInvocation invocation, Object id, Observation observation)
			throws Throwable {
		EntityCache cache = this.repository.cache();
		Lookup lookup = cache.lookup(id);
		result(observation, lookup.status());
		if (lookup.status() == Lookup.Status.HIT) {
			return Optional.ofNullable(lookup.entity());
		}
		if (lookup.status() == Lookup.Status.UNAVAILABLE) {
			return invocation.proceed();
		}
		boolean loadedBefore = this.repository.isInBoundPersistenceContext(id);
		Loaded<Optional<?>> loaded = load(invocation, (result) -> {
			if (loadedBefore) {
				return List.of();
			}
			Object entity = ((Optional<?>) result).orElse(null);
			EntryWrite fill = cache.prepareFill(id, entity, lookup);
			return (fill != null) ? List.of(fill) : List.of();
		});
		cache.fill(loaded.fills());
		return loaded.result();
	}

	private @Nullable Object findAllById(MethodInvocation invocation, Iterable<?> ids, Observation observation)
			throws Throwable {
		List<Object> distinctIds = new ArrayList<>(new LinkedHashSet<>(toList(ids)));
		EntityCache cache = this.repository.cache();
		List<Lookup> lookups = distinctIds.isEmpty() ? null : cache.lookupAll(distinctIds);
		if (lookups == null) {
			result(observation, Lookup.Status.UNAVAILABLE);
			return invocation.proceed();
		}
		List<Object> entities = new ArrayList<>(distinctIds.size());
		List<Object> missing = new ArrayList<>();
		Map<Object, Lookup> missed = new HashMap<>();
		for (int i = 0; i < distinctIds.size(); i++) {
			Lookup lookup = lookups.get(i);
			if (lookup.status() != Lookup.Status.HIT) {
				missing.add(distinctIds.get(i));
				missed.put(distinctIds.get(i), lookup);
			}
			else if (lookup.entity() != null) {
				entities.add(lookup.entity());
			}
		}
		result(observation, missing.isEmpty() ? Lookup.Status.HIT : Lookup.Status.MISS);
		if (missing.isEmpty()) {
			return entities;
		}
		((ProxyMethodInvocation) invocation).setArguments(missing);
		missing.stream().filter(this.repository::isInBoundPersistenceContext).forEach(missed::remove);
		Loaded<Iterable<?>> loaded = load(invocation, (result) -> {
			List<EntryWrite> fills = new ArrayList<>();
			Set<Object> found = new HashSet<>();
			for (Object entity : (Iterable<?>) result) {
				Object id = cache.idOf(entity);
				found.add(id);
				if (missed.containsKey(id)) {
					addIfPresent(fills, cache.prepareFill(id, entity, missed.get(id)));
				}
			}
			for (Object id : missing) {
				if (!found.contains(id) && missed.containsKey(id)) {
					addIfPresent(fills, cache.prepareFill(id, null, missed.get(id)));
				}
			}
			return fills;
		});
		cache.fill(loaded.fills());
		loaded.result().forEach(entities::add);
		return entities;
	}

	private @Nullable Object existsById(MethodInvocation invocation, Object id, Observation observation)
			throws Throwable {
		EntityCache cache = this.repository.cache();
		Lookup lookup = cache.lookup(id);
		result(observation, lookup.status());
		if (lookup.status() == Lookup.Status.HIT) {
			return lookup.entity() != null;
		}
		Object exists = invocation.proceed();
		if (lookup.status() == Lookup.Status.MISS && Boolean.FALSE.equals(exists)) {
			EntryWrite fill = cache.prepareFill(id, null, lookup);
			cache.fill((fill != null) ? List.of(fill) : List.of());
		}
		return exists;
	}

	/**
	 * Run the repository method in a read-only transaction of its own, so that the loaded
	 * entities are still managed when they are encoded, and fill the cache from them. In
	 * the caller's read-only transaction nothing is filled: its snapshot or persistence
	 * context may be older than the lease.
	 */
	@SuppressWarnings("unchecked")
	private <R> Loaded<R> load(MethodInvocation invocation, FillPreparation preparation) throws Throwable {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			return new Loaded<>((R) invocation.proceed(), List.of());
		}
		try {
			return this.repository.readOnlyTransaction().execute((status) -> {
				try {
					Object result = invocation.proceed();
					return new Loaded<>((R) result, preparation.prepare(result));
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

	private static void addIfPresent(List<EntryWrite> fills, @Nullable EntryWrite fill) {
		if (fill != null) {
			fills.add(fill);
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
	 * Encodes loaded entities while their transaction is still open.
	 */
	@FunctionalInterface
	private interface FillPreparation {

		List<EntryWrite> prepare(Object result);

	}

	/**
	 * The result of a repository method with the fills prepared from it.
	 */
	private record Loaded<R>(R result, List<EntryWrite> fills) {

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
