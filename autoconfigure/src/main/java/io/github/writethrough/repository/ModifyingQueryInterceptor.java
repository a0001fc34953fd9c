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

import io.github.writethrough.jpa.ChangeTracker;
import io.github.writethrough.jpa.QueryTargets;
import io.github.writethrough.transaction.CacheChange;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
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

	private final ChangeTracker changes;

	ModifyingQueryInterceptor(QueryTargets targets, ChangeTracker changes) {
		this.targets = targets;
		this.changes = changes;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		if (!AnnotatedElementUtils.hasAnnotation(invocation.getMethod(), Modifying.class)) {
			return invocation.proceed();
		}
		Object result = invocation.proceed();
		this.targets.of(invocation.getMethod())
			.forEach((cache) -> this.changes.recordInCurrentTransaction(new CacheChange.Invalidated(cache)));
		return result;
	}

}
