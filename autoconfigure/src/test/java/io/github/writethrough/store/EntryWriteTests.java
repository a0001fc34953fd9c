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

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link EntryWrite}.
 *
 * @author Write-Through contributors
 */
class EntryWriteTests {

	private static final byte[] KEY = bytes("wt:items:1");

	private static final byte[] ENTRY = bytes("{\"@epoch\":3,\"@fence\":5,\"@kind\":\"entity\"}");

	private static final byte[] LEASE = bytes("{\"@epoch\":0,\"@fence\":0,\"@kind\":\"lease\"}");

	@Test
	void factoriesSetTheMode() {
		assertThat(EntryWrite.commit(KEY, 3, 5, 1000, ENTRY).mode()).isEqualTo(WriteMode.COMMIT);
		assertThat(EntryWrite.delete(KEY, 3, 5, 1000, ENTRY).mode()).isEqualTo(WriteMode.DELETE);
		assertThat(EntryWrite.fill(KEY, 3, 5, 1000, ENTRY, LEASE).mode()).isEqualTo(WriteMode.FILL);
	}

	@Test
	void onlyAFillExpectsAnEntry() {
		assertThat(EntryWrite.commit(KEY, 3, 5, 1000, ENTRY).expected()).isNull();
		assertThat(EntryWrite.delete(KEY, 3, 5, 1000, ENTRY).expected()).isNull();
		assertThat(EntryWrite.fill(KEY, 3, 5, 1000, ENTRY, LEASE).expected()).isSameAs(LEASE);
	}

	@Test
	void fillRequiresWhatItExpects() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EntryWrite(KEY, 3, 5, WriteMode.FILL, 1000, ENTRY, null));
	}

	@Test
	void commitAndDeleteRefuseAnExpectedEntry() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EntryWrite(KEY, 3, 5, WriteMode.COMMIT, 1000, ENTRY, LEASE));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EntryWrite(KEY, 3, 5, WriteMode.DELETE, 1000, ENTRY, LEASE));
	}

	@Test
	void argumentsOfACommitAreTheSixScriptArgumentsInOrder() {
		assertThat(texts(EntryWrite.commit(KEY, 3, 5, 1000, ENTRY))).containsExactly("3", "5", "w", "1000", text(ENTRY),
				"");
	}

	@Test
	void argumentsOfADeleteAreTheSixScriptArgumentsInOrder() {
		assertThat(texts(EntryWrite.delete(KEY, 3, 5, 600000, ENTRY))).containsExactly("3", "5", "d", "600000",
				text(ENTRY), "");
	}

	@Test
	void argumentsOfAFillEndWithWhatItExpects() {
		assertThat(texts(EntryWrite.fill(KEY, 3, 0, 0, ENTRY, LEASE))).containsExactly("3", "0", "f", "0", text(ENTRY),
				text(LEASE));
	}

	@Test
	void argumentsCarryNegativeFences() {
		assertThat(texts(EntryWrite.commit(KEY, 3, -5, 0, ENTRY))).startsWith("3", "-5");
	}

	@Test
	void eachWriteTakesTheDeclaredNumberOfArguments() {
		assertThat(EntryWrite.ARGUMENTS).isEqualTo(6);
		assertThat(texts(EntryWrite.commit(KEY, 3, 5, 1000, ENTRY))).hasSize(EntryWrite.ARGUMENTS);
	}

	@Test
	void keyTextIsTheKeyInUtf8() {
		assertThat(EntryWrite.commit(bytes("wt:items:é"), 3, 5, 0, ENTRY).keyText()).isEqualTo("wt:items:é");
	}

	private static List<String> texts(EntryWrite write) {
		return Arrays.stream(write.arguments()).map(EntryWriteTests::text).toList();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
