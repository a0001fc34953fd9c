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

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServerVersion}.
 *
 * @author Write-Through contributors
 */
class ServerVersionTests {

	@Test
	void majorVersionIsReadFromTheServerSection() {
		assertThat(ServerVersion.majorVersion(info("7.2.4"))).isEqualTo(7);
		assertThat(ServerVersion.majorVersion(info("6.2.14"))).isEqualTo(6);
		assertThat(ServerVersion.majorVersion(info("10.0.1"))).isEqualTo(10);
	}

	@Test
	void majorVersionIsZeroWhenTheVersionIsMissing() {
		assertThat(ServerVersion.majorVersion("")).isZero();
		assertThat(ServerVersion.majorVersion("# Server\r\nredis_mode:standalone\r\n")).isZero();
	}

	@Test
	void leaseBySetFromRedis7On() {
		assertThat(new ServerVersion().leaseBySet(() -> info("7.0.0"))).isTrue();
		assertThat(new ServerVersion().leaseBySet(() -> info("6.2.14"))).isFalse();
		assertThat(new ServerVersion().leaseBySet(() -> "")).isFalse();
	}

	@Test
	void leaseBySetAsksTheServerOnceUntilReset() {
		ServerVersion serverVersion = new ServerVersion();
		AtomicInteger asked = new AtomicInteger();
		Supplier<String> info = () -> info((asked.incrementAndGet() == 1) ? "6.2.14" : "7.2.4");
		assertThat(serverVersion.leaseBySet(info)).isFalse();
		assertThat(serverVersion.leaseBySet(info)).isFalse();
		assertThat(asked).hasValue(1);
		serverVersion.reset();
		assertThat(serverVersion.leaseBySet(info)).isTrue();
		assertThat(serverVersion.leaseBySet(info)).isTrue();
		assertThat(asked).hasValue(2);
	}

	private static String info(String version) {
		return "# Server\r\nredis_version:" + version + "\r\nredis_git_sha1:00000000\r\nredis_mode:standalone\r\n";
	}

}
