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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.github.writethrough.test.StoppableRedis;
import io.github.writethrough.test.TestRedis;
import io.github.writethrough.test.TestServers;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the scripts and commands of the Lettuce {@link EntryStore} against a real
 * Redis.
 *
 * @author Write-Through contributors
 */
class LettuceEntryStoreIntegrationTests {

	private static final String EMBEDDED_HOST = "127.0.0.1";

	private static final TestRedis redis = TestServers.redis();

	private static final String prefix = redis.newKeyPrefix(LettuceEntryStoreIntegrationTests.class);

	private static LettuceConnectionFactory connectionFactory;

	private static EntryStore store;

	private static StringRedisTemplate template;

	private final byte[] key = (prefix + "entry").getBytes(StandardCharsets.UTF_8);

	@BeforeAll
	static void connect() {
		connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
		connectionFactory.afterPropertiesSet();
		store = EntryStore.lettuce(connectionFactory, Duration.ofSeconds(2), Duration.ZERO);
		template = new StringRedisTemplate(connectionFactory);
	}

	@BeforeEach
	void deleteEntry() {
		template.delete(List.of(prefix + "entry", prefix + "epoch"));
	}

	@AfterAll
	static void disconnect() {
		redis.deleteKeys(prefix);
		connectionFactory.destroy();
	}

	@Test
	void olderFenceNeverReplacesNewer() {
		assertThat(write(commit(0, 2, "entity"))).isTrue();
		assertThat(write(commit(0, 1, "entity"))).isFalse();
		assertThat(fence()).isEqualTo("2");
	}

	@Test
	void committedWriteOfSameFenceReplaces() {
		assertThat(write(commit(0, 3, "entity"))).isTrue();
		assertThat(write(commit(0, 3, "entity"))).isTrue();
	}

	@Test
	void lookupLeavesLeaseWhereEntryIsAbsent() {
		byte[] lease = lease();
		EntryRead values = store.lookup(epochKey(), List.of(this.key), lease, 10_000, 1024);
		assertThat(values.entries()).containsExactly((byte[]) null);
		assertThat(template.opsForValue().get(prefix + "entry")).isEqualTo(new String(lease, StandardCharsets.UTF_8));
		assertThat(store.lookup(epochKey(), List.of(this.key), lease(), 10_000, 1024).entries()).containsExactly(lease);
	}

	@Test
	void lookupLeavesLeaseByScriptOnRedisBeforeSeven() {
		try (StoppableRedis redis6 = StoppableRedis.start()) {
			withConnectionFactory(new RedisStandaloneConfiguration(EMBEDDED_HOST, redis6.port()), (factory) -> {
				assertThat(factory.getConnection().serverCommands().info("server").getProperty("redis_version"))
					.startsWith("6.");
				assertLeaseLeftWhereEntryIsAbsent(EntryStore.lettuce(factory, Duration.ofSeconds(2), Duration.ZERO));
			});
		}
	}

	@Test
	void lookupLeavesLeaseByScriptWhereInfoIsRefused() {
		try (StoppableRedis restricted = StoppableRedis.start()) {
			withConnectionFactory(new RedisStandaloneConfiguration(EMBEDDED_HOST, restricted.port()),
					(admin) -> admin.getConnection()
						.execute("ACL", "SETUSER".getBytes(), "noinfo".getBytes(), "on".getBytes(),
								">secret".getBytes(), "~*".getBytes(), "+@all".getBytes(), "-info".getBytes()));
			RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(EMBEDDED_HOST,
					restricted.port());
			configuration.setUsername("noinfo");
			configuration.setPassword("secret");
			withConnectionFactory(configuration, (factory) -> {
				EntryStore restrictedStore = EntryStore.lettuce(factory, Duration.ofSeconds(2), Duration.ZERO);
				assertLeaseLeftWhereEntryIsAbsent(restrictedStore);
				assertThat(restrictedStore.isAvailable()).isTrue();
			});
		}
	}

