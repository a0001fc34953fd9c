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
import java.util.HashSet;
import java.util.Set;

import io.github.writethrough.cache.TestEntities.Member;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.github.writethrough.cache.TestEntities.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link EntityCodec}.
 *
 * @author Write-Through contributors
 */
class EntityCodecTests {

	private static final String HEADER = "{\"@epoch\":7,\"@fence\":3,\"@kind\":\"entity\",\"@shapes\":";

	private final TestEntities.Access access = new TestEntities.Access();

	private final EntityCodec<?> codec = new EntityCodec<>(TestEntities.versionedModel(), this.access);

	private final EntityCodec<?> otherShape = new EntityCodec<>(TestEntities.otherShapeModel(), this.access);

	@Test
	void entityEntryStartsWithTheHeaderAndHoldsPropertiesUnderJavaNames() {
		Member member = TestEntities.member(1, 3, "Ada", "math", "engines");
		member.team = TestEntities.team(5);
		assertThat(text(this.codec.encode(member, 7, 3)))
			.isEqualTo(entry("\"id\":1,\"version\":3,\"name\":\"Ada\",\"tags\":[\"math\",\"engines\"],\"team\":5"));
	}

	@Test
	void encodedEntityDecodesToItsState() {
		Member member = TestEntities.member(1, 3, "Ada", "math", "engines");
		member.team = TestEntities.team(5);
		CacheEntry entry = this.codec.decode(this.codec.encode(member, 7, 3));
		assertThat(entry.epoch()).isEqualTo(7);
		assertThat(entry.fence()).isEqualTo(3);
		assertThat(entry.kind()).isEqualTo(EntryKind.ENTITY);
		assertThat(entry.entity()).isInstanceOf(Member.class).usingRecursiveComparison().isEqualTo(member);
	}

	@Test
	void toOneAssociationDecodesAsReferenceFromTheAccess() {
		Member member = TestEntities.member(1, 3, "Ada");
		member.team = TestEntities.team(5);
		Member decoded = (Member) this.codec.decode(this.codec.encode(member, 7, 3)).entity();
		assertThat(decoded.team).isNotSameAs(member.team);
		assertThat(decoded.team.id).isEqualTo(5L);
	}

	@Test
	void nullPropertiesRoundTrip() {
		Member member = TestEntities.member(1, 3, "Ada");
		member.name = null;
		byte[] encoded = this.codec.encode(member, 7, 3);
		assertThat(text(encoded)).contains("\"name\":null", "\"team\":null");
		Member decoded = (Member) this.codec.decode(encoded).entity();
		assertThat(decoded.name).isNull();
		assertThat(decoded.team).isNull();
		assertThat(decoded.tags).isEmpty();
	}

	@Test
	void decodingRejectsAnUnknownProperty() {
		assertUndecodable(
				entry("\"id\":1,\"version\":3,\"name\":\"Ada\",\"tags\":[],\"team\":null,\"nickname\":\"A\""));
	}

	@Test
	void decodingRejectsADuplicatedPropertyThatHidesAMissingOne() {
		assertUndecodable(entry("\"id\":1,\"version\":3,\"name\":\"Ada\",\"name\":\"Eve\",\"team\":null"));
	}

	@Test
	void decodingRejectsANumberForText() {
		assertUndecodable(entry("\"id\":1,\"version\":3,\"name\":42,\"tags\":[],\"team\":null"));
	}

	@Test
	void decodingRejectsTextForANumber() {
		assertUndecodable(entry("\"id\":1,\"version\":\"3\",\"name\":\"Ada\",\"tags\":[],\"team\":null"));
	}

	@Test
	void decodingRejectsAFractionForAnInteger() {
		assertUndecodable(entry("\"id\":1.5,\"version\":3,\"name\":\"Ada\",\"tags\":[],\"team\":null"));
	}

	@Test
	void decodingFailuresNameThePropertyButNeverQuoteTheEntry() {
		assertThatExceptionOfType(EntryDecodingException.class)
			.isThrownBy(() -> this.codec
				.decode(bytes(entry("\"id\":1,\"version\":\"secret-42\",\"name\":\"Ada\",\"tags\":[],\"team\":null"))))
			.withMessageContaining("'version'")
			.withMessageNotContaining("secret-42");
		assertThatExceptionOfType(EntryDecodingException.class)
			.isThrownBy(() -> this.codec.decode(bytes("{\"@epoch\":7, secret-43")))
			.withMessageNotContaining("secret-43");
	}

	@Test
	void decodingFailuresEscapeNamesTakenFromTheEntry() {
		assertThatExceptionOfType(EntryDecodingException.class)
			.isThrownBy(() -> this.codec.decode(bytes(entry("\"id\":1,\"forged\\nWARN line\":1"))))
			.withMessageContaining("forged\\nWARN line")
			.withMessageNotContaining("\n");
	}

