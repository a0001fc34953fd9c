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

import jakarta.persistence.Embeddable;
import org.jspecify.annotations.Nullable;

/**
 * A postal address, embedded in items.
 *
 * @author Write-Through contributors
 */
@Embeddable
public class Address {

	private @Nullable String street;

	private @Nullable String city;

	private @Nullable String postcode;

	public @Nullable String getStreet() {
		return this.street;
	}

	public void setStreet(@Nullable String street) {
		this.street = street;
	}

	public @Nullable String getCity() {
		return this.city;
	}

	public void setCity(@Nullable String city) {
		this.city = city;
	}

	public @Nullable String getPostcode() {
		return this.postcode;
	}

	public void setPostcode(@Nullable String postcode) {
		this.postcode = postcode;
	}

}
