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

package io.github.writethrough.test;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.util.Assert;

/**
 * Spring Boot properties that point an application at a test server, usable with
 * {@code ApplicationContextRunner.withPropertyValues(...)} and with
 * {@code @DynamicPropertySource}.
 *
 * <pre class="code">
 * contextRunner.withPropertyValues(TestServers.redis().springProperties().toArray());
 *
 * &#64;DynamicPropertySource
 * static void servers(DynamicPropertyRegistry registry) {
 *     TestServers.postgres().springProperties().and(TestServers.redis().springProperties()).registerIn(registry);
 * }
 * </pre>
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class SpringProperties {

	private final Map<String, String> properties;

	private SpringProperties(Map<String, String> properties) {
		this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
	}

	/**
	 * Create properties from the given name-value pairs, in order.
	 * @param properties the properties
	 * @return the properties
	 */
	public static SpringProperties of(Map<String, String> properties) {
		Assert.notNull(properties, "'properties' must not be null");
		return new SpringProperties(properties);
	}

	/**
	 * Return these properties followed by the given ones; a name present in both takes
	 * the value of {@code other}.
	 * @param other the properties to add
	 * @return the combined properties
	 */
	public SpringProperties and(SpringProperties other) {
		Assert.notNull(other, "'other' must not be null");
		Map<String, String> combined = new LinkedHashMap<>(this.properties);
		combined.putAll(other.properties);
		return new SpringProperties(combined);
	}

	/**
	 * Return these properties with one more property.
	 * @param name the property name
	 * @param value the property value
	 * @return the combined properties
	 */
	public SpringProperties and(String name, String value) {
		return and(of(Map.of(name, value)));
	}

	/**
	 * Return the properties as an unmodifiable map, in order.
	 * @return the properties
	 */
	public Map<String, String> asMap() {
		return this.properties;
	}

	/**
	 * Return the properties as {@code name=value} strings, the form
	 * {@code withPropertyValues} takes.
	 * @return the properties
	 */
	public String[] toArray() {
		return this.properties.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
	}

	/**
	 * Add the properties to a {@link DynamicPropertyRegistry}.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 */
	public void registerIn(DynamicPropertyRegistry registry) {
		Assert.notNull(registry, "'registry' must not be null");
		this.properties.forEach((name, value) -> registry.add(name, () -> value));
	}

	@Override
	public String toString() {
		return this.properties.toString();
	}

}
