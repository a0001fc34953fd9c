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

package io.github.writethrough.repository;

import io.github.writethrough.WriteThrough;
import io.github.writethrough.WriteThroughConfigurationException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.data.jpa.repository.support.JpaRepositoryFactoryBean;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * Registers a {@link WriteThroughRepositoryProxyPostProcessor} with the factory of every
 * {@link WriteThrough @WriteThrough} repository, and of every JPA repository with
 * {@code @Modifying} queries, before the repository is created, and fails fast when the
 * annotation is placed on anything else.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public class WriteThroughRepositoryBeanPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<WriteThroughRepositoryProxyPostProcessor> proxyPostProcessor;

	/**
	 * Create a new instance.
	 * @param proxyPostProcessor provides the proxy post-processor when the first
	 * {@code @WriteThrough} repository is created
	 */
	public WriteThroughRepositoryBeanPostProcessor(
			ObjectProvider<WriteThroughRepositoryProxyPostProcessor> proxyPostProcessor) {
		Assert.notNull(proxyPostProcessor, "proxyPostProcessor must not be null");
		this.proxyPostProcessor = proxyPostProcessor;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof RepositoryFactoryBeanSupport<?, ?, ?> factoryBean) {
			Class<?> repositoryInterface = factoryBean.getObjectType();
			boolean annotated = isAnnotated(repositoryInterface);
			if (annotated && !(bean instanceof JpaRepositoryFactoryBean<?, ?, ?>)) {
				throw new WriteThroughConfigurationException(
						"@WriteThrough repository %s is not a Spring Data JPA repository"
							.formatted(repositoryInterface.getName()),
						"Use @WriteThrough only on Spring Data JPA repositories.");
			}
			if (!annotated
					&& !WriteThroughRepositoryProxyPostProcessor.annotatedMethods(repositoryInterface).isEmpty()) {
				throw new WriteThroughConfigurationException(
						"%s has @WriteThrough query methods but is not @WriteThrough itself"
							.formatted(repositoryInterface.getName()),
						"Put @WriteThrough on the repository interface too: its query methods share its cache.");
			}
			if (annotated || (bean instanceof JpaRepositoryFactoryBean<?, ?, ?>
					&& WriteThroughRepositoryProxyPostProcessor.hasModifyingQueries(repositoryInterface))) {
				factoryBean.addRepositoryFactoryCustomizer((repositoryFactory) -> repositoryFactory
					.addRepositoryProxyPostProcessor(this.proxyPostProcessor.getObject()));
			}
		}
		else if (isAnnotated(ClassUtils.getUserClass(bean))) {
			throw new WriteThroughConfigurationException(
					"@WriteThrough is on %s, which is not a Spring Data repository"
						.formatted(ClassUtils.getUserClass(bean).getName()),
					"Put @WriteThrough on a Spring Data JPA repository interface, for example one that extends "
							+ "JpaRepository<Entity, Id>.");
		}
		return bean;
	}

	private static boolean isAnnotated(Class<?> type) {
		return AnnotatedElementUtils.hasAnnotation(type, WriteThrough.class);
	}

}
