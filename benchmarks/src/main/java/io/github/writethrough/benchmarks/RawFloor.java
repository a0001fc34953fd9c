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

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a cache hit cannot beat: a plain Lettuce client and a plain Jackson mapper,
 * without Spring.
 *
 * @author Write-Through contributors
 */
@State(Scope.Benchmark)
public class RawFloor {

	final JsonMapper mapper = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	final byte[][] entryKeys = new byte[Dataset.READ_ROWS + 1][];

	final byte[][] setKeys = new byte[Dataset.BATCH_SIZE][];

	RawRedis redis;

	byte[] entry;

	@Setup(Level.Trial)
	public void connect() {
		this.redis = RawRedis.connect(BenchmarkSettings.fromEnvironment());
		for (int id = 1; id <= Dataset.READ_ROWS; id++) {
			this.entryKeys[id] = RawRedis.entryKey(id);
		}
		for (int i = 0; i < this.setKeys.length; i++) {
			this.setKeys[i] = RawRedis.key(BenchmarkSettings.KEY_PREFIX + ":floor:set:" + i);
		}
		byte[] entry = this.redis.sync().get(this.entryKeys[1]);
		if (entry == null) {
			throw new IllegalStateException("The cache is not warm: run the benchmarks with BenchmarkRunner");
		}
		this.entry = entry;
	}

	@TearDown(Level.Trial)
	public void close() {
		this.redis.close();
	}

}
