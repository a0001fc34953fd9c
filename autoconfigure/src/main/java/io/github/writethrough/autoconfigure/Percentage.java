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

import org.springframework.util.Assert;

/**
 * A share from 0 % to 100 %, written {@code "10%"} (or {@code "10"}) in properties.
 *
 * @param percent the share in percent
 * @author Write-Through contributors
 * @since 0.1.0
 */
public record Percentage(double percent) {

	/**
	 * Create a new percentage.
	 * @param percent the share in percent, from 0 to 100
	 */
	public Percentage {
		Assert.isTrue(percent >= 0 && percent <= 100,
				() -> "Percentage must be between 0% and 100% but was " + percent + "%");
	}

	/**
	 * Parse a percentage such as {@code "10%"}; used by property binding.
	 * @param value the text
	 * @return the percentage
	 */
	public static Percentage valueOf(String value) {
		String trimmed = value.trim();
		String number = trimmed.endsWith("%") ? trimmed.substring(0, trimmed.length() - 1).trim() : trimmed;
		try {
			return new Percentage(Double.parseDouble(number));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("'" + value + "' is not a percentage such as '10%'", ex);
		}
	}

	/**
	 * Return the share as a fraction from 0 to 1.
	 * @return the fraction
	 */
	public double fraction() {
		return this.percent / 100;
	}

	@Override
	public String toString() {
		return this.percent + "%";
	}

}
