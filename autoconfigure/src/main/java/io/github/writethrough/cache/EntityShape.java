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

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.core.ResolvableType;
import org.springframework.util.ReflectionUtils;

/**
 * The fingerprint of what the entries of a cache hold: the codec's format, and for each
 * concrete entity its name in entries, its persistent attributes and the structure of
 * their stored types, down to the fields of value objects and the constants of enums, and
 * the entity each to-one association refers to. Class names of value objects play no
 * part, nor does the order of attributes, since neither changes how an entry decodes; the
 * result is the same in every JVM.
 *
 * @author Write-Through contributors
 */
final class EntityShape {

	private EntityShape() {
	}

	/**
	 * Return the fingerprint of the entries of an entity model: 16 hexadecimal digits.
	 * @param model the model of the cache's entity
	 * @return the fingerprint
	 */
	static String fingerprint(EntityModel model) {
		StringBuilder description = new StringBuilder("format=").append(EntityCodec.FORMAT);
		// fences from a version and fences from the sequence do not compare
		description.append(";@version=").append((model.version() != null) ? model.version().getName() : "none");
		if (model.hierarchy().isEmpty()) {
			describe(model, description);
		}
		else {
			new TreeMap<>(model.hierarchy()).forEach((name, concrete) -> {
				description.append(";@entity=").append(name);
				describe(concrete, description);
			});
		}
		return hash(description.toString());
	}

	private static void describe(EntityModel model, StringBuilder description) {
		List<EntityProperty> properties = new ArrayList<>(model.properties());
		properties.sort(Comparator.comparing(EntityProperty::name));
		ResolvableType entity = ResolvableType.forClass(model.entityType());
		for (EntityProperty property : properties) {
			description.append(';').append(property.name()).append(':');
			ResolvableType owner = entity.as(property.field().getDeclaringClass());
			describeType(ResolvableType.forType(property.storedType(), owner), description, new HashSet<>());
			if (property.referenceType() != null) {
				// the stored id does not say which entity it refers to
				description.append("->").append(property.referenceType().getSimpleName());
			}
		}
	}

	/**
	 * Describe a type with its type variables resolved where the entity class binds them,
	 * as in {@code AbstractPersistable<Long>}.
	 */
	private static void describeType(ResolvableType type, StringBuilder description, Set<Class<?>> enclosing) {
		if (type.isArray()) {
			describeType(type.getComponentType(), description, enclosing);
			description.append("[]");
			return;
		}
		Class<?> resolved = type.resolve();
		if (resolved == null) {
			description.append(type);
			return;
		}
		describeClass(resolved, type, description, enclosing);
		if (type.hasGenerics()) {
			description.append('<');
			ResolvableType[] generics = type.getGenerics();
			for (int i = 0; i < generics.length; i++) {
				description.append((i > 0) ? "," : "");
				describeType(generics[i], description, enclosing);
			}
			description.append('>');
		}
	}

	private static void describeClass(Class<?> type, ResolvableType owner, StringBuilder description,
			Set<Class<?>> enclosing) {
		if (type.isEnum()) {
			Set<String> constants = new TreeSet<>();
			for (Object constant : type.getEnumConstants()) {
				constants.add(((Enum<?>) constant).name());
			}
			description.append("enum(").append(String.join(",", constants)).append(')');
		}
		else if (type.isPrimitive() || type.isInterface() || isPlatformType(type)) {
			description.append(type.getName());
		}
		else if (!enclosing.add(type)) {
			description.append("(cycle)");
		}
		else {
			Map<String, Field> fields = new TreeMap<>();
			ReflectionUtils.doWithFields(type, (field) -> fields.putIfAbsent(field.getName(), field),
					(field) -> !field.isSynthetic() && !Modifier.isStatic(field.getModifiers())
							&& !Modifier.isTransient(field.getModifiers()));
			description.append('{');
			fields.forEach((name, field) -> {
				description.append(name).append(':');
				describeType(ResolvableType.forField(field, owner), description, enclosing);
				description.append(';');
			});
			description.append('}');
			enclosing.remove(type);
		}
	}

	private static boolean isPlatformType(Class<?> type) {
		String name = type.getName();
		return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jakarta.");
	}

	private static String hash(String description) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(description.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
