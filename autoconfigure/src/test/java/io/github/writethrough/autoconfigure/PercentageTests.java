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

package io.github.writethrough.autoconfigure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Percentage}.
 *
 * @author Write-Through contributors
 */
class PercentageTests {

	@Test
	void parsesWithAndWithoutPercentSign() {
		assertThat(Percentage.valueOf("10%").fraction()).isEqualTo(0.1);
		assertThat(Percentage.valueOf(" 12.5 % ").fraction()).isEqualTo(0.125);
		assertThat(Percentage.valueOf("0").fraction()).isZero();
	}

	@Test
	void rejectsValuesOutOfRangeOrNotNumbers() {
		assertThatIllegalArgumentException().isThrownBy(() -> Percentage.valueOf("150%"))
			.withMessageContaining("between 0% and 100%");
		assertThatIllegalArgumentException().isThrownBy(() -> Percentage.valueOf("-1%"));
		assertThatIllegalArgumentException().isThrownBy(() -> Percentage.valueOf("ten"))
			.withMessageContaining("'ten' is not a percentage");
	}

}
