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

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;

import org.springframework.util.Assert;
import org.springframework.util.StreamUtils;

/**
 * A Lua script of this package, called by its digest.
 *
 * @param text the script
 * @param sha its digest
 * @author Write-Through contributors
 */
record RedisScript(String text, String sha) {

	static final RedisScript FENCED_WRITE = load("fenced-write.lua");

	static final RedisScript LOOKUP = load("lookup.lua");

	static final RedisScript EPOCH = load("epoch.lua");

	static RedisScript load(String name) {
		try (InputStream in = RedisScript.class.getResourceAsStream(name)) {
			Assert.state(in != null, () -> name + " not found");
			String text = StreamUtils.copyToString(in, StandardCharsets.UTF_8);
			byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
			return new RedisScript(text, HexFormat.of().formatHex(digest));
		}
		catch (IOException | NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Cannot load " + name, ex);
		}
	}

	/**
	 * Run an action that calls scripts by digest, and once more with their text if Redis
	 * does not know them. Every script is safe to run twice.
	 * @param action the action, told whether to call by digest
	 * @return its result
	 */
	static <R> R withScripts(Function<Boolean, R> action) {
		try {
			return action.apply(true);
		}
		catch (ScriptNotLoadedException ex) {
			return action.apply(false);
		}
	}

	<T> RedisFuture<T> call(CommandBatch batch, boolean bySha, ScriptOutputType type, byte[][] keys,
			byte[][] arguments) {
		return bySha ? batch.evalsha(this.sha, type, keys, arguments) : batch.eval(this.text, type, keys, arguments);
	}

}
