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

/**
 * Thrown after a transaction committed when its cache updates could not be applied and
 * {@code write-through.on-cache-failure} is {@code fail}. The database changes are
 * committed and stay so; the cache updates are retried, and the caches concerned are not
 * read until they are applied.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public class CacheUpdateFailedException extends RuntimeException {

	/**
	 * Create a new exception.
	 * @param message the detail message
	 * @param cause the cause
	 */
	public CacheUpdateFailedException(String message, Throwable cause) {
		super(message, cause);
	}

}