	@Test
	void decodingRejectsAMissingProperty() {
		assertUndecodable(entry("\"id\":1,\"version\":3,\"name\":\"Ada\",\"team\":null"));
	}

	@Test
	void entryOfAnEarlierFormatIsAnotherShapeWithNoStateToKeep() {
		CacheEntry entry = this.codec.decode(bytes("{\"@epoch\":7,\"@fence\":3,\"@kind\":\"entity\",\"@format\":1,"
				+ "\"id\":1,\"version\":3,\"name\":\"Ada\",\"tags\":[],\"team\":null}"));
		assertThat(entry.entity()).isNull();
		assertThat(entry.otherStates()).isEmpty();
		assertThat(entry.fence()).isEqualTo(3);
	}

	@Test
	void decodingRejectsAHeaderOutOfOrder() {
		assertUndecodable("{\"@fence\":3,\"@epoch\":7,\"@kind\":\"entity\",\"@shapes\":{\"" + this.codec.shape()
				+ "\":{\"id\":1,\"version\":3,\"name\":\"Ada\",\"tags\":[],\"team\":null}}}");
	}

	@Test
	void decodingRejectsAnEntityEntryOfNoKnownFormat() {
		assertUndecodable("{\"@epoch\":7,\"@fence\":3,\"@kind\":\"entity\"}");
		assertUndecodable("{\"@epoch\":7,\"@fence\":3,\"@kind\":\"entity\",\"@format\":2,\"id\":1}");
		assertUndecodable("{\"@epoch\":7,\"@fence\":3,\"@kind\":\"entity\",\"anything\":[1,2]");
	}

	@Test
	void decodingRejectsAnEntryThatIsMalformedAfterTheStateOfThisShape() {
		String entry = entry("\"id\":1,\"version\":3,\"name\":\"Ada\",\"tags\":[],\"team\":null");
		assertUndecodable(entry.substring(0, entry.length() - 2) + ",\"x\":");
		assertUndecodable(entry + "x");
		assertUndecodable(entry.substring(0, entry.length() - 1));
	}

	@Test
	void stateOfThisShapeIsFoundAfterStatesOfOthers() {
		Member member = TestEntities.member(1, 3, "Ada", "math");
		byte[] ours = this.codec.encode(member, 7, 3);
		byte[] merged = EntityCodec.withOtherStates(this.otherShape.encode(member, 7, 3),
				this.otherShape.decode(ours).otherStates());
		assertThat(this.codec.decode(merged).entity()).usingRecursiveComparison().isEqualTo(member);
	}

	@Test
	void decodingRejectsAnEntryThatIsNotUtf8() {
		String entry = new String(this.otherShape.encode(TestEntities.member(1, 3, "Ada", "math"), 7, 3),
				StandardCharsets.UTF_8);
		assertThatExceptionOfType(EntryDecodingException.class)
			.isThrownBy(() -> this.codec.decode(entry.getBytes(StandardCharsets.UTF_16LE)));
		assertThatExceptionOfType(EntryDecodingException.class)
			.isThrownBy(() -> this.codec.decode(entry.getBytes(StandardCharsets.UTF_16BE)));
	}

	@Test
	void decodingRejectsStatesThatAreNotObjects() {
		assertUndecodable(HEADER + "[]}");
		assertUndecodable(HEADER + "{}}");
		assertUndecodable(HEADER + "{\"0123456789abcdef\":1}}");
	}

	@Test
	void entryOfAnotherShapeDecodesToNoEntityButItsStatesAsStored() {
		Member member = TestEntities.member(1, 3, "Ada", "math");
		byte[] written = this.otherShape.encode(member, 7, 3);
		CacheEntry entry = this.codec.decode(written);
		assertThat(entry.kind()).isEqualTo(EntryKind.ENTITY);
		assertThat(entry.fence()).isEqualTo(3);
		assertThat(entry.entity()).isNull();
		assertThat(text(entry.otherStates()))
			.isEqualTo("\"" + this.otherShape.shape() + "\":{\"id\":1,\"version\":3,\"name\":\"Ada\",\"team\":null}");
	}

	@Test
	void entryKeepsTheStatesOfOtherShapesAndEachShapeReadsItsOwn() {
		Member member = TestEntities.member(1, 3, "Ada", "math");
		byte[] theirs = this.otherShape.encode(member, 7, 3);
		byte[] merged = EntityCodec.withOtherStates(this.codec.encode(member, 7, 3),
				this.codec.decode(theirs).otherStates());
		assertThat(text(merged)).isEqualTo(HEADER + "{\"" + this.codec.shape()
				+ "\":{\"id\":1,\"version\":3,\"name\":\"Ada\",\"tags\":[\"math\"],\"team\":null},\""
				+ this.otherShape.shape() + "\":{\"id\":1,\"version\":3,\"name\":\"Ada\",\"team\":null}}}");
		assertThat(this.codec.decode(merged).entity()).usingRecursiveComparison().isEqualTo(member);
		Member theirState = (Member) this.otherShape.decode(merged).entity();
		assertThat(theirState.name).isEqualTo("Ada");
		assertThat(theirState.tags).isNull();
	}

