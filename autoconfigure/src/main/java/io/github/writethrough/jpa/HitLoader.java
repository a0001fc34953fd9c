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

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.writethrough.WriteThroughConfigurationException;
import jakarta.persistence.PersistenceUnitUtil;
import org.hibernate.LockMode;
import org.hibernate.annotations.SQLRestriction;
import org.hibernate.annotations.SQLSelect;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.EntityHolder;
import org.hibernate.engine.spi.EntityKey;
import org.hibernate.engine.spi.PersistenceContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.Status;
import org.hibernate.event.spi.PostLoadEvent;
import org.hibernate.event.spi.PostLoadEventListener;
import org.hibernate.event.spi.PreLoadEvent;
import org.hibernate.event.spi.PreLoadEventListener;
import org.hibernate.jpa.event.spi.CallbackType;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.proxy.HibernateProxy;
import org.hibernate.proxy.LazyInitializer;
import org.hibernate.type.CollectionType;
import org.hibernate.type.ManyToOneType;
import org.hibernate.type.Type;
import org.hibernate.type.TypeHelper;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Loads a decoded entity into a Hibernate session the way Hibernate loads an entity from
 * its own second-level cache: the instance the persistence context already holds wins;
 * otherwise the entity is added to it, MANAGED or READ_ONLY as the session's default
 * says, its collections become Hibernate's wrappers bound to the session (uninitialized
 * unless eager), its to-one associations are resolved by the session (a proxy when lazy),
 * and its {@code @PostLoad} callbacks run.
 *
 * @author Write-Through contributors
 */
final class HitLoader {

	private final SessionFactoryImplementor sessionFactory;

	private final PersistenceUnitUtil persistenceUnitUtil;

	private final Map<Class<?>, Boolean> needsSession = new ConcurrentHashMap<>();

	HitLoader(SessionFactoryImplementor sessionFactory) {
		this.sessionFactory = sessionFactory;
		this.persistenceUnitUtil = sessionFactory.getPersistenceUnitUtil();
	}

	/**
	 * Check that the associations of an entity can be rebuilt from the attributes entries
	 * store.
	 * @param persister the entity's persister
	 * @throws WriteThroughConfigurationException when an association joins on a column
	 * other than a primary key, the entity is enhanced for lazy loading, or its loads are
	 * restricted ({@code @SQLRestriction}) or custom ({@code @SQLSelect})
	 */
	static void check(EntityPersister persister) {
		if (persister.getBytecodeEnhancementMetadata().isEnhancedForLazyLoading()) {
			throw new WriteThroughConfigurationException(
					"Entity %s is enhanced for lazy loading, which @WriteThrough cannot load hits of"
						.formatted(persister.getEntityName()),
					"Turn lazy-loading enhancement off for the entity (the Hibernate build plugin's "
							+ "enableLazyInitialization), or remove @WriteThrough from the repository.");
		}
		for (Class<? extends Annotation> load : List.of(SQLRestriction.class, SQLSelect.class)) {
			if (AnnotatedElementUtils.hasAnnotation(persister.getMappedClass(), load)) {
				throw new WriteThroughConfigurationException(
						"Entity %s has @%s, which shapes the loads of the repository that a cached answer skips"
							.formatted(persister.getEntityName(), load.getSimpleName()),
						"Remove @WriteThrough from the repository, or filter in queries of your own instead.");
			}
		}
		Type[] types = persister.getPropertyTypes();
		for (int i = 0; i < types.length; i++) {
			boolean otherKey = (types[i] instanceof CollectionType collection) ? collection.getLHSPropertyName() != null
					: types[i] instanceof ManyToOneType toOne && !toOne.isReferenceToPrimaryKey();
			if (otherKey) {
				throw new WriteThroughConfigurationException(
						"Entity %s has the association '%s', which joins on a column that is not a primary key"
							.formatted(persister.getEntityName(), persister.getPropertyNames()[i]),
						"Join the association on the primary key (no referencedColumnName or property-ref), "
								+ "or remove @WriteThrough from the repository.");
			}
		}
	}

