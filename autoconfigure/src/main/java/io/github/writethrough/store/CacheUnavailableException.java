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

package io.github.writethrough.store;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when Redis could not be reached or did not answer in time.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public class CacheUnavailableException extends RuntimeException {

	static final int UNKNOWN_SLOT = -1;

	private static final int NOT_SENT = -2;

	private final int slot;

	/**
	 * Create a new exception.
	 * @param message the detail message
	 * @param cause the cause, if any
	 */
	public CacheUnavailableException(String message, @Nullable Throwable cause) {
		this(message, cause, UNKNOWN_SLOT);
	}

	CacheUnavailableException(String message, @Nullable Throwable cause, int slot) {
		super(message, cause);
		this.slot = slot;
	}

	/**
	 * Create the exception of a call that was not sent because a circuit breaker was
	 * open.
	 */
	static CacheUnavailableException notSent(String message) {
		return new CacheUnavailableException(message, null, NOT_SENT);
	}

	/**
	 * Return the hash slot of the key whose command failed, or {@link #UNKNOWN_SLOT}
	 * where no one command is to blame.
	 */
	int slot() {
		return Math.max(this.slot, UNKNOWN_SLOT);
	}

	/**
	 * Whether the call reached Redis at all: {@code false} when a circuit breaker failed
	 * it at once.
	 */
	boolean wasSent() {
		return this.slot != NOT_SENT;
	}

}