	@Test
	void fillLandsOnlyWhereReaderFoundItsLease() {
		byte[] lease = lease();
		store.lookup(epochKey(), List.of(this.key), lease, 10_000, 1024);
		assertThat(write(fill(0, 1, lease))).isTrue();
		assertThat(write(fill(0, 1, lease))).isFalse();
	}

	@Test
	void fillThatKeepsStatesLivesNoLongerThanTheReplacedEntryHadLeftNorThanItsOwnTimeToLive() {
		assertThat(fillKeepingStates(5_000, 60_000)).isBetween(1L, 5_000L);
		assertThat(fillKeepingStates(60_000, 5_000)).isBetween(1L, 5_000L);
		assertThat(fillKeepingStates(0, 5_000)).isBetween(1L, 5_000L);
		assertThat(fillKeepingStates(5_000, 0)).isBetween(1L, 5_000L);
		assertThat(fillKeepingStates(0, 0)).isEqualTo(-1);
	}

	@Test
	void writeReplacesLeaseSoThatStaleFillIsSkipped() {
		byte[] lease = lease();
		store.lookup(epochKey(), List.of(this.key), lease, 10_000, 1024);
		assertThat(write(commit(0, 2, "entity"))).isTrue();
		assertThat(write(fill(0, 1, lease))).isFalse();
		assertThat(fence()).isEqualTo("2");
	}

	@Test
	void fillIsSkippedWhenLeaseExpiredOrWasEvicted() {
		byte[] lease = lease();
		store.lookup(epochKey(), List.of(this.key), lease, 10_000, 1024);
		template.delete(prefix + "entry");
		assertThat(write(fill(0, 1, lease))).isFalse();
		assertThat(template.hasKey(prefix + "entry")).isFalse();
	}

	@Test
	void deleteMarkerKeepsOutStatesUpToItsFence() {
		assertThat(write(delete(0, 4))).isTrue();
		assertThat(write(commit(0, 4, "entity"))).isFalse();
		assertThat(write(fill(0, 4, marker("deleted", 0, 4)))).isFalse();
		assertThat(write(commit(0, 5, "entity"))).isTrue();
	}

	@Test
	void loggedChangeOfANewVersionLeavesAnEntryOfThatVersionOrNewer() {
		assertThat(write(logged(4, true))).isTrue();
		assertThat(write(commit(0, 4, "entity"))).as("the committed write of the change, after the feed").isTrue();
		assertThat(write(logged(4, true))).isFalse();
		assertThat(write(logged(3, true))).isFalse();
		assertThat(write(logged(5, true))).isTrue();
		template.opsForValue().set(prefix + "entry", new String(marker("absent", 0, 5), StandardCharsets.UTF_8));
		assertThat(write(logged(5, true))).isTrue();
	}

	@Test
	void loggedChangeOfAKeptOrLoweredVersionReplacesAnyEntryAndKeepsTheHigherFence() {
		assertThat(write(commit(0, 4, "entity"))).isTrue();
		assertThat(write(logged(4, false))).isTrue();
		assertThat(write(logged(3, false))).isTrue();
		assertThat(template.opsForValue().get(prefix + "entry")).startsWith("{\"@epoch\":0,\"@fence\":4,");
		assertThat(write(commit(0, 4, "entity"))).as("a write of the fence after the change's commit").isFalse();
		assertThat(write(commit(0, 5, "entity"))).isTrue();
	}

	@Test
	void evictionMarkerCanBeFilledWithStateOfItsFenceOrNewer() {
		byte[] marker = marker("evicted", 0, 6);
		assertThat(write(EntryWrite.commit(this.key, 0, 6, 0, marker))).isTrue();
		assertThat(write(fill(0, 5, marker))).isFalse();
		assertThat(write(fill(0, 6, marker))).isTrue();
	}

