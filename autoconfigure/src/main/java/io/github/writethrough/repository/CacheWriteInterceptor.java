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
import java.util.List;

import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.jpa.ChangeTracker;
import io.github.writethrough.transaction.CacheChange;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Records the cache changes of the bulk methods of a {@code @WriteThrough} repository,
 * which change rows without flushing entity events. It runs inside the repository's
 * transaction, or the caller's, and the cache is updated after that transaction commits.
 *
 * @author Write-Through contributors
 */
final class CacheWriteInterceptor implements MethodInterceptor {

	private final CachedRepository repository;

	CacheWriteInterceptor(CachedRepository repository) {
		this.repository = repository;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		RepositoryMethod method = this.repository.method(invocation.getMethod());
		Object[] arguments = invocation.getArguments();
		if (arguments.length == 1 && arguments[0] == null) {
			return invocation.proceed();
		}
		EntityCache cache = this.repository.cache();
		ChangeTracker changes = this.repository.changes();
		switch (method) {
			case BATCH_DELETE -> {
				List<Object> ids = new ArrayList<>();
				for (Object entity : (Iterable<?>) arguments[0]) {
					Object id = cache.idOf(entity);
					if (id != null) {
						ids.add(id);
					}
				}
				Object result = invocation.proceed();
				// the bulk delete ignores the versions of the given, possibly stale,
				// entities
				ids.forEach(
						(id) -> changes.recordInCurrentTransaction(CacheChange.Deleted.ofUnknownVersion(cache, id)));
				return result;
			}
			case BATCH_DELETE_BY_ID -> {
				Object result = invocation.proceed();
				for (Object id : (Iterable<?>) arguments[0]) {
					changes.recordInCurrentTransaction(CacheChange.Deleted.ofUnknownVersion(cache, id));
				}
				return result;
			}
			case DELETE_ALL_IN_BATCH -> {
				Object result = invocation.proceed();
				changes.recordInCurrentTransaction(new CacheChange.Invalidated(cache));
				return result;
			}
			default -> {
				return invocation.proceed();
			}
		}
	}

}
