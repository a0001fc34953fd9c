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

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.lettuce.core.api.sync.RedisCommands;
import org.openjdk.jmh.annotations.Benchmark;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The floors: what Redis and JPA cost without any cache logic.
 *
 * @author Write-Through contributors
 */
public class FloorBenchmarks {

	/**
	 * A synchronous {@code GET} of a starter entry and the decoding of the state it holds
	 * into the entity with a plain Jackson 3 mapper.
	 * @param floor the raw client
	 * @return the entity
	 */
	@Benchmark
	public CachedItem redisGetAndDecode(RawFloor floor) {
		byte[] bytes = Objects.requireNonNull(floor.redis.sync().get(floor.entryKeys[(int) Dataset.randomReadId()]));
		try (JsonParser parser = floor.mapper.createParser(bytes)) {
			parser.nextToken();
			while (parser.nextToken() == JsonToken.PROPERTY_NAME && !"@shapes".equals(parser.currentName())) {
				parser.nextToken();
			}
			// the states by shape, the one shape's name, and its state
			parser.nextToken();
			parser.nextToken();
			parser.nextToken();
			return floor.mapper.readValue(parser, CachedItem.class);
		}
	}

	/**
	 * One hundred synchronous {@code SET}s of an entry's bytes, one after the other.
	 * @param floor the raw client
	 * @return the last reply
	 */
	@Benchmark
	public String redisSet100(RawFloor floor) {
		RedisCommands<byte[], byte[]> commands = floor.redis.sync();
		String reply = "";
		for (byte[] key : floor.setKeys) {
			reply = commands.set(key, floor.entry);
		}
		return reply;
	}

	/**
	 * {@code findById} on a repository without a cache.
	 * @param fixture the application
	 * @return the entity
	 */
	@Benchmark
	public Optional<Item> jpaFindById(Fixture fixture) {
		return fixture.plain.findById(Dataset.randomReadId());
	}

	/**
	 * {@code findAllById} of a hundred ids on a repository without a cache.
	 * @param fixture the application
	 * @return the entities
	 */
	@Benchmark
	public List<Item> jpaFindAllById100(Fixture fixture) {
		return fixture.plain.findAllById(Fixture.randomReadWindow());
	}

	/**
	 * {@code save} of a changed detached entity (merge, update, commit) on a repository
	 * without a cache.
	 * @param fixture the application
	 * @param writer the entity
	 * @return the saved entity
	 */
	@Benchmark
	public Item jpaSave(Fixture fixture, Writer writer) {
		writer.item.touch(writer.counter++);
		writer.item = fixture.plain.save(writer.item);
		return writer.item;
	}

	/**
	 * A transaction that reads a hundred rows, changes them and {@code saveAll}s them, on
	 * a repository without a cache.
	 * @param fixture the application
	 * @param writer the change counter
	 * @return the number of entities saved
	 */
	@Benchmark
	public int jpaSaveAll100(Fixture fixture, Writer writer) {
		return Objects.requireNonNull(fixture.transactions.execute((status) -> {
			List<Item> items = fixture.plain.findAllById(Dataset.PLAIN_BATCH_IDS);
			items.forEach((item) -> item.touch(writer.counter++));
			return fixture.plain.saveAll(items).size();
		}));
	}

}
