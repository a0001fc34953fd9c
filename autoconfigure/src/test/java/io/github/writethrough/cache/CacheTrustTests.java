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

import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CacheTrust}.
 *
 * @author Write-Through contributors
 */
class CacheTrustTests {

	private final CacheTrust trust = new CacheTrust();

	private final byte[] waiting = "wt:items:1".getBytes(StandardCharsets.UTF_8);

	private final byte[] other = "wt:items:2".getBytes(StandardCharsets.UTF_8);

	@Test
	void newCacheIsTrusted() {
		assertThat(this.trust.isTrusted()).isTrue();
		assertThat(this.trust.isTrusted(this.waiting)).isTrue();
		assertThat(this.trust.pendingRepairs()).isZero();
	}

	@Test
	void waitingWriteWithholdsItsKeyOnly() {
		this.trust.repairsPending(Set.of("wt:items:1"), false);
		assertThat(this.trust.isTrusted()).isTrue();
		assertThat(this.trust.isTrusted(this.waiting)).isFalse();
		assertThat(this.trust.isTrusted(this.other)).isTrue();
		assertThat(this.trust.pendingRepairs()).isOne();
	}

	@Test
	void waitingInvalidationWithholdsTheWholeCache() {
		this.trust.repairsPending(Set.of(), true);
		assertThat(this.trust.isTrusted()).isFalse();
		assertThat(this.trust.isTrusted(this.other)).isFalse();
		assertThat(this.trust.pendingRepairs()).isOne();
	}

	@Test
	void cacheIsTrustedAgainWhenAllRepairsWereApplied() {
		this.trust.repairsPending(Set.of("wt:items:1", "wt:items:2"), true);
		assertThat(this.trust.pendingRepairs()).isEqualTo(3);
		this.trust.repairsPending(Set.of(), false);
		assertThat(this.trust.isTrusted()).isTrue();
		assertThat(this.trust.isTrusted(this.waiting)).isTrue();
		assertThat(this.trust.pendingRepairs()).isZero();
	}

}
