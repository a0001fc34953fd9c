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
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.writethrough.test.StoppableRedis;
import io.github.writethrough.test.TestRedis;
import io.github.writethrough.test.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the fenced write script of {@link RedisEntryStore} against a real Redis.
 *
 * @author Write-Through contributors
 */
class FencedWriteScriptIntegrationTests {

	private static final String EMBEDDED_HOST = "127.0.0.1";

	private static final TestRedis redis = TestServers.redis();

	private static final String prefix = redis.newKeyPrefix(FencedWriteScriptIntegrationTests.class);

	private static LettuceConnectionFactory connectionFactory;

	private static RedisEntryStore store;

	private static StringRedisTemplate template;

	private final byte[] key = (prefix + "entry").getBytes(StandardCharsets.UTF_8);

	@BeforeAll
	static void connect() {
		connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
		connectionFactory.afterPropertiesSet();
		store = new RedisEntryStore(connectionFactory, Duration.ofSeconds(2), Duration.ZERO);
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
		assertThat(write(write(0, 2, 'w', EntryKind.ENTITY))).isTrue();
		assertThat(write(write(0, 1, 'w', EntryKind.ENTITY))).isFalse();
		assertThat(fence()).isEqualTo("2");
	}

	@Test
	void committedWriteOfSameFenceReplaces() {
		assertThat(write(write(0, 3, 'w', EntryKind.ENTITY))).isTrue();
		assertThat(write(write(0, 3, 'w', EntryKind.ENTITY))).isTrue();
	}

	@Test
	void lookupLeavesLeaseWhereEntryIsAbsent() {
		byte[] lease = EntityCodec.encodeLease();
		RedisEntryStore.Values values = store.lookup(epochKey(), List.of(this.key), lease, 10_000);
		assertThat(values.entries()).containsExactly((byte[]) null);
		assertThat(template.opsForValue().get(prefix + "entry")).isEqualTo(new String(lease, StandardCharsets.UTF_8));
		assertThat(store.lookup(epochKey(), List.of(this.key), EntityCodec.encodeLease(), 10_000).entries())
			.containsExactly(lease);
	}

	@Test
	void lookupLeavesLeaseByScriptOnRedisBeforeSeven() {
		try (StoppableRedis redis6 = StoppableRedis.start()) {
			withConnectionFactory(new RedisStandaloneConfiguration(EMBEDDED_HOST, redis6.port()), (factory) -> {
				assertThat(factory.getConnection().serverCommands().info("server").getProperty("redis_version"))
					.startsWith("6.");
				assertLeaseLeftWhereEntryIsAbsent(new RedisEntryStore(factory, Duration.ofSeconds(2), Duration.ZERO));
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
				RedisEntryStore restrictedStore = new RedisEntryStore(factory, Duration.ofSeconds(2), Duration.ZERO);
				assertLeaseLeftWhereEntryIsAbsent(restrictedStore);
				assertThat(restrictedStore.isAvailable()).isTrue();
			});
		}
	}

	@Test
	void leasesAreUnique() {
		assertThat(EntityCodec.encodeLease()).isNotEqualTo(EntityCodec.encodeLease());
	}

	@Test
	void fillLandsOnlyWhereReaderFoundItsLease() {
		byte[] lease = EntityCodec.encodeLease();
		store.lookup(epochKey(), List.of(this.key), lease, 10_000);
		assertThat(write(fill(0, 1, lease))).isTrue();
		assertThat(write(fill(0, 1, lease))).isFalse();
	}

	@Test
	void writeReplacesLeaseSoThatStaleFillIsSkipped() {
		byte[] lease = EntityCodec.encodeLease();
		store.lookup(epochKey(), List.of(this.key), lease, 10_000);
		assertThat(write(write(0, 2, 'w', EntryKind.ENTITY))).isTrue();
		assertThat(write(fill(0, 1, lease))).isFalse();
		assertThat(fence()).isEqualTo("2");
	}

	@Test
	void fillIsSkippedWhenLeaseExpiredOrWasEvicted() {
		byte[] lease = EntityCodec.encodeLease();
		store.lookup(epochKey(), List.of(this.key), lease, 10_000);
		template.delete(prefix + "entry");
		assertThat(write(fill(0, 1, lease))).isFalse();
		assertThat(template.hasKey(prefix + "entry")).isFalse();
	}

	@Test
	void deleteMarkerKeepsOutStatesUpToItsFence() {
		assertThat(write(write(0, 4, 'd', EntryKind.DELETED))).isTrue();
		assertThat(write(write(0, 4, 'w', EntryKind.ENTITY))).isFalse();
		assertThat(write(fill(0, 4, EntityCodec.encodeMarker(EntryKind.DELETED, 0, 4)))).isFalse();
		assertThat(write(write(0, 5, 'w', EntryKind.ENTITY))).isTrue();
	}

	@Test
	void evictionMarkerCanBeFilledWithStateOfItsFenceOrNewer() {
		byte[] marker = EntityCodec.encodeMarker(EntryKind.EVICTED, 0, 6);
		assertThat(write(new EntryWrite(this.key, 0, 6, 'w', 0, marker))).isTrue();
		assertThat(write(fill(0, 5, marker))).isFalse();
		assertThat(write(fill(0, 6, marker))).isTrue();
	}

