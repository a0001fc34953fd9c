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

package io.github.writethrough.sample;

import java.io.IOException;
import java.util.Map;

import io.github.writethrough.test.EmbeddedServers.EmbeddedRedis;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

import static io.github.writethrough.test.EmbeddedServers.LOOPBACK;
import static io.github.writethrough.test.EmbeddedServers.startPostgres;
import static io.github.writethrough.test.EmbeddedServers.startRedis;

/**
 * Embedded PostgreSQL and Redis, for running the sample without servers of your own. They
 * listen on the loopback interface, on free ports unless ports are given. Their data
 * lives in temporary directories and goes when they stop.
 *
 * @author Write-Through contributors
 */
class EmbeddedServers implements DisposableBean {

	private static final Log logger = LogFactory.getLog(EmbeddedServers.class);

	private final @Nullable EmbeddedPostgres postgres;

	private final @Nullable EmbeddedRedis redis;

	private EmbeddedServers(@Nullable EmbeddedPostgres postgres, @Nullable EmbeddedRedis redis) {
		this.postgres = postgres;
		this.redis = redis;
	}

	/**
	 * Start the requested servers and put the properties that point at them into the
	 * given map.
	 * @param postgres whether to start PostgreSQL
	 * @param postgresPort the port of PostgreSQL, or {@code 0} for a free one
	 * @param redis whether to start Redis
	 * @param redisPort the port of Redis, or {@code 0} for a free one
	 * @param properties where to put the properties
	 * @return the started servers
	 */
	static EmbeddedServers start(boolean postgres, int postgresPort, boolean redis, int redisPort,
			Map<String, Object> properties) {
		EmbeddedPostgres embeddedPostgres = postgres ? postgres(postgresPort, properties) : null;
		try {
			EmbeddedRedis embeddedRedis = redis ? redis(redisPort, properties) : null;
			return new EmbeddedServers(embeddedPostgres, embeddedRedis);
		}
		catch (RuntimeException ex) {
			new EmbeddedServers(embeddedPostgres, null).destroy();
			throw ex;
		}
	}

	private static EmbeddedPostgres postgres(int port, Map<String, Object> properties) {
		EmbeddedPostgres postgres = startPostgres(port);
		properties.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
		properties.put("spring.datasource.username", "postgres");
		properties.put("spring.datasource.password", "");
		logger.info("Started embedded PostgreSQL on port " + postgres.getPort() + " (psql -h localhost -p "
				+ postgres.getPort() + " -U postgres)");
		return postgres;
	}

	private static EmbeddedRedis redis(int port, Map<String, Object> properties) {
		EmbeddedRedis redis = startRedis(port, "appendonly no");
		properties.put("spring.data.redis.host", LOOPBACK);
		properties.put("spring.data.redis.port", redis.port());
		logger.info("Started embedded Redis on port " + redis.port() + " (redis-cli -p " + redis.port() + ")");
		return redis;
	}

	@Override
	public void destroy() {
		if (this.redis != null) {
			try {
				this.redis.stop();
				logger.info("Stopped embedded Redis");
			}
			catch (RuntimeException ex) {
				logger.warn("Could not stop embedded Redis", ex);
			}
		}
		if (this.postgres != null) {
			try {
				this.postgres.close();
				logger.info("Stopped embedded PostgreSQL");
			}
			catch (IOException ex) {
				logger.warn("Could not stop embedded PostgreSQL", ex);
			}
		}
	}

}
