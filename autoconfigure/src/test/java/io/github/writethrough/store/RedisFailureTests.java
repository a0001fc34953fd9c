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

import java.security.cert.CertificateException;

import javax.net.ssl.SSLHandshakeException;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisFailure}.
 *
 * @author Write-Through contributors
 */
class RedisFailureTests {

	@Test
	void describesTheDeepestCause() {
		RedisFailure failure = RedisFailure.of(new CacheUnavailableException("Unable to connect",
				new RedisConnectionException("Unable to connect to 127.0.0.1:6379",
						new RedisCommandExecutionException("WRONGPASS invalid username-password pair"))));
		assertThat(failure.description()).isEqualTo("WRONGPASS invalid username-password pair");
		assertThat(failure.isSetting()).isTrue();
		assertThat(failure.action()).contains("spring.data.redis.password");
	}

	@Test
	void namesTheCommandsAUserWithoutPermissionNeeds() {
		RedisFailure failure = RedisFailure
			.of(new RedisCommandExecutionException("NOPERM this user has no permissions to run the 'evalsha' command"));
		assertThat(failure.action()).contains("ACL SETUSER", RedisFailure.COMMANDS);
	}

	@Test
	void pointsAtTheSslSettingsForACertificateThatDoesNotVerify() {
		RedisFailure failure = RedisFailure
			.of(new RedisConnectionException("Unable to connect", new DecoderException(handshakeFailure())));
		assertThat(failure.description()).isEqualTo("TLS handshake with Redis failed: PKIX path building failed");
		assertThat(failure.action()).contains("spring.data.redis.ssl.bundle");
	}

	private static SSLHandshakeException handshakeFailure() {
		SSLHandshakeException failure = new SSLHandshakeException("PKIX path building failed");
		failure.initCause(new CertificateException("unable to find valid certification path"));
		return failure;
	}

	@Test
	void redisThatIsAwayNeedsNoSettingChanged() {
		RedisFailure failure = RedisFailure.of(new CacheUnavailableException("Redis did not answer in time", null));
		assertThat(failure.isSetting()).isFalse();
		assertThat(failure).hasToString("Redis did not answer in time");
	}

}