	/**
	 * Whether hits of an entity class need a session: for their associations or
	 * collections, or for the callbacks and listeners a load runs.
	 * @param entityClass the entity class
	 * @return whether the entity needs a session
	 */
	boolean needsSession(Class<?> entityClass) {
		return this.needsSession.computeIfAbsent(entityClass, (type) -> {
			if (this.sessionFactory.getEventEngine()
				.getCallbackRegistry()
				.hasRegisteredCallbacks(type, CallbackType.POST_LOAD)) {
				return true;
			}
			for (Type propertyType : persister(type).getPropertyTypes()) {
				if (propertyType.isAssociationType()) {
					return true;
				}
			}
			return false;
		});
	}

	/**
	 * Load a decoded entity into a session.
	 * @param cached the decoded entity, which nothing else holds
	 * @param entityType the entity class the repository reads, which the proxy returned
	 * is narrowed to as {@code EntityManager#find} narrows it
	 * @param session the session
	 * @return the entity of the session's persistence context (its proxy, when the
	 * context holds one, as {@code EntityManager#find} returns it), or {@code null} when
	 * the session deleted it
	 */
	@Nullable Object load(Object cached, Class<?> entityType, SharedSessionContractImplementor session) {
		EntityPersister persister = persister(cached.getClass());
		EntityPersister asked = persister(entityType);
		Object id = persister.getIdentifier(cached, session);
		EntityKey key = session.generateEntityKey(id, persister);
		PersistenceContext context = session.getPersistenceContextInternal();
		EntityHolder held = context.getEntityHolder(key);
		if (held != null && held.isInitialized() && held.getEntity() != null) {
			EntityEntry entry = held.getEntityEntry();
			return (entry != null && entry.getStatus().isDeletedOrGone()) ? null : context.proxyFor(held, asked);
		}
		EntityHolder holder = context.addEntityHolder(key, cached);
		boolean readOnly = session.isDefaultReadOnly();
		LazyInitializer proxy = (holder.getProxy() != null) ? HibernateProxy.extractLazyInitializer(holder.getProxy())
				: null;
		if (proxy != null) {
			proxy.setImplementation(cached);
			readOnly = proxy.isReadOnly();
		}
		holder.setEntityEntry(
				context.addEntry(cached, Status.LOADING, null, null, id, null, LockMode.NONE, true, persister, false));
		Type[] types = persister.getPropertyTypes();
		Object[] state = persister.getValues(cached);
		for (int i = 0; i < types.length; i++) {
			state[i] = assemble(types[i], state[i], session, cached);
		}
		this.sessionFactory.getEventListenerGroups().eventListenerGroup_PRE_LOAD
			.fireEventOnEachListener(new PreLoadEvent(session.asEventSource()).setEntity(cached)
				.setState(state)
				.setId(id)
				.setPersister(persister), PreLoadEventListener::onPreLoad);
		persister.setValues(cached, state);
		TypeHelper.deepCopy(state, types, persister.getPropertyUpdateability(), state, session);
		Object version = persister.isVersioned() ? state[persister.getVersionPropertyIndex()] : null;
		EntityEntry entry = context.addEntry(cached, readOnly ? Status.READ_ONLY : Status.MANAGED, state, null, id,
				version, LockMode.NONE, true, persister, false);
		holder.setEntityEntry(entry);
		persister.afterInitialize(cached, session);
		entry.postLoad(cached);
		context.initializeNonLazyCollections();
		this.sessionFactory.getEventListenerGroups().eventListenerGroup_POST_LOAD.fireEventOnEachListener(
				new PostLoadEvent(id, persister, cached, session.asEventSource()), PostLoadEventListener::onPostLoad);
		return context.proxyFor(holder, asked);
	}

	/**
	 * Return the value of an attribute as the session sees it, as Hibernate assembles an
	 * entry of its own cache: a to-one association resolved by the session from the id of
	 * the decoded reference, a collection as the wrapper of the owner's key, an inverse
	 * one-to-one from the owner's id, any other value a copy.
	 */
	private @Nullable Object assemble(Type type, @Nullable Object value, SharedSessionContractImplementor session,
			Object owner) {
		if (!(type instanceof ManyToOneType toOne)) {
			return type.assemble(type.disassemble(value, session, owner), session, owner);
		}
		if (value == null) {
			return null;
		}
		Type idType = toOne.getAssociatedEntityPersister(this.sessionFactory).getIdentifierType();
		return toOne.assemble(idType.disassemble(this.persistenceUnitUtil.getIdentifier(value), session, owner),
				session, owner);
	}

	private EntityPersister persister(Class<?> entityClass) {
		return this.sessionFactory.getMappingMetamodel().getEntityDescriptor(entityClass);
	}

}