	@Test
	void statesOfOtherShapesAreKeptByteForByteWhateverTheirCharacters() {
		Member member = TestEntities.member(1, 3, "Zoë \uD83C\uDF89 \"quoted\" \\ back");
		byte[] theirs = this.otherShape.encode(member, 7, 3);
		byte[] merged = EntityCodec.withOtherStates(this.codec.encode(TestEntities.member(1, 3, "Åsa"), 7, 3),
				this.codec.decode(theirs).otherStates());
		assertThat(((Member) this.otherShape.decode(merged).entity()).name).isEqualTo(member.name);
		assertThat(((Member) this.codec.decode(merged).entity()).name).isEqualTo("Åsa");
	}

	@Test
	void entryKeepsAtMostTheNewestStatesOfOtherShapes() {
		StringBuilder states = new StringBuilder();
		for (int i = 0; i < EntityCodec.MAX_SHAPES + 2; i++) {
			states.append((i > 0) ? "," : "").append("\"shape-").append(i).append("\":{\"n\":").append(i).append('}');
		}
		CacheEntry entry = this.codec.decode(bytes(HEADER + "{" + states + "}}"));
		assertThat(text(entry.otherStates())).isEqualTo("\"shape-0\":{\"n\":0},\"shape-1\":{\"n\":1}");
	}

	@Test
	void shapeIsTheFingerprintOfTheModel() {
		assertThat(this.codec.shape()).isEqualTo(EntityShape.fingerprint(TestEntities.versionedModel()))
			.isNotEqualTo(this.otherShape.shape());
	}

	@Test
	void decodingRejectsAnUnknownKind() {
		assertUndecodable("{\"@epoch\":7,\"@fence\":3,\"@kind\":\"gone\"}");
	}

	@Test
	void decodingRejectsWhatIsNotJson() {
		assertUndecodable("not json");
		assertUndecodable("");
	}

	@ParameterizedTest
	@EnumSource(names = { "ABSENT", "DELETED", "EVICTED" })
	void markersDecodeAsTheirKindWithoutEntity(EntryKind kind) {
		byte[] marker = EntityCodec.encodeMarker(kind, 7, 3);
		assertThat(text(marker)).isEqualTo("{\"@epoch\":7,\"@fence\":3,\"@kind\":\"" + kind.wireName() + "\"}");
		assertThat(this.codec.decode(marker)).isEqualTo(new CacheEntry(7, 3, kind, null, null));
	}

	@Test
	void leaseDecodesAsLeaseOfNoEpoch() {
		assertThat(this.codec.decode(EntityCodec.encodeLease()))
			.isEqualTo(new CacheEntry(0, 0, EntryKind.LEASE, null, null));
	}

	@Test
	void leasesAreUnique() {
		Set<String> leases = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			leases.add(text(EntityCodec.encodeLease()));
		}
		assertThat(leases).hasSize(1000);
	}

	@Test
	void fenceIsTheVersion() {
		assertThat(this.codec.fence(TestEntities.member(1, 42, "Ada"))).isEqualTo(42);
	}

	@Test
	void fenceIsZeroWithoutVersionValue() {
		Member member = TestEntities.member(1, 42, "Ada");
		member.version = null;
		assertThat(this.codec.fence(member)).isZero();
	}

	@Test
	void fenceIsZeroForEntitiesWithoutVersion() {
		EntityCodec<?> unversioned = new EntityCodec<>(TestEntities.unversionedModel(), this.access);
		assertThat(unversioned.fence(TestEntities.member(1, 42, "Ada"))).isZero();
	}

	@Test
	void holdsComparesTheStateOfThisShapeWhateverTheHeaderAndOtherStates() {
		Member member = TestEntities.member(1, 3, "Ada", "math");
		byte[] theirs = this.otherShape.encode(TestEntities.member(1, 3, "Eve"), 8, 4);
		CacheEntry entry = this.codec.decode(
				EntityCodec.withOtherStates(this.codec.encode(member, 8, 4), this.codec.decode(theirs).otherStates()));
		assertThat(this.codec.holds(entry, member)).isTrue();
		member.name = "Grace";
		assertThat(this.codec.holds(entry, member)).isFalse();
		assertThat(this.codec.holds(this.codec.decode(theirs), member)).isFalse();
	}

	private String entry(String state) {
		return HEADER + "{\"" + this.codec.shape() + "\":{" + state + "}}}";
	}

	private void assertUndecodable(String entry) {
		assertThatExceptionOfType(EntryDecodingException.class).isThrownBy(() -> this.codec.decode(bytes(entry)));
	}

	private static byte[] bytes(String entry) {
		return entry.getBytes(StandardCharsets.UTF_8);
	}

}
