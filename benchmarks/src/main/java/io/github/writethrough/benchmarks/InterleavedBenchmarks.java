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

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The comparisons the targets are judged on, interleaved in one fork: each invocation
 * runs every operation of its group once, starting one further each time, and
 * {@link Interleaving} times each on its own. A shared, noisy machine slows both sides of
 * a comparison alike, which separate forks a minute apart do not guarantee.
 *
 * @author Write-Through contributors
 */
public class InterleavedBenchmarks {

	private static final FloorBenchmarks FLOOR = new FloorBenchmarks();

	private static final StarterBenchmarks STARTER = new StarterBenchmarks();

	private static final PeerBenchmarks PEER = new PeerBenchmarks();

	/**
	 * Cache hits of the starter and the peer, the raw Redis floor and uncached JPA.
	 * @param fixture the application
	 * @param raw the raw client
	 * @param timer the timer
	 * @param blackhole consumes the results
	 */
	@Benchmark
	public void reads(Fixture fixture, RawFloor raw, Interleaving timer, Blackhole blackhole) {
		int start = timer.nextStart(4);
		for (int i = 0; i < 4; i++) {
			switch ((start + i) % 4) {
				case 0 -> blackhole.consume(timer.time(Results.RAW_GET, () -> FLOOR.redisGetAndDecode(raw)));
				case 1 -> blackhole.consume(timer.time(Results.HIT, () -> STARTER.findByIdHit(fixture)));
				case 2 -> blackhole.consume(timer.time(Results.PEER_HIT, () -> PEER.cacheableHit(fixture)));
				default -> blackhole.consume(timer.time(Results.JPA_FIND, () -> FLOOR.jpaFindById(fixture)));
			}
		}
	}

	/**
	 * {@code save} and commit of the starter, with and without waiting for Redis, the
	 * peer and plain JPA.
	 * @param fixture the application
	 * @param unawaited the application that does not wait for Redis
	 * @param writer the entities
	 * @param timer the timer
	 * @param blackhole consumes the results
	 */
	@Benchmark
	public void writes(Fixture fixture, UnawaitedFixture unawaited, Writer writer, Interleaving timer,
			Blackhole blackhole) {
		int start = timer.nextStart(4);
		for (int i = 0; i < 4; i++) {
			switch ((start + i) % 4) {
				case 0 -> blackhole.consume(timer.time(Results.JPA_SAVE, () -> FLOOR.jpaSave(fixture, writer)));
				case 1 -> blackhole.consume(timer.time(Results.SAVE, () -> STARTER.save(fixture, writer)));
				case 2 -> blackhole.consume(timer.time(Results.SAVE_UNAWAITED, () -> STARTER.saveUnawaited(unawaited)));
				default -> blackhole.consume(timer.time(Results.PEER_SAVE, () -> PEER.cachePutSave(fixture, writer)));
			}
		}
	}

	/**
	 * {@code saveAll(100)} of the starter and of plain JPA, and 100 sequential
	 * {@code SET}s.
	 * @param fixture the application
	 * @param writer the entities
	 * @param raw the raw client
	 * @param timer the timer
	 * @param blackhole consumes the results
	 */
	@Benchmark
	public void batches(Fixture fixture, Writer writer, RawFloor raw, Interleaving timer, Blackhole blackhole) {
		int start = timer.nextStart(3);
		for (int i = 0; i < 3; i++) {
			switch ((start + i) % 3) {
				case 0 ->
					blackhole.consume(timer.time(Results.JPA_SAVE_ALL, () -> FLOOR.jpaSaveAll100(fixture, writer)));
				case 1 -> blackhole.consume(timer.time(Results.SAVE_ALL, () -> STARTER.saveAll100(fixture, writer)));
				default -> blackhole.consume(timer.time(Results.RAW_SET_100, () -> FLOOR.redisSet100(raw)));
			}
		}
	}

}
