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

import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.transaction.CacheChange;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostDeleteEventListener;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Records every insert, update and delete of a cached entity that Hibernate flushes,
 * whatever caused it: a repository method, {@code EntityManager#persist}, or dirty
 * checking of a managed entity, in a Spring transaction or in one of an
 * application-managed {@code EntityManager}.
 *
 * @author Write-Through contributors
 */
final class EntityChangeListener implements PostInsertEventListener, PostUpdateEventListener, PostDeleteEventListener {

	private final ChangeTracker tracker;

	private final EntityCaches caches;

	EntityChangeListener(ChangeTracker tracker, EntityCaches caches) {
		this.tracker = tracker;
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

	private void saved(SharedSessionContractImplementor session, Object entity) {
		EntityCache cache = this.caches.forEntity(entity.getClass());
		if (cache != null) {
			this.tracker.record(session, new CacheChange.Saved(cache, entity));
		}
	}

	@Override
	public void onPostDelete(PostDeleteEvent event) {
		EntityCache cache = this.caches.forEntity(event.getEntity().getClass());
		if (cache != null) {
			this.tracker.record(event.getSession(),
					new CacheChange.Deleted(cache, event.getId(), cache.versionOf(event.getEntity())));
		}
	}

	@Override
	public boolean requiresPostCommitHandling(EntityPersister persister) {
		return false;
	}

}
