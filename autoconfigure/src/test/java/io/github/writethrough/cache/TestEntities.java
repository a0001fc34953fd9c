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

package io.github.writethrough.cache;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * A small entity, its model built by hand, and an {@link EntityAccess} to it, for tests
 * of caching semantics without a persistence unit.
 *
 * @author Write-Through contributors
 */
final class TestEntities {

	static final CacheSettings SETTINGS = new CacheSettings("wt", new TtlPolicy(Duration.ofMinutes(10), 0),
			Duration.ZERO);

	private TestEntities() {
	}

	/**
	 * Return the model of {@link Member}, ordered by its version.
	 */
	static EntityModel versionedModel() {
		return model(field("version"));
	}

	/**
	 * Return the model of {@link Member} as another version of it would have it: without
	 * its tags.
	 */
	static EntityModel otherShapeModel() {
		EntityModel model = versionedModel();
		return new EntityModel(model.entityType(), model.idType(), model.constructor(),
				model.properties().stream().filter((property) -> !property.name().equals("tags")).toList(), model.id(),
				model.version());
	}

	/**
	 * Return the model of {@link Member} as if it had no version.
	 */
	static EntityModel unversionedModel() {
		return model(null);
	}

	private static EntityModel model(@Nullable Field version) {
		Field tags = field("tags");
		List<EntityProperty> properties = List.of(new EntityProperty("id", field("id"), Long.class, null),
				new EntityProperty("version", field("version"), Long.class, null),
				new EntityProperty("name", field("name"), String.class, null),
				new EntityProperty("tags", tags, tags.getGenericType(), null),
				new EntityProperty("team", field("team"), Long.class, Team.class));
		return new EntityModel(Member.class, Long.class, constructor(), properties, null, version);
	}

	private static Field field(String name) {
		Field field = ReflectionUtils.findField(Member.class, name);
		if (field == null) {
			throw new IllegalStateException("No field '" + name + "' in " + Member.class);
		}
		ReflectionUtils.makeAccessible(field);
		return field;
	}

	private static Constructor<?> constructor() {
		try {
			Constructor<?> constructor = Member.class.getDeclaredConstructor();
			ReflectionUtils.makeAccessible(constructor);
			return constructor;
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return a cache of versioned members with the default settings.
	 */
	static EntityCache cache(String name) {
		return cache(name, versionedModel(), new Access(), SETTINGS);
	}

	static EntityCache cache(String name, EntityModel model, EntityAccess access, CacheSettings settings) {
		return new EntityCache(name, model, access, settings);
	}

	static Member member(long id, long version, String name, String... tags) {
		Member member = new Member();
		member.id = id;
		member.version = version;
		member.name = name;
		member.tags = new ArrayList<>(List.of(tags));
		return member;
	}

	/**
	 * Return stored bytes, an entry or a key, as text.
	 */
	static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	static Team team(long id) {
		Team team = new Team();
		team.id = id;
		return team;
	}

	/**
	 * A cached entity with a version, an element collection and a to-one association.
	 */
	static class Member {

		@Nullable Long id;

		@Nullable Long version;

		@Nullable String name;

		@Nullable List<String> tags;

		@Nullable Team team;

		Member() {
		}

	}

	/**
	 * The target of the to-one association of {@link Member}.
	 */
	static class Team {

		@Nullable Long id;

	}

	/**
	 * Access to members and teams.
	 */
	static final class Access implements EntityAccess {

		@Override
		public @Nullable Object idOf(Object entity) {
			if (entity instanceof Member member) {
				return member.id;
			}
			if (entity instanceof Team team) {
				return team.id;
			}
			throw new IllegalArgumentException("Not an entity: " + entity);
		}

		@Override
		public Object unproxy(Object entity) {
			return entity;
		}

		@Override
		public Object reference(Class<?> entityType, Object id) {
			if (entityType != Team.class) {
				throw new IllegalArgumentException("Not a target entity: " + entityType);
			}
			return team((Long) id);
		}

	}

}
