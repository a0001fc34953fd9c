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

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * Redis keys of one cache: {@code <prefix>:<cache>:<id>} for entries,
 * {@code <prefix>:<cache>} for the cache's epoch counter, and
 * {@code <prefix>:<cache>#<attribute>:<value>} for the index of a unique attribute.
 *
 * @author Write-Through contributors
 */
final class CacheKeys {

	private static final ObjectMapper idMapper = JsonMapper.builder()
		.changeDefaultVisibility(EntityCodec::fieldsOnly)
		.enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
		.disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
		.build();

	private final String entryPrefix;

	private final byte[] entryPrefixBytes;

	private final String epochKeyText;

	private final byte[] epochKey;

	CacheKeys(String keyPrefix, String cacheName) {
		String cachePrefix = keyPrefix + ":" + cacheName;
		this.entryPrefix = cachePrefix + ":";
		this.entryPrefixBytes = this.entryPrefix.getBytes(StandardCharsets.UTF_8);
		this.epochKeyText = cachePrefix;
		this.epochKey = cachePrefix.getBytes(StandardCharsets.UTF_8);
	}

	byte[] entryKey(Object id) {
		if (id instanceof Long || id instanceof Integer) {
			// the digits written straight after the prefix: no string on the way
			long value = ((Number) id).longValue();
			int digits = (value == Long.MIN_VALUE) ? 20 : digits(value);
			byte[] key = Arrays.copyOf(this.entryPrefixBytes, this.entryPrefixBytes.length + digits);
			long rest = value;
			for (int i = key.length - 1; i >= this.entryPrefixBytes.length; i--) {
				int digit = (int) (rest % 10);
				key[i] = (byte) ('0' + Math.abs(digit));
				rest /= 10;
			}
			if (value < 0) {
				key[this.entryPrefixBytes.length] = '-';
			}
			return key;
		}
		return renderedKey(id).getBytes(StandardCharsets.UTF_8);
	}

	private static int digits(long value) {
		int digits = (value < 0) ? 2 : 1;
		for (long rest = Math.abs(value); rest >= 10; rest /= 10) {
			digits++;
		}
		return digits;
	}

	String renderedKey(Object id) {
		return this.entryPrefix + render(id);
	}

	byte[] indexKey(String attribute, Object value) {
		return (this.epochKeyText + "#" + attribute + ":" + render(value)).getBytes(StandardCharsets.UTF_8);
	}

	String entryPrefix() {
		return this.entryPrefix;
	}

	/**
	 * Parse an id as keys render it. Only the rendering of an id is accepted: text that
	 * converts to an id but renders otherwise ({@code 0x1}, {@code " 1"}) is not one.
	 */
	Object parseId(String text, Class<?> idType) {
		Class<?> type = ClassUtils.resolvePrimitiveIfNecessary(idType);
		Object id;
		if (CharSequence.class.isAssignableFrom(type) || Number.class.isAssignableFrom(type) || type == UUID.class
				|| type == Character.class || type == Boolean.class || type.isEnum()) {
			id = DefaultConversionService.getSharedInstance().convert(text, type);
		}
		else {
			id = idMapper.readValue(text, type);
		}
		Assert.isTrue(id != null && render(id).equals(text), "Not an id as keys render it");
		return id;
	}

	byte[] epochKey() {
		return this.epochKey;
	}

	String epochKeyText() {
		return this.epochKeyText;
	}

	/**
	 * Whether a decoded entry's id is the id asked for: equal, or, for an id class that
	 * does not implement {@code equals}, rendered alike. Two ids whose keys merely
	 * collide (a lone surrogate encodes as {@code ?}) render differently and are not the
	 * same.
	 */
	static boolean sameId(Object id, @Nullable Object decoded) {
		return id.equals(decoded) || (decoded != null && render(id).equals(render(decoded)));
	}

	static String render(Object id) {
		if (id instanceof CharSequence || id instanceof Number || id instanceof UUID || id instanceof Character
				|| id instanceof Boolean) {
			return id.toString();
		}
		if (id instanceof Enum<?> constant) {
			return constant.name();
		}
		return idMapper.writeValueAsString(id);
	}

}
