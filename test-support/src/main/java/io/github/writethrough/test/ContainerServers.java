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

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Starts test servers in containers. The containers live as long as the JVM;
 * Testcontainers removes them when it exits.
 *
 * @author Write-Through contributors
 */
final class ContainerServers {

	private static final DockerImageName POSTGRES_IMAGE = DockerImageName.parse("postgres:17-alpine");

	private static final DockerImageName REDIS_IMAGE = DockerImageName.parse("redis:7-alpine");

	private static final int REDIS_PORT = 6379;

	private ContainerServers() {
	}

	static boolean isDockerAvailable() {
		return DockerClientFactory.instance().isDockerAvailable();
	}

	static TestPostgres startPostgres() {
		// logical decoding, for the change feed
		PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE).withCommand("postgres", "-c",
				"wal_level=logical");
		container.start();
		return new TestPostgres(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
				ServerSource.TESTCONTAINERS);
	}

	static TestRedis startRedis() {
		GenericContainer<?> container = new GenericContainer<>(REDIS_IMAGE).withExposedPorts(REDIS_PORT);
		container.start();
		return new TestRedis(container.getHost(), container.getMappedPort(REDIS_PORT), ServerSource.TESTCONTAINERS);
	}

}
