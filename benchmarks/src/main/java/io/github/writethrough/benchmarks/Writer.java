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

import java.util.Objects;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The detached copies of the written rows that the write benchmarks change and save,
 * loaded from the database (not from a cache) when the fork starts.
 *
 * @author Write-Through contributors
 */
@State(Scope.Thread)
public class Writer {

	Item item;

	CachedItem cachedItem;

	Item peerItem;

	long counter;

	@Setup(Level.Trial)
	public void load(Fixture fixture) {
		// read-write transactions: the starter steps aside and JPA reads the rows
		this.item = Objects.requireNonNull(
				fixture.transactions.execute((status) -> fixture.plain.findById(Dataset.PLAIN_WRITE_ID).orElseThrow()));
		this.cachedItem = Objects.requireNonNull(fixture.transactions
			.execute((status) -> fixture.cached.findById(Dataset.CACHED_WRITE_ID).orElseThrow()));
		this.peerItem = Objects.requireNonNull(
				fixture.transactions.execute((status) -> fixture.plain.findById(Dataset.PEER_WRITE_ID).orElseThrow()));
	}

}
