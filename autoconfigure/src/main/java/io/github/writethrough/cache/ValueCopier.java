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
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Copies the value of an attribute so that no two holders share a mutable object:
 * immutable values are shared, and value objects such as embeddables, whose fields hold
 * such values, are copied field by field, as decoding their JSON would make them.
 *
 * @author Write-Through contributors
 */
abstract class ValueCopier {

	private static final int MAX_DEPTH = 4;

	private static final ValueCopier SHARED = new ValueCopier() {

		@Override
		Object copy(Object value) {
			return value;
		}

	};

	/**
	 * Copy a value.
	 * @param value the value, not {@code null}
	 * @return a value equal to it that shares nothing mutable with it, or {@code null}
	 * when it is of a subclass this copier does not know the fields of
	 */
	abstract @Nullable Object copy(Object value);

	/**
	 * Return the copier of values of a type.
	 * @param type the declared type of the values
	 * @return the copier, or {@code null} when values of the type are not known to be
	 * copied faithfully this way
	 */
	static @Nullable ValueCopier of(Class<?> type) {
		return of(type, 0);
	}

	private static @Nullable ValueCopier of(Class<?> type, int depth) {
		if (isImmutable(type)) {
			return SHARED;
		}
		if (depth >= MAX_DEPTH || type.isInterface() || type.isArray() || Modifier.isAbstract(type.getModifiers())
				|| type.getPackageName().startsWith("java") || type.getPackageName().startsWith("jdk")) {
			return null;
		}
		return FieldsCopier.of(type, depth);
	}

	private static boolean isImmutable(Class<?> type) {
		return ClassUtils.isPrimitiveOrWrapper(type) || type == String.class || type.isEnum() || type == UUID.class
				|| type == BigDecimal.class || type == BigInteger.class
				|| (type.getPackageName().equals("java.time") && !type.isInterface());
	}

	/**
	 * Copies a value object: a new instance from its no-argument constructor, then each
	 * field that is neither static nor transient, copied in turn.
	 */
	private static final class FieldsCopier extends ValueCopier {

		private final Class<?> type;

		private final Constructor<?> constructor;

		private final List<Field> fields;

		private final List<ValueCopier> copiers;

		private FieldsCopier(Class<?> type, Constructor<?> constructor, List<Field> fields, List<ValueCopier> copiers) {
			this.type = type;
			this.constructor = constructor;
			this.fields = fields;
			this.copiers = copiers;
		}

		static @Nullable FieldsCopier of(Class<?> type, int depth) {
			Constructor<?> constructor;
			try {
				constructor = type.getDeclaredConstructor();
			}
			catch (NoSuchMethodException ex) {
				return null;
			}
			if (!constructor.trySetAccessible()) {
				return null;
			}
			List<Field> fields = new ArrayList<>();
			List<ValueCopier> copiers = new ArrayList<>();
			for (Class<?> declaring = type; declaring != Object.class; declaring = declaring.getSuperclass()) {
				for (Field field : declaring.getDeclaredFields()) {
					if (Modifier.isStatic(field.getModifiers()) || Modifier.isTransient(field.getModifiers())) {
						continue;
					}
					ValueCopier copier = ValueCopier.of(field.getType(), depth + 1);
					if (copier == null || Modifier.isFinal(field.getModifiers()) || !field.trySetAccessible()) {
						return null;
					}
					fields.add(field);
					copiers.add(copier);
				}
			}
			return new FieldsCopier(type, constructor, fields, copiers);
		}

		@Override
		@Nullable Object copy(Object value) {
			if (value.getClass() != this.type) {
				return null;
			}
			Object copy;
			try {
				copy = this.constructor.newInstance();
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException("Cannot instantiate " + this.type.getName(), ex);
			}
			for (int i = 0; i < this.fields.size(); i++) {
				Field field = this.fields.get(i);
				Object fieldValue = ReflectionUtils.getField(field, value);
				Object copied = (fieldValue != null) ? this.copiers.get(i).copy(fieldValue) : null;
				if (fieldValue != null && copied == null) {
					return null;
				}
				ReflectionUtils.setField(field, copy, copied);
			}
			return copy;
		}

	}

}
