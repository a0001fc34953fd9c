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

package io.github.writethrough.cache;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TtlPolicy}.
 *
 * @author Write-Through contributors
 */
class TtlPolicyTests {

	@Test
	void jitterTakesAtMostItsShareOffTheTtl() {
		TtlPolicy policy = new TtlPolicy(Duration.ofMinutes(10), 0.1);
		for (int i = 0; i < 10_000; i++) {
			assertThat(policy.nextMillis()).isBetween(Duration.ofMinutes(9).toMillis(),
					Duration.ofMinutes(10).toMillis());
		}
	}

	@Test
	void jitterSpreadsExpiries() {
		TtlPolicy policy = new TtlPolicy(Duration.ofMinutes(10), 0.5);
		assertThat(java.util.stream.IntStream.range(0, 100).mapToLong((i) -> policy.nextMillis()).distinct().count())
			.isGreaterThan(50);
	}

	@Test
	void zeroTtlMeansNoExpiry() {
		assertThat(new TtlPolicy(Duration.ZERO, 0.5).nextMillis()).isZero();
	}

	@Test
	void negativeTtlOrJitterOutOfRangeIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TtlPolicy(Duration.ofSeconds(-1), 0));
		assertThatIllegalArgumentException().isThrownBy(() -> new TtlPolicy(Duration.ofSeconds(1), 1.5));
	}

}
