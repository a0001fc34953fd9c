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

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Fails calls at once for a while after one failed, then lets one call at a time try
 * Redis until one succeeds, so that a Redis that does not answer holds up one thread, not
 * every caller.
 *
 * @author Write-Through contributors
 */
final class CircuitBreaker {

	private static final Log logger = LogFactory.getLog(CircuitBreaker.class);

	private final long openNanos;

	private final Consumer<RuntimeException> onOpen;

	private final Predicate<CacheUnavailableException> blames;

	private final AtomicBoolean closed = new AtomicBoolean(true);

	private final AtomicBoolean probing = new AtomicBoolean();

	private volatile long openUntil;

	private volatile @Nullable RedisFailure lastFailure;

	private volatile @Nullable RedisFailure lastSettingFailure;

	/**
	 * Create a new breaker.
	 * @param openDuration how long calls fail at once after a failure
	 * @param onOpen told of each failure, for example to drop the connection
	 * @param blames whether a failed call's failure is one of what this breaker guards (a
	 * failure of another node is not)
	 */
	CircuitBreaker(Duration openDuration, Consumer<RuntimeException> onOpen,
			Predicate<CacheUnavailableException> blames) {
		this.openNanos = openDuration.toNanos();
		this.onOpen = onOpen;
		this.blames = blames;
	}

	boolean isClosed() {
		return this.closed.get();
	}

	/**
	 * Return what the last failure was, while the circuit is open.
	 */
	@Nullable RedisFailure lastFailure() {
		return this.closed.get() ? null : this.lastFailure;
	}

	/**
	 * Make a call unless the circuit is open; while it is, fail at once, but let one
	 * caller try once the open duration has passed.
	 */
	<R> R execute(Supplier<R> call) {
		if (this.closed.get()) {
			return call(call);
		}
		if (System.nanoTime() - this.openUntil < 0 || !this.probing.compareAndSet(false, true)) {
			throw CacheUnavailableException.notSent("Redis failed recently; not retried before the circuit closes");
		}
		try {
			return call(call);
		}
		finally {
			this.probing.set(false);
		}
	}

	/**
	 * Make a call whether the circuit is open or not: a success closes it, a failure it
	 * is to blame for opens it.
	 */
	<R> R call(Supplier<R> call) {
		try {
			R result = call.get();
			if (this.closed.compareAndSet(false, true)) {
				if (this.lastSettingFailure == null) {
					logger.info("Redis answers again: write-through caching resumed");
				}
			}
			return result;
		}
		catch (CacheUnavailableException ex) {
			if (ex.wasSent() && this.blames.test(ex) && !Thread.currentThread().isInterrupted()) {
				failed(ex);
			}
			throw ex;
		}
	}

	/**
	 * Open the circuit after a failed call.
	 * @param ex the failure
	 */
	void failed(RuntimeException ex) {
		this.onOpen.accept(ex);
		this.openUntil = System.nanoTime() + this.openNanos;
		RedisFailure failure = RedisFailure.of(ex);
		this.lastFailure = failure;
		if (this.closed.compareAndSet(true, false)) {
			log(failure);
		}
	}

	/**
	 * Log a failure once per outage; a failure a setting causes, which comes back with
	 * every call until the setting changes, once for as long as it stays the same.
	 */
	private void log(RedisFailure failure) {
		if (!failure.isSetting()) {
			this.lastSettingFailure = null;
			logger.warn("Redis calls fail: reads fall back to the database and cache updates wait for repair ("
					+ failure + ")");
		}
		else if (!failure.equals(this.lastSettingFailure)) {
			this.lastSettingFailure = failure;
			logger.error("Redis refuses write-through caching: reads fall back to the database and cache updates "
					+ "wait for repair until it is fixed (" + failure + ")");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Redis calls fail again (" + failure.description() + ")");
		}
	}

}
