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

package io.github.writethrough.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * What the change feed of this instance is doing, for metrics, health and the endpoint.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class ChangeFeedStatus {

	private volatile boolean following;

	private volatile long lagMillis;

	private volatile long lagBytes = -1;

	private volatile @Nullable String lastFailure;

	private final LongAdder changes = new LongAdder();

	private final LongAdder skips = new LongAdder();

	private volatile Consumer<Duration> lagListener = (lag) -> {
	};

	/**
	 * Whether this instance reads the slot now: one instance at a time does.
	 * @return whether this instance follows the feed
	 */
	public boolean isFollowing() {
		return this.following;
	}

	void following(boolean following) {
		this.following = following;
	}

	/**
	 * Return the time from the commit of the last transaction this instance applied to
	 * the moment Redis took its updates.
	 * @return the lag in milliseconds
	 */
	public long lagMillis() {
		return this.lagMillis;
	}

	void applied(Instant commitTime) {
		Duration lag = Duration.between(commitTime, Instant.now());
		lag = lag.isNegative() ? Duration.ZERO : lag;
		this.lagMillis = lag.toMillis();
		this.lagListener.accept(lag);
	}

	void counted(int changes) {
		this.changes.add(changes);
	}

	/**
	 * Return how much of the database's log the slot has not confirmed yet, as the
	 * instance that follows the feed last measured it.
	 * @return the lag in bytes, {@code -1} when this instance has not measured it
	 */
	public long lagBytes() {
		return this.lagBytes;
	}

	void lagBytes(long lagBytes) {
		this.lagBytes = lagBytes;
	}

	/**
	 * Return how many changed rows this instance applied.
	 * @return the number of changes
	 */
	public long changes() {
		return this.changes.sum();
	}

	/**
	 * Return how many times this instance skipped the slot ahead because it fell behind
	 * by more than {@code write-through.change-feed.max-lag}.
	 * @return the number of skips
	 */
	public long skips() {
		return this.skips.sum();
	}

	void skipped() {
		this.skips.increment();
	}

	/**
	 * Return why the feed last stopped following, {@code null} when it did not fail.
	 * @return the failure
	 */
	public @Nullable String lastFailure() {
		return this.lastFailure;
	}

	void failed(@Nullable String failure) {
		this.lastFailure = failure;
	}

	/**
	 * Receive the lag of every applied transaction, for a timer.
	 * @param lagListener the listener
	 */
	public void onLag(Consumer<Duration> lagListener) {
		this.lagListener = lagListener;
	}

}