	@Test
	void newerEpochWinsRegardlessOfFence() {
		assertThat(write(commit(1, 9, "entity"))).isTrue();
		assertThat(write(commit(2, 0, "entity"))).isTrue();
		assertThat(fence()).isEqualTo("0");
	}

	@Test
	void writeOfOlderEpochRemovesEntryOfNewerEpochThatMayHoldOlderState() {
		assertThat(write(commit(6, 2, "entity"))).isTrue();
		assertThat(write(commit(5, 3, "entity"))).isFalse();
		assertThat(template.hasKey(prefix + "entry")).isFalse();
		assertThat(write(commit(6, 2, "entity"))).isTrue();
		assertThat(write(fill(5, 3, marker("entity", 6, 2)))).isFalse();
		assertThat(template.hasKey(prefix + "entry")).isTrue();
	}

	@Test
	void writeSetsTimeToLive() {
		write(EntryWrite.commit(this.key, 0, 1, 60_000, marker("entity", 0, 1)));
		assertThat(template.getExpire(prefix + "entry", TimeUnit.MILLISECONDS)).isBetween(1L, 60_000L);
	}

	@Test
	void batchAppliesWritesAndAdvancesEpochsInOneCall() {
		byte[] epochKey = epochKey();
		EntryWrite write = commit(0, 1, "entity");
		WriteResult result = store.write(new WriteBatch(List.of(write), List.of(epochKey), List.of(epochKey)));
		assertThat(result.isApplied(write)).isTrue();
		assertThat(result.epoch(epochKey)).as("a new counter starts from the server time in microseconds")
			.isGreaterThan(1_700_000_000_000_000L);
		assertThat(fence()).isEqualTo("1");
	}

