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
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The running application of one benchmark fork, with the raw Redis client that prepares
 * keys.
 *
 * @author Write-Through contributors
 */
@State(Scope.Benchmark)
public class Fixture {

	private static final List<List<Long>> READ_WINDOWS = LongStream.range(0, Dataset.READ_ROWS / Dataset.BATCH_SIZE)
		.mapToObj((window) -> LongStream.range(0, Dataset.BATCH_SIZE)
			.mapToObj((offset) -> 1 + window * Dataset.BATCH_SIZE + offset)
			.toList())
		.toList();

	private ConfigurableApplicationContext context;

	CachedItemRepository cached;

	ItemRepository plain;

	PeerItemService peer;

	TransactionTemplate transactions;

	RawRedis redis;

	@Setup(Level.Trial)
	public void start() {
		BenchmarkSettings settings = BenchmarkSettings.fromEnvironment();
		this.context = BenchmarkApplication.start(settings);
		this.cached = this.context.getBean(CachedItemRepository.class);
		this.plain = this.context.getBean(ItemRepository.class);
		this.peer = this.context.getBean(PeerItemService.class);
		this.transactions = new TransactionTemplate(this.context.getBean(PlatformTransactionManager.class));
		this.redis = RawRedis.connect(settings);
		warmCaches();
	}

	/**
	 * Make sure every read row is in both caches. The runner fills them once; a fork only
	 * fills what is missing.
	 */
	void warmCaches() {
		READ_WINDOWS.forEach(this.cached::findAllById);
		for (long id = 1; id <= Dataset.READ_ROWS; id++) {
			if (this.redis.sync().exists(RawRedis.peerKey(id)) == 0) {
				this.peer.findById(id);
			}
		}
	}

	/**
	 * Return the ids of a hundred read rows, at random.
	 * @return the ids
	 */
	static List<Long> randomReadWindow() {
		return READ_WINDOWS.get(ThreadLocalRandom.current().nextInt(READ_WINDOWS.size()));
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.redis.close();
		this.context.close();
	}

}
