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
import java.util.Optional;

/**
 * What a repository method does to the cache.
 *
 * @author Write-Through contributors
 */
enum RepositoryMethod {

	/** {@code findById(id)}: read through the cache. */
	FIND_BY_ID("findById"),

	/** {@code findAllById(ids)}: read through the cache, misses in one query. */
	FIND_ALL_BY_ID("findAllById"),

	/** {@code existsById(id)}: answered by the cache when it can. */
	EXISTS_BY_ID("existsById"),

	/**
	 * {@code deleteAllInBatch(entities)}: mark the rows deleted after commit, as the bulk
	 * delete flushes no entity events.
	 */
	BATCH_DELETE("deleteAllInBatch"),

	/** {@code deleteAllByIdInBatch(ids)}: mark the rows deleted after commit. */
	BATCH_DELETE_BY_ID("deleteAllByIdInBatch"),

	/**
	 * {@code deleteAllInBatch()}: deletes every row without entity events, so the whole
	 * cache is invalidated after commit.
	 */
	DELETE_ALL_IN_BATCH("deleteAllInBatch"),

	/** Anything else: not cached. */
	OTHER("other");

	private final String observationName;

	RepositoryMethod(String name) {
		this.observationName = "write-through " + name;
	}

	static RepositoryMethod of(Method method) {
		String name = method.getName();
		int parameters = method.getParameterCount();
		if (parameters == 0) {
			return name.equals("deleteAllInBatch") ? DELETE_ALL_IN_BATCH : OTHER;
		}
		if (parameters != 1) {
			return OTHER;
		}
		boolean iterable = Iterable.class.isAssignableFrom(method.getParameterTypes()[0]);
		return switch (name) {
			case "findById" -> (method.getReturnType() == Optional.class) ? FIND_BY_ID : OTHER;
			case "findAllById" -> iterable ? FIND_ALL_BY_ID : OTHER;
			case "existsById" -> (method.getReturnType() == boolean.class) ? EXISTS_BY_ID : OTHER;
			case "deleteAllInBatch" -> iterable ? BATCH_DELETE : OTHER;
			case "deleteAllByIdInBatch" -> iterable ? BATCH_DELETE_BY_ID : OTHER;
			default -> OTHER;
		};
	}

	/**
	 * Return the contextual name of the observation of a call of this method.
	 */
	String observationName() {
		return this.observationName;
	}

	boolean isRead() {
		return this == FIND_BY_ID || this == FIND_ALL_BY_ID || this == EXISTS_BY_ID;
	}

}
