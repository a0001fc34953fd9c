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
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link BackgroundWorkLifecycle}.
 *
 * @author Write-Through contributors
 */
class BackgroundWorkLifecycleTests {

	private final TaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private final List<String> events = new ArrayList<>();

	@Test
	void startsWorkInOrderOnTheGivenScheduler() {
		RecordingWork repairs = new RecordingWork("repairs");
		RecordingWork outbox = new RecordingWork("outbox");
		BackgroundWorkLifecycle lifecycle = new BackgroundWorkLifecycle(this.scheduler, List.of(repairs, outbox));
		lifecycle.start();
		assertThat(this.events).containsExactly("start repairs", "start outbox");
		assertThat(repairs.scheduler).isSameAs(this.scheduler);
		assertThat(outbox.scheduler).isSameAs(this.scheduler);
	}

	@Test
	void stopsWorkInReverseOrder() {
		BackgroundWorkLifecycle lifecycle = new BackgroundWorkLifecycle(this.scheduler,
				List.of(new RecordingWork("repairs"), new RecordingWork("outbox"), new RecordingWork("auditor")));
		lifecycle.start();
		this.events.clear();
		lifecycle.stop();
		assertThat(this.events).containsExactly("stop auditor", "stop outbox", "stop repairs");
	}

	@Test
	void failingStartStopsTheWorkAlreadyStartedAndRethrows() {
		IllegalStateException failure = new IllegalStateException("cannot start");
		BackgroundWorkLifecycle lifecycle = new BackgroundWorkLifecycle(this.scheduler,
				List.of(new RecordingWork("repairs"), new RecordingWork("outbox"), new FailingWork(failure),
						new RecordingWork("auditor")));
		assertThatIllegalStateException().isThrownBy(lifecycle::start).isSameAs(failure);
		assertThat(this.events).containsExactly("start repairs", "start outbox", "stop outbox", "stop repairs");
		assertThat(lifecycle.isRunning()).isFalse();
	}

	@Test
	void isRunningBetweenStartAndStop() {
		BackgroundWorkLifecycle lifecycle = new BackgroundWorkLifecycle(this.scheduler,
				List.of(new RecordingWork("repairs")));
		assertThat(lifecycle.isRunning()).isFalse();
		lifecycle.start();
		assertThat(lifecycle.isRunning()).isTrue();
		lifecycle.stop();
		assertThat(lifecycle.isRunning()).isFalse();
	}

	@Test
	void startAndStopHappenOnce() {
		BackgroundWorkLifecycle lifecycle = new BackgroundWorkLifecycle(this.scheduler,
				List.of(new RecordingWork("repairs")));
		lifecycle.stop();
		lifecycle.start();
		lifecycle.start();
		lifecycle.stop();
		lifecycle.stop();
		assertThat(this.events).containsExactly("start repairs", "stop repairs");
	}

	@Test
	void canStartAgainAfterStop() {
		BackgroundWorkLifecycle lifecycle = new BackgroundWorkLifecycle(this.scheduler,
				List.of(new RecordingWork("repairs")));
		lifecycle.start();
		lifecycle.stop();
		lifecycle.start();
		assertThat(lifecycle.isRunning()).isTrue();
		assertThat(this.events).containsExactly("start repairs", "stop repairs", "start repairs");
	}

	@Test
	void runsOnASchedulerOfItsOwnWhenGivenNone() {
		RecordingWork repairs = new RecordingWork("repairs");
		BackgroundWorkLifecycle lifecycle = new BackgroundWorkLifecycle(null, List.of(repairs));
		lifecycle.start();
		assertThat(repairs.scheduler).isInstanceOf(ThreadPoolTaskScheduler.class);
		ThreadPoolTaskScheduler own = (ThreadPoolTaskScheduler) repairs.scheduler;
		assertThat(own.getThreadNamePrefix()).isEqualTo("write-through-");
		lifecycle.stop();
		assertThat(own.getScheduledExecutor().isShutdown()).isTrue();
	}

	@Test
	void failureToStopOneWorkDoesNotKeepTheOthersFromStopping() {
		BackgroundWorkLifecycle lifecycle = new BackgroundWorkLifecycle(this.scheduler,
				List.of(new RecordingWork("repairs"), new FailingStopWork(), new RecordingWork("auditor")));
		lifecycle.start();
		this.events.clear();
		lifecycle.stop();
		assertThat(this.events).containsExactly("stop auditor", "stop repairs");
	}

	@Test
	void stopsAfterTheWebServer() {
		BackgroundWorkLifecycle lifecycle = new BackgroundWorkLifecycle(this.scheduler, List.of());
		assertThat(lifecycle.getPhase()).isEqualTo(BackgroundWorkLifecycle.PHASE)
			.isLessThan(SmartLifecycle.DEFAULT_PHASE - 2048);
	}

	/**
	 * Records when it is started and stopped.
	 */
	private final class RecordingWork implements BackgroundWork {

		private final String name;

		private @Nullable TaskScheduler scheduler;

		RecordingWork(String name) {
			this.name = name;
		}

		@Override
		public void start(TaskScheduler scheduler) {
			this.scheduler = scheduler;
			BackgroundWorkLifecycleTests.this.events.add("start " + this.name);
		}

		@Override
		public void stop() {
			BackgroundWorkLifecycleTests.this.events.add("stop " + this.name);
		}

	}

	/**
	 * Fails to start, and must then not be stopped.
	 */
	private final class FailingWork implements BackgroundWork {

		private final RuntimeException failure;

		FailingWork(RuntimeException failure) {
			this.failure = failure;
		}

		@Override
		public void start(TaskScheduler scheduler) {
			throw this.failure;
		}

		@Override
		public void stop() {
			BackgroundWorkLifecycleTests.this.events.add("stop failing");
		}

	}

	/**
	 * Fails when it is stopped.
	 */
	private static final class FailingStopWork implements BackgroundWork {

		@Override
		public void start(TaskScheduler scheduler) {
		}

		@Override
		public void stop() {
			throw new IllegalStateException("cannot stop");
		}

	}

}
