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

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The peer: Spring's {@code @Cacheable}/{@code @CachePut} on a service over a
 * transaction-aware {@code RedisCacheManager} with a Jackson 3 value serializer.
 *
 * @author Write-Through contributors
 */
public class PeerBenchmarks {

	/**
	 * {@code @Cacheable} read of a cached row.
	 * @param fixture the application
	 * @return the entity
	 */
	@Benchmark
	public @Nullable Item cacheableHit(Fixture fixture) {
		return fixture.peer.findById(Dataset.randomReadId());
	}

	/**
	 * {@code @Cacheable} read of a row whose entry was deleted.
	 * @param fixture the application
	 * @param row the row
	 * @return the entity
	 */
	@Benchmark
	public @Nullable Item cacheableMiss(Fixture fixture, MissingRow row) {
		return fixture.peer.findById(row.id);
	}

	/**
	 * {@code @CachePut} of a {@code @Transactional} save of a changed detached entity.
	 * @param fixture the application
	 * @param writer the entity
	 * @return the saved entity
	 */
	@Benchmark
	public Item cachePutSave(Fixture fixture, Writer writer) {
		writer.peerItem.touch(writer.counter++);
		writer.peerItem = fixture.peer.save(writer.peerItem);
		return writer.peerItem;
	}

}
