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
 * Thrown at startup when write-through caching is misconfigured, for example when
 * {@link WriteThrough @WriteThrough} is placed on a type that is not a Spring Data
 * repository or on a repository whose entity cannot be cached.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public class WriteThroughConfigurationException extends RuntimeException {

	private final String action;

	/**
	 * Create a new exception.
	 * @param description what is wrong, naming the class or property at fault
	 * @param action what the user should do about it
	 */
	public WriteThroughConfigurationException(String description, String action) {
		super(description);
		this.action = action;
	}

	/**
	 * Return what the user should do to fix the problem.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
