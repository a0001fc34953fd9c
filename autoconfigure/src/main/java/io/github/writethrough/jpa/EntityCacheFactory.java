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

import java.lang.reflect.Field;
import java.util.List;
import java.util.function.Function;

import io.github.writethrough.WriteThroughConfigurationException;
import io.github.writethrough.cache.CacheSettings;
import io.github.writethrough.cache.EntityAccess;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.EntityModel;
import io.github.writethrough.cache.NearTier;
import jakarta.persistence.Column;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.Attribute.PersistentAttributeType;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.IdentifiableType;
import jakarta.persistence.metamodel.Metamodel;
import jakarta.persistence.metamodel.SingularAttribute;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.AbstractEntityPersister;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.persister.entity.JoinedSubclassEntityPersister;
import org.hibernate.persister.entity.SingleTableEntityPersister;
import org.hibernate.persister.entity.UnionSubclassEntityPersister;

import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.Assert;

/**
 * Creates the cache of an entity of a persistence unit: maps and checks the entity,
 * creates the fence sequence when the entity has no version, and teaches the query
 * targets the entity's names.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class EntityCacheFactory {

	private final EntityManagerFactory entityManagerFactory;

	private final EntityAccess access;

	private final Function<String, CacheSettings> settings;

	private final FenceSequence fenceSequence;

	private final QueryTargets queryTargets;

	private final NearTier nearTier;

	/**
	 * Create a new factory.
	 * @param entityManagerFactory the persistence unit of the entities
	 * @param settings the settings of each cache, by name
	 * @param fenceSequence orders the updates of entities without a version
	 * @param queryTargets finds the caches of modifying queries
	 * @param nearTier creates the near tiers of caches whose settings ask for one
	 */
	public EntityCacheFactory(EntityManagerFactory entityManagerFactory, Function<String, CacheSettings> settings,
			FenceSequence fenceSequence, QueryTargets queryTargets, NearTier nearTier) {
		Assert.notNull(entityManagerFactory, "entityManagerFactory must not be null");
		Assert.notNull(settings, "settings must not be null");
		Assert.notNull(fenceSequence, "fenceSequence must not be null");
		Assert.notNull(queryTargets, "queryTargets must not be null");
		Assert.notNull(nearTier, "nearTier must not be null");
		this.entityManagerFactory = entityManagerFactory;
		this.access = new JpaEntityAccess(entityManagerFactory);
		this.settings = settings;
		this.fenceSequence = fenceSequence;
		this.queryTargets = queryTargets;
		this.nearTier = nearTier;
	}

	/**
	 * Create the cache of an entity.
	 * @param name the cache name
	 * @param entityClass the entity class
	 * @return the cache
	 * @throws WriteThroughConfigurationException if the entity cannot be cached
	 */
	public EntityCache create(String name, Class<?> entityClass) {
		Metamodel metamodel = this.entityManagerFactory.getMetamodel();
		EntityModel model = EntityMappings.of(metamodel.entity(rootOf(entityClass)), metamodel);
		for (Class<?> member : members(model)) {
			HitLoader.check(this.entityManagerFactory.unwrap(SessionFactoryImplementor.class)
				.getMappingMetamodel()
				.getEntityDescriptor(member));
		}
		CacheSettings settings = this.settings.apply(name);
		EntityCache cache = new EntityCache(name, model, this.access, settings, this.nearTier);
		if (!cache.isVersioned()) {
			this.fenceSequence.createIfMissing();
		}
		this.queryTargets.register(cache);
		return cache;
	}

	/**
	 * Return the root entity of the inheritance hierarchy of an entity: the entity itself
	 * when it has no entity superclass. The cache of a hierarchy holds every entity of
	 * it.
	 * @param entityClass the entity class
	 * @return the root entity class
	 */
	public Class<?> rootOf(Class<?> entityClass) {
		IdentifiableType<?> type = this.entityManagerFactory.getMetamodel().entity(entityClass);
		Class<?> root = entityClass;
		while (type != null) {
			if (type instanceof EntityType<?>) {
				root = type.getJavaType();
			}
			type = type.getSupertype();
		}
		return root;
	}

	private static List<Class<?>> members(EntityModel model) {
		return model.hierarchy().isEmpty() ? List.of(model.entityType())
				: model.hierarchy().values().stream().<Class<?>>map(EntityModel::entityType).toList();
	}

	/**
	 * Return the field of the attribute a query method looks an entity up by, once
	 * checked to be a basic attribute the mapping declares unique: {@code @Id},
	 * {@code @NaturalId}, {@code @Column(unique = true)}, or a unique constraint or index
	 * of its column alone.
	 * @param entityClass the entity class
	 * @param attribute the attribute
	 * @param method the query method, for messages
	 * @return the field that holds the attribute
	 * @throws WriteThroughConfigurationException if the attribute is not such an
	 * attribute
	 */
	public Field uniqueAttribute(Class<?> entityClass, String attribute, String method) {
		EntityType<?> type = this.entityManagerFactory.getMetamodel().entity(entityClass);
		Attribute<?, ?> found = type.getAttributes()
			.stream()
			.filter((candidate) -> candidate.getName().equals(attribute))
			.findFirst()
			.orElseThrow(() -> new WriteThroughConfigurationException(
					"%s looks %s up by '%s', which is not an attribute of the entity".formatted(method,
							entityClass.getName(), attribute),
					"Name an attribute of the entity in @WriteThrough(key = ...)."));
		if (found.getPersistentAttributeType() != PersistentAttributeType.BASIC) {
			throw new WriteThroughConfigurationException(
					"%s looks %s up by '%s', which is not a basic attribute".formatted(method, entityClass.getName(),
							attribute),
					"Cache lookups by a unique basic attribute only, or remove @WriteThrough from the method.");
		}
		Field field = EntityMappings.field(entityClass, found);
		if (!isUnique(type, found, field)) {
			throw new WriteThroughConfigurationException(
					"%s looks %s up by '%s', which the mapping does not declare unique".formatted(method,
							entityClass.getName(), attribute),
					"Declare it unique (the only @NaturalId, @Column(unique = true), or a unique constraint of its "
							+ "column alone in the @Table of its table; in a TABLE_PER_CLASS hierarchy, look up a concrete "
							+ "entity without subclasses), "
							+ "or remove @WriteThrough from the method: two rows with one value make the query fail "
							+ "where a cached lookup would answer one of them.");
		}
		return field;
	}

	/**
	 * Whether the mapping declares an attribute unique among the rows a lookup of the
	 * entity reads: the single id, the single natural id, a unique column, or a unique
	 * constraint or index of its column alone on the table that holds it. Constraints of
	 * a table-per-class hierarchy hold within one table, so only the id is unique across
	 * the tables of an entity with subclasses.
	 */
	private boolean isUnique(EntityType<?> type, Attribute<?, ?> attribute, Field field) {
		if (attribute instanceof SingularAttribute<?, ?> singular && singular.isId()) {
			return type.hasSingleIdAttribute();
		}
		Class<?> entityClass = type.getJavaType();
		EntityPersister persister = this.entityManagerFactory.unwrap(SessionFactoryImplementor.class)
			.getMappingMetamodel()
			.getEntityDescriptor(entityClass);
		if (persister instanceof UnionSubclassEntityPersister && persister.getSubclassEntityNames().size() > 1) {
			return false;
		}
		int[] naturalId = persister.getNaturalIdentifierProperties();
		if (naturalId != null && naturalId.length == 1
				&& persister.getPropertyNames()[naturalId[0]].equals(attribute.getName())) {
			return true;
		}
		Column column = field.getAnnotation(Column.class);
		if (column != null && column.unique()) {
			return true;
		}
		Table table = AnnotationUtils.getAnnotation(tableEntity(type, persister, field), Table.class);
		String[] columns = ((AbstractEntityPersister) persister).getPropertyColumnNames(attribute.getName());
		if (table == null || columns.length != 1) {
			return false;
		}
		for (UniqueConstraint constraint : table.uniqueConstraints()) {
			if (constraint.columnNames().length == 1 && constraint.columnNames()[0].equalsIgnoreCase(columns[0])) {
				return true;
			}
		}
		for (Index index : table.indexes()) {
			if (index.unique() && index.columnList().trim().equalsIgnoreCase(columns[0])) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the entity class whose table holds the column of an attribute: the root of a
	 * single-table hierarchy, the highest entity that has the attribute in a joined one,
	 * and the entity itself otherwise.
	 */
	private static Class<?> tableEntity(EntityType<?> type, EntityPersister persister, Field field) {
		IdentifiableType<?> holder = type;
		for (IdentifiableType<?> above = type.getSupertype(); above != null; above = above.getSupertype()) {
			boolean sharesTable = persister instanceof SingleTableEntityPersister
					|| (persister instanceof JoinedSubclassEntityPersister
							&& field.getDeclaringClass().isAssignableFrom(above.getJavaType()));
			if (above instanceof EntityType<?> && sharesTable) {
				holder = above;
			}
		}
		return holder.getJavaType();
	}

}
