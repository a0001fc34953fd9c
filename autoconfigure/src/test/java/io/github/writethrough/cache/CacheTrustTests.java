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

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CacheTrust}.
 *
 * @author Write-Through contributors
 */
class CacheTrustTests {

	private final CacheTrust trust = new CacheTrust();

	@Test
	void newCacheIsTrusted() {
		assertThat(this.trust.isTrusted()).isTrue();
		assertThat(this.trust.pendingRepairs()).isZero();
	}

	@Test
	void pendingRepairsMakeTheCacheUntrusted() {
		this.trust.repairsPending(2);
		assertThat(this.trust.isTrusted()).isFalse();
		assertThat(this.trust.pendingRepairs()).isEqualTo(2);
	}

	@Test
	void cacheIsTrustedAgainWhenAllRepairsWereApplied() {
		this.trust.repairsPending(2);
		this.trust.repairsPending(1);
		assertThat(this.trust.isTrusted()).isFalse();
		this.trust.repairsPending(0);
		assertThat(this.trust.isTrusted()).isTrue();
		assertThat(this.trust.pendingRepairs()).isZero();
	}

}
