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

import java.lang.reflect.Method;

import io.github.writethrough.testapp.ProfileRepository;
import org.junit.jupiter.api.Test;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.repository.CrudRepository;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RepositoryMethod}.
 *
 * @author Write-Through contributors
 */
class RepositoryMethodTests {

	@Test
	void readsAreRecognized() {
		assertThat(of(CrudRepository.class, "findById", Object.class)).isEqualTo(RepositoryMethod.FIND_BY_ID);
		assertThat(of(CrudRepository.class, "findAllById", Iterable.class)).isEqualTo(RepositoryMethod.FIND_ALL_BY_ID);
		assertThat(of(CrudRepository.class, "existsById", Object.class)).isEqualTo(RepositoryMethod.EXISTS_BY_ID);
	}

	@Test
	void entityWritesAreLeftToEntityEvents() {
		assertThat(of(CrudRepository.class, "save", Object.class)).isEqualTo(RepositoryMethod.OTHER);
		assertThat(of(CrudRepository.class, "deleteById", Object.class)).isEqualTo(RepositoryMethod.OTHER);
		assertThat(of(CrudRepository.class, "deleteAll")).isEqualTo(RepositoryMethod.OTHER);
		assertThat(of(ProfileRepository.class, "deleteByEmail", String.class)).isEqualTo(RepositoryMethod.OTHER);
	}

	@Test
	void bulkWritesAreRecognized() {
		assertThat(of(JpaRepository.class, "deleteAllInBatch", Iterable.class))
			.isEqualTo(RepositoryMethod.BATCH_DELETE);
		assertThat(of(JpaRepository.class, "deleteAllByIdInBatch", Iterable.class))
			.isEqualTo(RepositoryMethod.BATCH_DELETE_BY_ID);
		assertThat(of(JpaRepository.class, "deleteAllInBatch")).isEqualTo(RepositoryMethod.DELETE_ALL_IN_BATCH);
	}

	@Test
	void modifyingQueriesAreLeftToTheirOwnInterceptor() {
		assertThat(of(ProfileRepository.class, "rename", Long.class, String.class)).isEqualTo(RepositoryMethod.OTHER);
	}

	@Test
	void otherMethodsAreNotCached() {
		assertThat(of(JpaRepository.class, "getReferenceById", Object.class)).isEqualTo(RepositoryMethod.OTHER);
		assertThat(of(ProfileRepository.class, "findByDisplayName", String.class)).isEqualTo(RepositoryMethod.OTHER);
		assertThat(of(CrudRepository.class, "count")).isEqualTo(RepositoryMethod.OTHER);
	}

	private static RepositoryMethod of(Class<?> type, String name, Class<?>... parameterTypes) {
		Method method = ReflectionUtils.findMethod(type, name, parameterTypes);
		assertThat(method).as("%s.%s", type.getSimpleName(), name).isNotNull();
		return RepositoryMethod.of(method);
	}

}
