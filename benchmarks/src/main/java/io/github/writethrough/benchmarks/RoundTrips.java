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
package io.github.writethrough.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.event.command.CommandFailedEvent;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.lettuce.core.event.command.CommandSucceededEvent;

/**
 * Counts the Redis commands an operation sends from the calling thread, and its round
 * trips: a command sent while none of the operation's earlier commands is still waiting
 * for its reply starts a new round trip.
 *
 * @author Write-Through contributors
 */
final class RoundTrips implements CommandListener {

	private static final String OBSERVED = RoundTrips.class.getName();

	private final AtomicInteger outstanding = new AtomicInteger();

	private volatile Thread observed = Thread.currentThread();

	private int commands;

	private int roundTrips;

	/**
	 * Run an operation a number of times and return its average commands and round trips.
	 * @param operation the operation
	 * @param times how often to run it
	 * @return the counts per operation
	 */
	Counts measure(Runnable operation, int times) {
		this.observed = Thread.currentThread();
		int commands = 0;
		int roundTrips = 0;
		for (int i = 0; i < times; i++) {
			awaitQuiet();
			this.commands = 0;
			this.roundTrips = 0;
			operation.run();
			commands += this.commands;
			roundTrips += this.roundTrips;
		}
		awaitQuiet();
		return new Counts((double) commands / times, (double) roundTrips / times);
	}

	/**
	 * Wait until replies of fire-and-forget commands have arrived, so that they do not
	 * count as part of the next operation.
	 */
	private void awaitQuiet() {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
		while (this.outstanding.get() > 0 && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		this.outstanding.set(0);
	}

	@Override
	public void commandStarted(CommandStartedEvent event) {
		if (Thread.currentThread() != this.observed) {
			return;
		}
		event.getContext().put(OBSERVED, Boolean.TRUE);
		this.commands++;
		if (this.outstanding.getAndIncrement() == 0) {
			this.roundTrips++;
		}
	}

	@Override
	public void commandSucceeded(CommandSucceededEvent event) {
		completed(event.getContext().containsKey(OBSERVED));
	}

	@Override
	public void commandFailed(CommandFailedEvent event) {
		completed(event.getContext().containsKey(OBSERVED));
	}

	private void completed(boolean observed) {
		if (observed) {
			this.outstanding.decrementAndGet();
		}
	}

	/**
	 * Commands and round trips per operation.
	 *
	 * @param commands Redis commands per operation
	 * @param roundTrips round trips per operation
	 */
	record Counts(double commands, double roundTrips) {

	}

}
