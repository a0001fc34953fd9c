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

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ValueCopier}.
 *
 * @author Write-Through contributors
 */
class ValueCopierTests {

	@Test
	void immutableValuesAreShared() {
		for (Object value : List.of("text", 42L, BigDecimal.TEN, Instant.EPOCH, Thread.State.NEW)) {
			assertThat(ValueCopier.of(value.getClass()).copy(value)).isSameAs(value);
		}
	}

	@Test
	void valueObjectsAreCopiedFieldByFieldDeeply() {
		Place place = new Place();
		place.name = "home";
		place.point = new Point();
		place.point.x = 3;
		place.cached = "changed";
		Place copy = (Place) ValueCopier.of(Place.class).copy(place);
		assertThat(copy).isNotSameAs(place);
		assertThat(copy.point).isNotSameAs(place.point);
		assertThat(copy.name).isEqualTo("home");
		assertThat(copy.point.x).isEqualTo(3);
		assertThat(copy.cached).as("transient, left as constructed").isEqualTo("not state");
	}

	@Test
	void aSubclassOfTheDeclaredTypeIsNotCopied() {
		assertThat(ValueCopier.of(Point.class).copy(new Point() {
		})).isNull();
	}

	@Test
	void typesWhoseCopiesAreNotKnownToBeFaithfulHaveNoCopier() {
		assertThat(ValueCopier.of(Date.class)).isNull();
		assertThat(ValueCopier.of(ArrayList.class)).isNull();
		assertThat(ValueCopier.of(byte[].class)).isNull();
		assertThat(ValueCopier.of(WithList.class)).isNull();
		assertThat(ValueCopier.of(WithoutDefaultConstructor.class)).isNull();
	}

	static class Place {

		String name;

		Point point;

		transient Object cached = "not state";

	}

	static class Point {

		int x;

	}

	static class WithList {

		List<String> items;

	}

	static class WithoutDefaultConstructor {

		final int x;

		WithoutDefaultConstructor(int x) {
			this.x = x;
		}

	}

}