	@Test
	void batchReportsTheOutcomeOfEachWrite() {
		List<EntryWrite> first = new ArrayList<>();
		List<EntryWrite> second = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			byte[] key = (prefix + "batch:" + i).getBytes(StandardCharsets.UTF_8);
			first.add(EntryWrite.commit(key, 0, 5, 60_000, marker("entity", 0, 5)));
			long fence = (i % 2 == 0) ? 4 : 6;
			second.add(EntryWrite.commit(key, 0, fence, 60_000, marker("entity", 0, fence)));
		}
		WriteResult firstResult = store.write(WriteBatch.of(first));
		assertThat(first).allMatch(firstResult::isApplied);
		WriteResult secondResult = store.write(WriteBatch.of(second));
		for (int i = 0; i < 300; i++) {
			assertThat(secondResult.isApplied(second.get(i))).as("write %d", i).isEqualTo(i % 2 == 1);
		}
	}

	@Test
	void epochReadAfterWritesIsZeroWhereCounterIsMissing() {
		assertThat(store.write(new WriteBatch(List.of(), List.of(), List.of(epochKey()))).epoch(epochKey())).isZero();
		assertThat(template.hasKey(prefix + "epoch")).as("only reads and invalidations start a counter").isFalse();
	}

	@Test
	void connectionReplacedByTheFactoryIsTakenAnew() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(redis.host(), redis.port()));
		factory.afterPropertiesSet();
		try {
			EntryStore replaced = EntryStore.lettuce(factory, Duration.ofSeconds(2), Duration.ofMinutes(1));
			assertThat(replaced.ping()).isTrue();
			factory.resetConnection();
			EntryWrite write = commit(0, 1, "entity");
			assertThat(replaced.write(WriteBatch.of(List.of(write))).isApplied(write)).isTrue();
			assertThat(replaced.isAvailable()).isTrue();
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void connectionIsTakenAgainWhereLettuceLostWhyTheHandshakeFailed() {
		AtomicInteger attempts = new AtomicInteger();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(redis.host(), redis.port())) {

			@Override
			public RedisConnection getConnection() {
				if (attempts.incrementAndGet() == 1) {
					throw new RedisConnectionFailureException("Unable to connect to Redis",
							new RedisConnectionException("Unable to connect",
									new IllegalStateException("RedisHandshakeHandler not registered")));
				}
				return super.getConnection();
			}

		};
		factory.afterPropertiesSet();
		try {
			EntryStore retried = EntryStore.lettuce(factory, Duration.ofSeconds(2), Duration.ofMinutes(1));
			assertThat(retried.ping()).isTrue();
			assertThat(attempts).hasValue(2);
			assertThat(retried.isAvailable()).isTrue();
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void scriptIsLoadedAgainAfterScriptFlush() {
		assertThat(write(commit(0, 1, "entity"))).isTrue();
		template.execute((RedisCallback<Void>) (connection) -> {
			connection.scriptingCommands().scriptFlush();
			return null;
		});
		assertThat(write(commit(0, 2, "entity"))).isTrue();
	}

	private long fillKeepingStates(long replacedTtl, long ownTtl) {
		byte[] replaced = marker("entity", 0, 3);
		assertThat(write(EntryWrite.commit(this.key, 0, 3, replacedTtl, replaced))).isTrue();
		assertThat(write(EntryWrite.fillKeepingStates(this.key, 0, 3, ownTtl, marker("entity", 0, 3), replaced)))
			.isTrue();
		return template.getExpire(prefix + "entry", TimeUnit.MILLISECONDS);
	}

	private static void withConnectionFactory(RedisStandaloneConfiguration configuration,
			Consumer<LettuceConnectionFactory> action) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration);
		factory.afterPropertiesSet();
		try {
			action.accept(factory);
		}
		finally {
			factory.destroy();
		}
	}

	private void assertLeaseLeftWhereEntryIsAbsent(EntryStore store) {
		byte[] lease = lease();
		assertThat(store.lookup(epochKey(), List.of(this.key), lease, 10_000, 1024).entries())
			.containsExactly((byte[]) null);
		assertThat(store.lookup(epochKey(), List.of(this.key), lease(), 10_000, 1024).entries()).containsExactly(lease);
	}

	private EntryWrite commit(long epoch, long fence, String kind) {
		return EntryWrite.commit(this.key, epoch, fence, 0, marker(kind, epoch, fence));
	}

	private EntryWrite logged(long fence, boolean newVersion) {
		byte[] marker = "{\"@epoch\":0,\"@fence\":%d,\"@kind\":\"evicted\",\"@change\":\"%s\"%s}"
			.formatted(fence, UUID.randomUUID(), newVersion ? "" : ",\"@keptFence\":true")
			.getBytes(StandardCharsets.UTF_8);
		return EntryWrite.logged(this.key, 0, fence, 0, marker, newVersion);
	}

	private EntryWrite delete(long epoch, long fence) {
		return EntryWrite.delete(this.key, epoch, fence, 0, marker("deleted", epoch, fence));
	}

	private static boolean write(EntryWrite write) {
		return store.write(WriteBatch.of(List.of(write))).isApplied(write);
	}

	private EntryWrite fill(long epoch, long fence, byte[] expected) {
		return EntryWrite.fill(this.key, epoch, fence, 0, marker("entity", epoch, fence), expected);
	}

	/**
	 * An entry of the given kind with nothing but the header the scripts read.
	 */
	private static byte[] marker(String kind, long epoch, long fence) {
		return "{\"@epoch\":%d,\"@fence\":%d,\"@kind\":\"%s\"}".formatted(epoch, fence, kind)
			.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] lease() {
		return ("{\"@epoch\":0,\"@fence\":0,\"@kind\":\"lease\",\"@holder\":\"" + UUID.randomUUID() + "\"}")
			.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] epochKey() {
		return (prefix + "epoch").getBytes(StandardCharsets.UTF_8);
	}

	private String fence() {
		String value = template.opsForValue().get(prefix + "entry");
		return value.replaceAll("^\\{\"@epoch\":\\d+,\"@fence\":(\\d+).*", "$1");
	}

}
