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

package io.github.writethrough.scheduling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.Assert;

/**
 * Starts all background work of write-through caching on one scheduler, in the order
 * given, and stops it in the reverse order, after the web server's graceful shutdown so
 * that the updates of requests that drain are still repaired. Without a scheduler of the
 * application's, it runs one of its own, which is not a bean, so that it never takes the
 * place of the application's task scheduler or executor.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class BackgroundWorkLifecycle implements SmartLifecycle {

	/**
	 * Lifecycle phase of the background work: it stops after the web server's graceful
	 * shutdown.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(BackgroundWorkLifecycle.class);

	private static final int OWN_POOL_SIZE = 4;

	private final @Nullable TaskScheduler applicationScheduler;

	private final List<BackgroundWork> work;

	private @Nullable ThreadPoolTaskScheduler ownScheduler;

	private boolean running;

	/**
	 * Create a new lifecycle.
	 * @param scheduler the scheduler all work runs on, or {@code null} to run a scheduler
	 * of its own: {@value #OWN_POOL_SIZE} daemon threads named {@code write-through-*}
	 * @param work the work, in the order it starts
	 */
	public BackgroundWorkLifecycle(@Nullable TaskScheduler scheduler, List<BackgroundWork> work) {
		Assert.notNull(work, "work must not be null");
		this.applicationScheduler = scheduler;
		this.work = List.copyOf(work);
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		TaskScheduler scheduler = (this.applicationScheduler != null) ? this.applicationScheduler : startOwnScheduler();
		List<BackgroundWork> started = new ArrayList<>();
		try {
			for (BackgroundWork work : this.work) {
				work.start(scheduler);
				started.add(work);
			}
		}
		catch (RuntimeException ex) {
			stop(started);
			stopOwnScheduler();
			throw ex;
		}
		this.running = true;
	}

	private TaskScheduler startOwnScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(OWN_POOL_SIZE);
		scheduler.setThreadNamePrefix("write-through-");
		scheduler.setDaemon(true);
		scheduler.initialize();
		this.ownScheduler = scheduler;
		return scheduler;
	}

	@Override
	public synchronized void stop() {
		if (this.running) {
			this.running = false;
			stop(this.work);
			stopOwnScheduler();
		}
	}

	private void stopOwnScheduler() {
		if (this.ownScheduler != null) {
			this.ownScheduler.shutdown();
			this.ownScheduler = null;
		}
	}

	/**
	 * Stop work in the reverse order it started; a failure to stop one is logged and does
	 * not keep the others from stopping, so the repairs still make their last try.
	 */
	private static void stop(List<BackgroundWork> work) {
		List<BackgroundWork> reversed = new ArrayList<>(work);
		Collections.reverse(reversed);
		for (BackgroundWork each : reversed) {
			try {
				each.stop();
			}
			catch (RuntimeException ex) {
				logger.warn("Could not stop " + each.getClass().getSimpleName(), ex);
			}
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
