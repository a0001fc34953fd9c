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

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * Starts an embedded PostgreSQL and an embedded Redis for the servers that the
 * configuration does not name, and points {@code spring.datasource.*} and
 * {@code spring.data.redis.*} at them. They listen on free ports, or on the ports set
 * with {@code sample.embedded.postgres-port} and {@code sample.embedded.redis-port}. Does
 * nothing in the {@code prod} profile.
 * <p>
 * Listens to {@link ApplicationPreparedEvent} rather than post-processing the environment
 * because only then are the properties of a test's {@code @DynamicPropertySource} in the
 * environment. The servers stop after every bean has been destroyed, when the context
 * closes.
 *
 * @author Write-Through contributors
 */
class EmbeddedServersListener implements ApplicationListener<ApplicationPreparedEvent> {

	private static final String PROPERTY_SOURCE_NAME = "embeddedServers";

	private static final String BEAN_NAME = "embeddedServers";

	@Override
	public void onApplicationEvent(ApplicationPreparedEvent event) {
		ConfigurableEnvironment environment = event.getApplicationContext().getEnvironment();
		if (environment.acceptsProfiles(Profiles.of("prod"))) {
			return;
		}
		boolean postgres = !environment.containsProperty("spring.datasource.url");
		boolean redis = !environment.containsProperty("spring.data.redis.url")
				&& !environment.containsProperty("spring.data.redis.host")
				&& !environment.containsProperty("spring.data.redis.port");
		if (!postgres && !redis) {
			return;
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		EmbeddedServers servers = EmbeddedServers.start(postgres,
				environment.getProperty("sample.embedded.postgres-port", Integer.class, 0), redis,
				environment.getProperty("sample.embedded.redis-port", Integer.class, 0), properties);
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
		registerForShutdown(event.getApplicationContext(), servers);
	}

	private void registerForShutdown(ConfigurableApplicationContext context, EmbeddedServers servers) {
		// Registered before any other bean, so destroyed after all of them
		DefaultListableBeanFactory beanFactory = (DefaultListableBeanFactory) context.getBeanFactory();
		beanFactory.registerSingleton(BEAN_NAME, servers);
		beanFactory.registerDisposableBean(BEAN_NAME, servers);
	}

}