	@Test
	void newerEpochWinsRegardlessOfFence() {
		assertThat(write(write(1, 9, 'w', EntryKind.ENTITY))).isTrue();
		assertThat(write(write(2, 0, 'w', EntryKind.ENTITY))).isTrue();
		assertThat(fence()).isEqualTo("0");
	}

	@Test
	void writeOfOlderEpochRemovesEntryOfNewerEpochThatMayHoldOlderState() {
		assertThat(write(write(6, 2, 'w', EntryKind.ENTITY))).isTrue();
		assertThat(write(write(5, 3, 'w', EntryKind.ENTITY))).isFalse();
		assertThat(template.hasKey(prefix + "entry")).isFalse();
		assertThat(write(write(6, 2, 'w', EntryKind.ENTITY))).isTrue();
		assertThat(write(fill(5, 3, EntityCodec.encodeMarker(EntryKind.ENTITY, 6, 2)))).isFalse();
		assertThat(template.hasKey(prefix + "entry")).isTrue();
	}

	@Test
	void writeSetsTimeToLive() {
		write(new EntryWrite(this.key, 0, 1, 'w', 60_000, EntityCodec.encodeMarker(EntryKind.ENTITY, 0, 1)));
		assertThat(template.getExpire(prefix + "entry", TimeUnit.MILLISECONDS)).isBetween(1L, 60_000L);
	}

	@Test
	void batchAppliesWritesAndAdvancesEpochsInOneCall() {
		byte[] epochKey = epochKey();
		RedisEntryStore.WriteResult result = store.write(List.of(write(0, 1, 'w', EntryKind.ENTITY)), List.of(epochKey),
				List.of(epochKey));
		assertThat(result.applied()).containsExactly(true);
		assertThat(result.epochs()).hasSize(1);
		assertThat(result.epochs()[0]).as("a new counter starts from the server time in microseconds")
			.isGreaterThan(1_700_000_000_000_000L);
		assertThat(fence()).isEqualTo("1");
	}

	@Test
	void batchReportsTheOutcomeOfEachWrite() {
		List<EntryWrite> first = new ArrayList<>();
		List<EntryWrite> second = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			byte[] key = (prefix + "batch:" + i).getBytes(StandardCharsets.UTF_8);
			first.add(new EntryWrite(key, 0, 5, 'w', 60_000, EntityCodec.encodeMarker(EntryKind.ENTITY, 0, 5)));
			long fence = (i % 2 == 0) ? 4 : 6;
			second
				.add(new EntryWrite(key, 0, fence, 'w', 60_000, EntityCodec.encodeMarker(EntryKind.ENTITY, 0, fence)));
		}
		assertThat(store.write(first, List.of(), List.of()).applied()).containsOnly(true).hasSize(300);
		boolean[] applied = store.write(second, List.of(), List.of()).applied();
		for (int i = 0; i < 300; i++) {
			assertThat(applied[i]).as("write %d", i).isEqualTo(i % 2 == 1);
		}
	}

	@Test
	void epochReadAfterWritesIsZeroWhereCounterIsMissing() {
		assertThat(store.write(List.of(), List.of(), List.of(epochKey())).epochs()).containsExactly(0L);
		assertThat(template.hasKey(prefix + "epoch")).as("only reads and invalidations start a counter").isFalse();
	}

	@Test
	void scriptIsLoadedAgainAfterScriptFlush() {
		assertThat(write(write(0, 1, 'w', EntryKind.ENTITY))).isTrue();
		template.execute((RedisCallback<Void>) (connection) -> {
			connection.scriptingCommands().scriptFlush();
			return null;
		});
		assertThat(write(write(0, 2, 'w', EntryKind.ENTITY))).isTrue();
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

	private void assertLeaseLeftWhereEntryIsAbsent(RedisEntryStore store) {
		byte[] lease = EntityCodec.encodeLease();
		assertThat(store.lookup(epochKey(), List.of(this.key), lease, 10_000).entries()).containsExactly((byte[]) null);
		assertThat(store.lookup(epochKey(), List.of(this.key), EntityCodec.encodeLease(), 10_000).entries())
			.containsExactly(lease);
	}

	private EntryWrite write(long epoch, long fence, char mode, EntryKind kind) {
		return new EntryWrite(this.key, epoch, fence, mode, 0, EntityCodec.encodeMarker(kind, epoch, fence));
	}

	private static boolean write(EntryWrite write) {
		return store.write(List.of(write), List.of(), List.of()).applied()[0];
	}

	private EntryWrite fill(long epoch, long fence, byte[] expected) {
		return EntryWrite.fill(this.key, epoch, fence, 0, EntityCodec.encodeMarker(EntryKind.ENTITY, epoch, fence),
				expected);
	}

	private static byte[] epochKey() {
		return (prefix + "epoch").getBytes(StandardCharsets.UTF_8);
	}

	private String fence() {
		String value = template.opsForValue().get(prefix + "entry");
		return value.replaceAll("^\\{\"@epoch\":\\d+,\"@fence\":(\\d+).*", "$1");
	}

}
