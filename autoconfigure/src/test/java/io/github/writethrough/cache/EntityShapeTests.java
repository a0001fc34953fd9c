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

import java.lang.reflect.Field;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.ResolvableType;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EntityShape}.
 *
 * @author Write-Through contributors
 */
class EntityShapeTests {

	private static final EntityModel MODEL = TestEntities.versionedModel();

	@Test
	void fingerprintIsTheSameInEveryJvm() {
		assertThat(EntityShape.fingerprint(MODEL)).isEqualTo("d4ca0d7d8d068fc4");
	}

	@Test
	void fingerprintDoesNotDependOnTheOrderOfAttributes() {
		List<EntityProperty> reversed = new ArrayList<>(MODEL.properties());
		Collections.reverse(reversed);
		assertThat(EntityShape.fingerprint(withProperties(reversed))).isEqualTo(EntityShape.fingerprint(MODEL));
	}

	@Test
	void fingerprintChangesWithAnAttributeAddedRemovedRenamedOrRetyped() {
		String shape = EntityShape.fingerprint(MODEL);
		assertThat(EntityShape.fingerprint(withAttribute("nickname", String.class))).isNotEqualTo(shape);
		assertThat(EntityShape.fingerprint(withProperties(MODEL.properties().subList(0, 4)))).isNotEqualTo(shape);
		List<EntityProperty> renamed = new ArrayList<>(MODEL.properties());
		EntityProperty name = renamed.get(2);
		renamed.set(2, new EntityProperty("fullName", name.field(), name.storedType(), null));
		assertThat(EntityShape.fingerprint(withProperties(renamed))).isNotEqualTo(shape);
		List<EntityProperty> retyped = new ArrayList<>(MODEL.properties());
		EntityProperty version = retyped.get(1);
		retyped.set(1, new EntityProperty("version", version.field(), Integer.class, null));
		assertThat(EntityShape.fingerprint(withProperties(retyped))).isNotEqualTo(shape);
	}

	@Test
	void fingerprintFollowsTheStructureOfValueObjectsButNotTheirClassNames() {
		String address = EntityShape.fingerprint(withAttribute("home", Address.class));
		assertThat(EntityShape.fingerprint(withAttribute("home", Location.class))).isEqualTo(address);
		assertThat(EntityShape.fingerprint(withAttribute("home", AddressWithZip.class))).isNotEqualTo(address);
	}

	@Test
	void fingerprintFollowsTypeArgumentsAndEnumConstants() {
		Type listOfAddresses = ResolvableType.forClassWithGenerics(List.class, Address.class).getType();
		Type listOfZipAddresses = ResolvableType.forClassWithGenerics(List.class, AddressWithZip.class).getType();
		assertThat(EntityShape.fingerprint(withAttribute("homes", listOfAddresses)))
			.isNotEqualTo(EntityShape.fingerprint(withAttribute("homes", listOfZipAddresses)));
		assertThat(EntityShape.fingerprint(withAttribute("status", Status.class)))
			.isNotEqualTo(EntityShape.fingerprint(withAttribute("status", StatusWithClosed.class)));
	}

	@Test
	void fingerprintFollowsTheEntityAToOneAssociationRefersTo() {
		assertThat(EntityShape.fingerprint(withReference("owner", Address.class)))
			.isNotEqualTo(EntityShape.fingerprint(withReference("owner", Location.class)))
			.isNotEqualTo(EntityShape.fingerprint(withAttribute("owner", Long.class)));
	}

	@Test
	void fingerprintChangesWithTheAttributeThatOrdersTheEntries() {
		assertThat(EntityShape.fingerprint(TestEntities.unversionedModel()))
			.isNotEqualTo(EntityShape.fingerprint(MODEL));
	}

	@Test
	void fingerprintResolvesTypeVariablesWhereTheEntityOrValueObjectBindsThem() {
		assertThat(EntityShape.fingerprint(withAttribute("box", LongBox.class)))
			.isNotEqualTo(EntityShape.fingerprint(withAttribute("box", TextBox.class)));
	}

	@Test
	void fingerprintResolvesTypeVariablesOfAnAttributeThatAGenericSuperclassDeclares() {
		Field content = ReflectionUtils.findField(Box.class, "content");
		List<EntityProperty> properties = List
			.of(new EntityProperty("content", content, content.getGenericType(), null));
		EntityModel longs = new EntityModel(LongBox.class, Long.class, MODEL.constructor(), properties, null, null);
		EntityModel texts = new EntityModel(TextBox.class, Long.class, MODEL.constructor(), properties, null, null);
		assertThat(EntityShape.fingerprint(longs)).isNotEqualTo(EntityShape.fingerprint(texts));
	}

	@Test
	void fingerprintOfAValueObjectThatHoldsItselfEnds() {
		assertThat(EntityShape.fingerprint(withAttribute("node", Node.class))).hasSize(16);
	}

	@Test
	void fingerprintOfAHierarchyNamesItsEntities() {
		EntityModel hierarchy = new EntityModel(MODEL.entityType(), MODEL.idType(), MODEL.constructor(),
				MODEL.properties(), null, MODEL.version(), Map.of("Member", MODEL));
		EntityModel renamed = new EntityModel(MODEL.entityType(), MODEL.idType(), MODEL.constructor(),
				MODEL.properties(), null, MODEL.version(), Map.of("Person", MODEL));
		assertThat(EntityShape.fingerprint(hierarchy)).isNotEqualTo(EntityShape.fingerprint(renamed))
			.isNotEqualTo(EntityShape.fingerprint(MODEL));
	}

	private static EntityModel withReference(String name, Class<?> target) {
		List<EntityProperty> properties = new ArrayList<>(MODEL.properties());
		properties.add(new EntityProperty(name, properties.get(0).field(), Long.class, target));
		return withProperties(properties);
	}

	private static EntityModel withAttribute(String name, Type storedType) {
		List<EntityProperty> properties = new ArrayList<>(MODEL.properties());
		properties.add(new EntityProperty(name, properties.get(0).field(), storedType, null));
		return withProperties(properties);
	}

	private static EntityModel withProperties(List<EntityProperty> properties) {
		return new EntityModel(MODEL.entityType(), MODEL.idType(), MODEL.constructor(), properties, MODEL.id(),
				MODEL.version());
	}

	static class Address {

		String street;

		String city;

		static final String CONSTANT = "ignored";

		transient String cached;

	}

	static class Location {

		String city;

		String street;

	}

	static class AddressWithZip {

		String street;

		String city;

		String zip;

	}

	static class Node {

		String label;

		Node next;

	}

	static class Box<T> {

		T content;

	}

	static class LongBox extends Box<Long> {

	}

	static class TextBox extends Box<String> {

	}

	enum Status {

		OPEN

	}

	enum StatusWithClosed {

		OPEN, CLOSED

	}

}
