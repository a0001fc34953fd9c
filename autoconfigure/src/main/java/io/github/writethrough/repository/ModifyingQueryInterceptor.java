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

import java.util.List;

import io.github.writethrough.store.EntityCache;
import io.github.writethrough.transaction.TransactionalCacheUpdates;
import jakarta.persistence.EntityManagerFactory;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.data.jpa.repository.Modifying;

/**
 * Invalidates, after commit, the caches that a {@code @Modifying} query of any repository
 * may change, since bulk updates and deletes flush no entity events. It runs inside the
 * repository's transaction.
 *
 * @author Write-Through contributors
 */
final class ModifyingQueryInterceptor implements MethodInterceptor {

	private final QueryTargets targets;

	private final TransactionalCacheUpdates updates;

	private final EntityManagerFactory entityManagerFactory;

	ModifyingQueryInterceptor(QueryTargets targets, TransactionalCacheUpdates updates,
			EntityManagerFactory entityManagerFactory) {
		this.targets = targets;
		this.updates = updates;
		this.entityManagerFactory = entityManagerFactory;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		if (!AnnotatedElementUtils.hasAnnotation(invocation.getMethod(), Modifying.class)) {
			return invocation.proceed();
		}
		Object result = invocation.proceed();
		List<EntityCache> caches = this.targets.of(invocation.getMethod());
		if (!caches.isEmpty()) {
			SharedSessionContractImplementor session = TransactionalCacheUpdates
				.currentSession(this.entityManagerFactory);
			caches.forEach((cache) -> this.updates.invalidated(cache, session));
		}
		return result;
	}

}
