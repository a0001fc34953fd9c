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

import javax.sql.DataSource;

import io.github.writethrough.WriteThroughConfigurationException;
import io.github.writethrough.cache.CacheWriter;
import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.cache.WritePreparation;
import io.github.writethrough.feed.ChangeFeed;
import io.github.writethrough.feed.ReplicationConnector;
import io.github.writethrough.feed.ReplicationSlot;
import io.github.writethrough.jpa.FenceSequence;
import io.github.writethrough.jpa.FollowedTables;
import io.github.writethrough.store.EntryStore;
import jakarta.persistence.EntityManagerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Configuration of the change feed, when {@code write-through.change-feed.enabled} is
 * {@code true}.
 *
 * @author Write-Through contributors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("write-through.change-feed.enabled")
class ChangeFeedConfiguration {

	@Bean
	ChangeFeed writeThroughChangeFeed(WriteThroughProperties properties, Environment environment, DataSource dataSource,
			ObjectProvider<JdbcConnectionDetails> jdbcConnectionDetails, EntityManagerFactory entityManagerFactory,
			EntityCaches caches, CacheWriter writer, WritePreparation preparation, FenceSequence fenceSequence,
			EntryStore store) {
		if (!ClassUtils.isPresent("org.postgresql.PGConnection", getClass().getClassLoader())) {
			throw new WriteThroughConfigurationException(
					"write-through.change-feed.enabled is true, but PostgreSQL's JDBC driver is not on the classpath",
					"Add org.postgresql:postgresql, or set write-through.change-feed.enabled=false.");
		}
		WriteThroughProperties.ChangeFeed settings = properties.getChangeFeed();
		String slotName = (settings.getSlotName() != null) ? settings.getSlotName()
				: ReplicationSlot.nameFor(environment.getProperty("spring.application.name", "application"));
		ReplicationSlot slot = new ReplicationSlot(dataSource, slotName);
		JdbcConnectionDetails connectionDetails = jdbcConnectionDetails.getIfAvailable();
		if (connectionDetails == null) {
			throw new WriteThroughConfigurationException(
					"write-through.change-feed.enabled is true, but there is no JdbcConnectionDetails bean to open "
							+ "replication connections with",
					"Configure the DataSource with spring.datasource.url, username and password, or declare a "
							+ "JdbcConnectionDetails bean for the database.");
		}
		ReplicationConnector connector = new ReplicationConnector(connectionDetails.getJdbcUrl(),
				connectionDetails.getUsername(), connectionDetails.getPassword());
		return new ChangeFeed(slot, () -> FollowedTables.of(entityManagerFactory, caches.all()), connector, writer,
				preparation, fenceSequence::next, store, settings.getMaxLag().toBytes(), settings.getTakeoverTimeout());
	}

}
