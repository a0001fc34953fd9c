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

import java.util.Map;
import java.util.Objects;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A second application in the fork, whose commits do not wait for Redis
 * ({@code write-through.await-updates=false}), with the detached copy of the row it
 * writes.
 *
 * @author Write-Through contributors
 */
@State(Scope.Benchmark)
public class UnawaitedFixture {

	private ConfigurableApplicationContext context;

	CachedItemRepository cached;

	CachedItem item;

	long counter;

	@Setup(Level.Trial)
	public void start() {
		this.context = BenchmarkApplication.start(BenchmarkSettings.fromEnvironment(),
				Map.of("write-through.await-updates", "false"));
		this.cached = this.context.getBean(CachedItemRepository.class);
		TransactionTemplate transactions = new TransactionTemplate(
				this.context.getBean(PlatformTransactionManager.class));
		this.item = Objects.requireNonNull(
				transactions.execute((status) -> this.cached.findById(Dataset.UNAWAITED_WRITE_ID).orElseThrow()));
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
	}

}
