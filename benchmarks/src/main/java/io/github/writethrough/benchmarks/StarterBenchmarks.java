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

import org.openjdk.jmh.annotations.Benchmark;

/**
 * The starter: the same operations on the {@code @WriteThrough} repository.
 *
 * @author Write-Through contributors
 */
public class StarterBenchmarks {

	/**
	 * {@code findById} of a cached row, outside a transaction.
	 * @param fixture the application
	 * @return the entity
	 */
	@Benchmark
	public Optional<CachedItem> findByIdHit(Fixture fixture) {
		return fixture.cached.findById(Dataset.randomReadId());
	}

	/**
	 * {@code findById} of a row whose entry was deleted: lookup, load, fill.
	 * @param fixture the application
	 * @param row the row
	 * @return the entity
	 */
	@Benchmark
	public Optional<CachedItem> findByIdMiss(Fixture fixture, MissingRow row) {
		return fixture.cached.findById(row.id);
	}

	/**
	 * {@code findAllById} of a hundred cached rows.
	 * @param fixture the application
	 * @return the entities
	 */
	@Benchmark
	public List<CachedItem> findAllById100(Fixture fixture) {
		return fixture.cached.findAllById(Fixture.randomReadWindow());
	}

	/**
	 * {@code save} of a changed detached entity: merge, update, commit, and the cache
	 * update after commit.
	 * @param fixture the application
	 * @param writer the entity
	 * @return the saved entity
	 */
	@Benchmark
	public CachedItem save(Fixture fixture, Writer writer) {
		writer.cachedItem.touch(writer.counter++);
		writer.cachedItem = fixture.cached.save(writer.cachedItem);
		return writer.cachedItem;
	}

	/**
	 * {@link #save} in an application whose commits do not wait for Redis.
	 * @param fixture the application
	 * @return the saved entity
	 */
	@Benchmark
	public CachedItem saveUnawaited(UnawaitedFixture fixture) {
		fixture.item.touch(fixture.counter++);
		fixture.item = fixture.cached.save(fixture.item);
		return fixture.item;
	}

	/**
	 * A transaction that reads a hundred rows, changes them and {@code saveAll}s them;
	 * the cache is updated after commit.
	 * @param fixture the application
	 * @param writer the change counter
	 * @return the number of entities saved
	 */
	@Benchmark
	public int saveAll100(Fixture fixture, Writer writer) {
		return Objects.requireNonNull(fixture.transactions.execute((status) -> {
			List<CachedItem> items = fixture.cached.findAllById(Dataset.CACHED_BATCH_IDS);
			items.forEach((item) -> item.touch(writer.counter++));
			return fixture.cached.saveAll(items).size();
		}));
	}

}
