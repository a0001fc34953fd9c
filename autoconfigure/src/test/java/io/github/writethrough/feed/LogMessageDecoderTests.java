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

package io.github.writethrough.feed;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.github.writethrough.feed.LogMessage.Begin;
import io.github.writethrough.feed.LogMessage.Commit;
import io.github.writethrough.feed.LogMessage.Other;
import io.github.writethrough.feed.LogMessage.Relation;
import io.github.writethrough.feed.LogMessage.RowChange;
import io.github.writethrough.feed.LogMessage.RowChange.Kind;
import io.github.writethrough.feed.LogMessage.Truncate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link LogMessageDecoder}, with messages laid out as PostgreSQL's
 * documentation of the logical replication message formats says.
 *
 * @author Write-Through contributors
 */
class LogMessageDecoderTests {

	@Test
	void decodesBeginAndCommit() throws IOException {
		assertThat(decode(message('B').writeLong(0x16B3748L).writeLong(123_456L).writeInt(771)))
			.isEqualTo(new Begin(0x16B3748L, 123_456L, 771));
		assertThat(decode(message('B').writeLong(1).writeLong(1).writeInt(-2))).extracting("xid")
			.isEqualTo(4_294_967_294L);
		assertThat(decode(message('C').writeByte(0).writeLong(0x16B3748L).writeLong(0x16B3780L).writeLong(123_456L)))
			.isEqualTo(new Commit(0x16B3780L, 123_456L));
	}

	@Test
	void decodesRelationColumnsInOrder() throws IOException {
		Message relation = message('R').writeInt(16384)
			.writeString("public")
			.writeString("profiles")
			.writeByte('d')
			.writeShort(2);
		relation.writeByte(1).writeString("id").writeInt(20).writeInt(-1);
		relation.writeByte(0).writeString("display_name").writeInt(1043).writeInt(259);
		assertThat(decode(relation))
			.isEqualTo(new Relation(16384, "public", "profiles", List.of("id", "display_name")));
	}

	@Test
	void decodesInsertUpdateAndDeleteWithTheirTuples() throws IOException {
		RowChange insert = (RowChange) decode(tuple(message('I').writeInt(7).writeByte('N'), "1", null));
		assertThat(insert.kind()).isEqualTo(Kind.INSERT);
		assertThat(insert.oid()).isEqualTo(7);
		assertThat(insert.row().values()).containsExactly("1", null);
		RowChange update = (RowChange) decode(
				tuple(tuple(message('U').writeInt(7).writeByte('K'), "1", null).writeByte('N'), "2", "Ada"));
		assertThat(update.oldKey().value(0)).isEqualTo("1");
		assertThat(update.row().values()).containsExactly("2", "Ada");
		RowChange delete = (RowChange) decode(tuple(message('D').writeInt(7).writeByte('K'), "2", null));
		assertThat(delete.kind()).isEqualTo(Kind.DELETE);
		assertThat(delete.row()).isNull();
		assertThat(delete.oldKey().value(0)).isEqualTo("2");
	}

	@Test
	void readsAnUnchangedLargeValueAsNull() throws IOException {
		Message update = message('U').writeInt(7).writeByte('N').writeShort(2);
		update.writeByte('t').writeInt(1).write("1".getBytes(StandardCharsets.UTF_8));
		update.writeByte('u');
		assertThat(((RowChange) decode(update)).row().values()).containsExactly("1", null);
	}

	@Test
	void decodesTruncatedTables() throws IOException {
		assertThat(decode(message('T').writeInt(2).writeByte(0).writeInt(7).writeInt(8)))
			.isEqualTo(new Truncate(List.of(7, 8)));
	}

	@Test
	void passesOverOtherMessages() throws IOException {
		assertThat(decode(message('Y').writeInt(1).writeString("public").writeString("mood")))
			.isEqualTo(new Other('Y'));
	}

	@Test
	void refusesATruncatedMessage() throws IOException {
		byte[] bytes = message('B').writeLong(1).bytes();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LogMessageDecoder.decode(ByteBuffer.wrap(Arrays.copyOf(bytes, bytes.length))))
			.withMessage("Malformed pgoutput message");
	}

	private static LogMessage decode(Message message) {
		return LogMessageDecoder.decode(ByteBuffer.wrap(message.bytes()));
	}

	private static Message tuple(Message message, String... values) throws IOException {
		message.writeShort(values.length);
		for (String value : values) {
			if (value == null) {
				message.writeByte('n');
			}
			else {
				byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
				message.writeByte('t').writeInt(bytes.length).write(bytes);
			}
		}
		return message;
	}

	private static Message message(char type) throws IOException {
		return new Message().writeByte(type);
	}

	private static final class Message {

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		private final DataOutputStream out = new DataOutputStream(this.bytes);

		Message writeByte(int value) throws IOException {
			this.out.writeByte(value);
			return this;
		}

		Message writeShort(int value) throws IOException {
			this.out.writeShort(value);
			return this;
		}

		Message writeInt(int value) throws IOException {
			this.out.writeInt(value);
			return this;
		}

		Message writeLong(long value) throws IOException {
			this.out.writeLong(value);
			return this;
		}

		Message writeString(String value) throws IOException {
			this.out.write(value.getBytes(StandardCharsets.UTF_8));
			this.out.writeByte(0);
			return this;
		}

		Message write(byte[] value) throws IOException {
			this.out.write(value);
			return this;
		}

		byte[] bytes() {
			return this.bytes.toByteArray();
		}

	}

}
