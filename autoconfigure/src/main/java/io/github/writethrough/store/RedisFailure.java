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

import java.util.Locale;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;

/**
 * What a Redis failure is, in words an operator can act on: the deepest cause's message,
 * and for the failures a setting causes (a password, a missing ACL permission, a
 * certificate) what to change.
 *
 * @param description the deepest cause's message
 * @param action what to change, or {@code null} where no setting is to blame
 * @author Write-Through contributors
 * @since 0.1.0
 */
public record RedisFailure(String description, @Nullable String action) {

	/**
	 * The commands the starter sends, for an ACL user.
	 */
	static final String COMMANDS = "+get +set +del +incr +time +strlen +getrange +pttl +eval +evalsha +scan +ping +info";

	private static final String TLS_ACTION = "Check spring.data.redis.ssl.bundle: the trust material of its "
			+ "spring.ssl.bundle must hold the certificate of the CA that signed the server's, and the "
			+ "certificate must name the host you connect to.";

	/**
	 * Describe a failure.
	 * @param failure the failure
	 * @return the description
	 */
	static RedisFailure of(Throwable failure) {
		Throwable cause = failure;
		String message = failure.getMessage();
		SSLException tls = null;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
			if (cause.getMessage() != null) {
				message = cause.getMessage();
			}
			if (tls == null && cause instanceof SSLException ssl) {
				tls = ssl;
			}
		}
		if (tls != null) {
			return new RedisFailure("TLS handshake with Redis failed: " + tls.getMessage(), TLS_ACTION);
		}
		String description = (message != null) ? message : cause.getClass().getName();
		return new RedisFailure(description, action(description));
	}

	private static @Nullable String action(String description) {
		String text = description.toUpperCase(Locale.ROOT);
		if (text.contains("WRONGPASS") || text.contains("NOAUTH") || text.contains("INVALID PASSWORD")) {
			return "Check spring.data.redis.username and spring.data.redis.password (with spring.data.redis.url, "
					+ "give them in the URL: Spring Boot ignores the separate properties then).";
		}
		if (text.contains("NOPERM")) {
			return "Grant the Redis user the commands the starter sends, for example ACL SETUSER <user> " + COMMANDS
					+ " on the keys of write-through.key-prefix.";
		}
		return null;
	}

	/**
	 * Whether the failure comes from a setting rather than from Redis being away, so that
	 * it repeats until the setting changes.
	 * @return whether a setting is to blame
	 */
	public boolean isSetting() {
		return this.action != null;
	}

	@Override
	public String toString() {
		return (this.action != null) ? this.description + ". " + this.action : this.description;
	}

}
