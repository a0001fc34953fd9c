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

package io.github.writethrough;

import java.util.Map;

import io.github.writethrough.test.SpringProperties;
import io.github.writethrough.test.TestRedis;
import io.github.writethrough.test.TestSchema;
import io.github.writethrough.test.TestServers;
import io.github.writethrough.testapp.TestApplication;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real PostgreSQL schema and Redis key prefix of one integration test class.
 *
 * @author Write-Through contributors
 */
public final class IntegrationServers implements AutoCloseable {

	private final TestSchema schema;

	private final TestRedis redis;

	private final String keyPrefix;

	private IntegrationServers(TestSchema schema, TestRedis redis, String keyPrefix) {
		this.schema = schema;
		this.redis = redis;
		this.keyPrefix = keyPrefix;
	}

	/**
	 * Create a schema and a key prefix for a test class.
	 * @param testClass the test class
	 * @return the servers
	 */
	public static IntegrationServers forTestClass(Class<?> testClass) {
		TestRedis redis = TestServers.redis();
		String prefix = redis.newKeyPrefix(testClass);
		return new IntegrationServers(TestServers.postgres().createSchema("wt_" + testClass.getSimpleName()), redis,
				prefix.substring(0, prefix.length() - 1));
	}

	/**
	 * Return the Spring properties that point an application at these servers. Tables are
	 * created when the application starts and left when it stops: the schema is dropped
	 * after the test class, and a cached test context that closes at JVM exit must not
	 * need an embedded database that is stopping too.
	 * @return the properties
	 */
	public SpringProperties springProperties() {
		return this.schema.springProperties()
			.and(this.redis.springProperties())
			.and("spring.jpa.hibernate.ddl-auto", "create")
			.and("write-through.key-prefix", this.keyPrefix);
	}

	/**
	 * Register the properties with a test context.
	 * @param registry the registry
	 */
	public void register(DynamicPropertyRegistry registry) {
		springProperties().registerIn(registry);
	}

	/**
	 * Return the name of the PostgreSQL schema of the test class.
	 * @return the schema name
	 */
	/**
	 * Start the test application as an instance of its own, with the given properties.
	 * @param properties the properties, usually these servers' and some of the test's
	 * @param sources configuration to add to the test application's
	 * @return the started application
	 */
	public static ConfigurableApplicationContext startApplication(Map<String, String> properties, Class<?>... sources) {
		return new SpringApplicationBuilder(TestApplication.class).sources(sources)
			.properties(properties.entrySet()
				.stream()
				.map((entry) -> entry.getKey() + "=" + entry.getValue())
				.toArray(String[]::new))
			.web(WebApplicationType.NONE)
			.run();
	}

	public String schemaName() {
		return this.schema.name();
	}

	/**
	 * Return the Redis key prefix of the test class.
	 * @return the key prefix, without a trailing colon
	 */
	public String keyPrefix() {
		return this.keyPrefix;
	}

	/**
	 * Delete the Redis keys of the test class.
	 */
	public void deleteRedisKeys() {
		this.redis.deleteKeys(this.keyPrefix + ":");
	}

	@Override
	public void close() {
		deleteRedisKeys();
		this.schema.drop();
	}

}
