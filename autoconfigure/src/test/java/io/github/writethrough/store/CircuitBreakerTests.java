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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link CircuitBreaker}.
 *
 * @author Write-Through contributors
 */
class CircuitBreakerTests {

	private static final Duration LONG = Duration.ofHours(1);

	private final List<RuntimeException> opened = new CopyOnWriteArrayList<>();

	private final AtomicInteger calls = new AtomicInteger();

	@Test
	void successfulCallsKeepItClosed() {
		CircuitBreaker breaker = breaker(LONG);
		assertThat(breaker.execute(this::answer)).isEqualTo("answer");
		assertThat(breaker.isClosed()).isTrue();
		assertThat(this.opened).isEmpty();
	}

	@Test
	void failureOpensItAndTellsTheConsumer() {
		CircuitBreaker breaker = breaker(LONG);
		CacheUnavailableException failure = unavailable();
		assertThatExceptionOfType(CacheUnavailableException.class)
			.isThrownBy(() -> breaker.execute(failingWith(failure)))
			.isSameAs(failure);
		assertThat(breaker.isClosed()).isFalse();
		assertThat(this.opened).containsExactly(failure);
	}

	@Test
	void whileOpenCallsFailAtOnceWithoutReachingRedis() {
		CircuitBreaker breaker = openBreaker(LONG);
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> breaker.execute(this::answer));
		assertThat(this.calls).hasValue(0);
		assertThat(breaker.isClosed()).isFalse();
		assertThat(this.opened).hasSize(1);
	}

	@Test
	void afterTheOpenDurationASuccessfulProbeClosesIt() {
		CircuitBreaker breaker = openBreaker(Duration.ZERO);
		assertThat(breaker.execute(this::answer)).isEqualTo("answer");
		assertThat(this.calls).hasValue(1);
		assertThat(breaker.isClosed()).isTrue();
	}

	@Test
	void failedProbeKeepsItOpen() {
		CircuitBreaker breaker = openBreaker(Duration.ZERO);
		assertThatExceptionOfType(CacheUnavailableException.class)
			.isThrownBy(() -> breaker.execute(failingWith(unavailable())));
		assertThat(breaker.isClosed()).isFalse();
		assertThat(this.opened).hasSize(2);
	}

	@Test
	void afterTheOpenDurationOnlyOneCallerProbes() throws Exception {
		CircuitBreaker breaker = openBreaker(Duration.ZERO);
		CountDownLatch probing = new CountDownLatch(1);
		CountDownLatch answer = new CountDownLatch(1);
		CompletableFuture<String> probe = CompletableFuture.supplyAsync(() -> breaker.execute(() -> {
			probing.countDown();
			await(answer);
			return "probed";
		}));
		assertThat(probing.await(10, TimeUnit.SECONDS)).isTrue();
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> breaker.execute(this::answer));
		assertThat(this.calls).hasValue(0);
		answer.countDown();
		assertThat(probe.get(10, TimeUnit.SECONDS)).isEqualTo("probed");
		assertThat(breaker.isClosed()).isTrue();
		assertThat(breaker.execute(this::answer)).isEqualTo("answer");
	}

	@Test
	void probeThatThrowsSomethingElseLetsTheNextCallerProbe() {
		CircuitBreaker breaker = openBreaker(Duration.ZERO);
		assertThatIllegalStateException()
			.isThrownBy(() -> breaker.execute(failingWith(new IllegalStateException("not a Redis failure"))));
		assertThat(breaker.isClosed()).isFalse();
		assertThat(breaker.execute(this::answer)).isEqualTo("answer");
		assertThat(breaker.isClosed()).isTrue();
	}

	@Test
	void callRunsEvenWhileOpenAndASuccessClosesIt() {
		CircuitBreaker breaker = openBreaker(LONG);
		assertThat(breaker.call(this::answer)).isEqualTo("answer");
		assertThat(this.calls).hasValue(1);
		assertThat(breaker.isClosed()).isTrue();
	}

	@Test
	void failureOfAnInterruptedCallDoesNotOpenIt() {
		CircuitBreaker breaker = breaker(LONG);
		boolean stillInterrupted;
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(CacheUnavailableException.class)
				.isThrownBy(() -> breaker.execute(failingWith(unavailable())));
		}
		finally {
			stillInterrupted = Thread.interrupted();
		}
		assertThat(stillInterrupted).isTrue();
		assertThat(breaker.isClosed()).isTrue();
		assertThat(this.opened).isEmpty();
	}

	@Test
	void otherExceptionsDoNotOpenIt() {
		CircuitBreaker breaker = breaker(LONG);
		assertThatIllegalStateException()
			.isThrownBy(() -> breaker.execute(failingWith(new IllegalStateException("not a Redis failure"))));
		assertThat(breaker.isClosed()).isTrue();
		assertThat(this.opened).isEmpty();
	}

	@Test
	void failuresItIsNotToBlameForDoNotOpenIt() {
		CircuitBreaker breaker = new CircuitBreaker(LONG, this.opened::add, (ex) -> ex.slot() == 7);
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(
				() -> breaker.execute(failingWith(new CacheUnavailableException("another node is down", null, 12))));
		assertThat(breaker.isClosed()).isTrue();
		assertThatExceptionOfType(CacheUnavailableException.class)
			.isThrownBy(() -> breaker.execute(failingWith(new CacheUnavailableException("its node is down", null, 7))));
		assertThat(breaker.isClosed()).isFalse();
	}

	@Test
	void callThatAnotherOpenBreakerFailedAtOnceDoesNotOpenIt() {
		CircuitBreaker other = openBreaker(LONG);
		CircuitBreaker breaker = breaker(LONG);
		assertThatExceptionOfType(CacheUnavailableException.class)
			.isThrownBy(() -> breaker.execute(() -> other.execute(this::answer)));
		assertThat(breaker.isClosed()).isTrue();
		assertThat(this.calls).hasValue(0);
	}

	private CircuitBreaker breaker(Duration openDuration) {
		return new CircuitBreaker(openDuration, this.opened::add, (ex) -> true);
	}

	private CircuitBreaker openBreaker(Duration openDuration) {
		CircuitBreaker breaker = breaker(openDuration);
		breaker.failed(unavailable());
		assertThat(breaker.isClosed()).isFalse();
		return breaker;
	}

	private String answer() {
		this.calls.incrementAndGet();
		return "answer";
	}

	private static Supplier<String> failingWith(RuntimeException failure) {
		return () -> {
			throw failure;
		};
	}

	private static CacheUnavailableException unavailable() {
		return new CacheUnavailableException("Redis is down in this test", null);
	}

	private static void await(CountDownLatch latch) {
		try {
			if (!latch.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Latch not counted down in time");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
