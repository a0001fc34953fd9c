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

package io.github.writethrough.autoconfigure;

import io.github.writethrough.store.EntryStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;

/**
 * Says at startup, once, what keeps Redis from serving the cache: Redis properties that
 * Spring Boot ignores, and a Redis that does not answer or refuses the connection's user.
 *
 * @author Write-Through contributors
 */
class RedisStartupCheck implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(RedisStartupCheck.class);

	private final EntryStore store;

	private final Environment environment;

	RedisStartupCheck(EntryStore store, Environment environment) {
		this.store = store;
		this.environment = environment;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.environment.containsProperty("spring.data.redis.url")
				&& (this.environment.containsProperty("spring.data.redis.password")
						|| this.environment.containsProperty("spring.data.redis.username"))) {
			logger.warn("spring.data.redis.url is set, so Spring Boot ignores spring.data.redis.username and "
					+ "spring.data.redis.password: give the user and password in the URL, "
					+ "redis://user:password@host:port");
		}
		// a failure is logged by the store, with what to change where a setting is to
		// blame
		this.store.ping();
	}

}
