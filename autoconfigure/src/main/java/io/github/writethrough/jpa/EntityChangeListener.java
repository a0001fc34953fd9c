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

import java.util.function.Function;

import io.github.writethrough.store.EntityCache;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostDeleteEventListener;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.persister.entity.EntityPersister;
import org.jspecify.annotations.Nullable;

/**
 * Records every insert, update and delete of a cached entity that Hibernate flushes,
 * whatever caused it: a repository method, {@code EntityManager#persist}, or dirty
 * checking of a managed entity, in a Spring transaction or in one of an
 * application-managed {@code EntityManager}.
 *
 * @author Write-Through contributors
 */
final class EntityChangeListener implements PostInsertEventListener, PostUpdateEventListener, PostDeleteEventListener {

	private final TransactionalCacheUpdates updates;

	private final Function<Class<?>, @Nullable EntityCache> caches;

	EntityChangeListener(TransactionalCacheUpdates updates, Function<Class<?>, @Nullable EntityCache> caches) {
		this.updates = updates;
		this.caches = caches;
	}

	@Override
	public void onPostInsert(PostInsertEvent event) {
		saved(event.getSession(), event.getEntity());
	}

	@Override
	public void onPostUpdate(PostUpdateEvent event) {
		saved(event.getSession(), event.getEntity());
	}

	@Override
	public void onPostDelete(PostDeleteEvent event) {
		EntityCache cache = cacheOf(event.getEntity());
		if (cache != null) {
			this.updates.deleted(cache, event.getSession(), event.getId(), cache.versionOf(event.getEntity()));
		}
	}

	private void saved(SharedSessionContractImplementor session, Object entity) {
		EntityCache cache = cacheOf(entity);
		if (cache != null) {
			this.updates.saved(cache, session, entity);
		}
	}

	private @Nullable EntityCache cacheOf(Object entity) {
		return this.caches.apply(entity.getClass());
	}

	@Override
	public boolean requiresPostCommitHandling(EntityPersister persister) {
		return false;
	}

}
