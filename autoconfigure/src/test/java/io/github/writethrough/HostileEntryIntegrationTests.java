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

package io.github.writethrough;

import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

import io.github.writethrough.cache.CacheOperations;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.cache.Inspection;
import io.github.writethrough.store.EntryStore;
import io.github.writethrough.testapp.Note;
import io.github.writethrough.testapp.NoteRepository;
import io.github.writethrough.testapp.Profile;
import io.github.writethrough.testapp.ProfileRepository;
import io.github.writethrough.testapp.TestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entries written into Redis behind the starter's back, as an attacker with write access
 * to Redis would: each is a miss, removed, and the row is read from the database.
 *
 * @author Write-Through contributors
 */
@SpringBootTest(classes = TestApplication.class, properties = { "write-through.caches.note.negative-ttl=1m",
		"write-through.caches.note.max-entry-size=200B", "spring.jpa.open-in-view=false" })
class HostileEntryIntegrationTests {

	private static final IntegrationServers servers = IntegrationServers
		.forTestClass(HostileEntryIntegrationTests.class);

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		servers.register(registry);
	}

	@Autowired
	private ProfileRepository profiles;

	@Autowired
	private NoteRepository notes;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Autowired
	private EntityCaches caches;

	@Autowired
	private CacheOperations operations;

	@Autowired
	private EntryStore store;

	@Value("${write-through.key-prefix}")
	private String prefix;

	@AfterAll
	static void dropSchema() {
		servers.close();
	}

	@Test
	void entryOfAnotherRowUnderAKeyIsNeverServed() {
		Long ada = this.profiles.save(new Profile("ada@hostile.example", "Ada")).getId();
		Long eve = this.profiles.save(new Profile("eve@hostile.example", "Eve")).getId();
		this.redis.opsForValue().set(key("profiles", ada), entry("profiles", eve));
		assertThat(this.profiles.findById(ada)).get().extracting(Profile::getDisplayName).isEqualTo("Ada");
		assertThat(this.redis.hasKey(key("profiles", ada))).isFalse();
		assertThat(this.profiles.findById(ada)).get().extracting(Profile::getDisplayName).isEqualTo("Ada");
		assertThat(entry("profiles", ada)).contains("\"displayName\":\"Ada\"");
	}

	@Test
	void idsThatShareAKeyNeverServeEachOthersEntry() {
		this.notes.save(new Note("a?", "the row of a?"));
		assertThat(this.notes.findById("a?")).isPresent();
		assertThat(this.redis.hasKey(key("note", "a?"))).isTrue();
		String loneSurrogate = "a\uD800";
		assertThat(this.notes.findById(loneSurrogate)).map(Note::getId)
			.isEqualTo(withoutCache(() -> this.notes.findById(loneSurrogate)).map(Note::getId));
		assertThat(this.notes.findById("a?")).get().extracting(Note::getText).isEqualTo("the row of a?");
	}

	@Test
	void duplicatedPropertyThatHidesAMissingOneIsNeverServed() {
		Long id = this.profiles.save(new Profile("dup@hostile.example", "Ada")).getId();
		String entry = entry("profiles", id);
		this.redis.opsForValue()
			.set(key("profiles", id), entry.replace("\"displayName\":\"Ada\"", "\"email\":\"dup@hostile.example\""));
		assertThat(this.profiles.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("Ada");
		assertThat(this.redis.hasKey(key("profiles", id))).isFalse();
		assertThat(this.profiles.findById(id)).isPresent();
		assertThat(entry("profiles", id)).isEqualTo(entry);
	}

	@Test
	void valueOfAnotherTypeIsNeverServed() {
		Long id = this.profiles.save(new Profile("type@hostile.example", "42")).getId();
		String entry = entry("profiles", id);
		this.redis.opsForValue()
			.set(key("profiles", id), entry.replace("\"displayName\":\"42\"", "\"displayName\":42"));
		assertThat(this.profiles.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("42");
		assertThat(this.redis.hasKey(key("profiles", id))).isFalse();
		assertThat(this.profiles.findById(id)).isPresent();
		assertThat(entry("profiles", id)).isEqualTo(entry);
	}

	@Test
	void stateLargerThanMaxEntrySizeIsNotCachedAndCounted() {
		EntityCache cache = this.caches.get("note");
		long oversized = cache.statistics().oversized();
		this.notes.save(new Note("large", "x".repeat(180)));
		assertThat(entry("note", "large")).contains("\"@kind\":\"evicted\"");
		assertThat(this.notes.findById("large")).get().extracting(Note::getText).isEqualTo("x".repeat(180));
		assertThat(entry("note", "large")).contains("\"@kind\":\"evicted\"");
		assertThat(cache.statistics().oversized() - oversized).isEqualTo(2);
		this.notes.save(new Note("small", "fits"));
		assertThat(entry("note", "small")).contains("\"text\":\"fits\"");
	}

	@Test
	void entryLargerThanMaxEntrySizeIsAMissAndIsNeverReadWholeByTheAuditor() {
		this.notes.save(new Note("inflated", "fits"));
		String entry = entry("note", "inflated");
		String inflated = entry.replace("\"text\":\"fits\"", "\"text\":\"" + "y".repeat(100_000) + "\"");
		this.redis.opsForValue().set(key("note", "inflated"), inflated);
		EntityCache cache = this.caches.get("note");
		Inspection inspection = this.operations.inspect(cache, "inflated", null);
		assertThat(inspection.consistent()).isFalse();
		assertThat(inspection.cached()).hasSizeLessThan(100);
		assertThat(this.notes.findById("inflated")).get().extracting(Note::getText).isEqualTo("fits");
		assertThat(this.redis.hasKey(key("note", "inflated"))).isFalse();
		assertThat(this.notes.findById("inflated")).isPresent();
		assertThat(entry("note", "inflated")).endsWith("\"id\":\"inflated\",\"text\":\"fits\"}}}");
	}

	@Test
	void entryFarLargerThanMaxEntrySizeIsNeverSentWholeAndLeavesRedisAvailable() {
		this.notes.save(new Note("huge", "fits"));
		String entry = entry("note", "huge");
		this.redis.opsForValue()
			.set(key("note", "huge"),
					entry.replace("\"text\":\"fits\"", "\"text\":\"" + "z".repeat(10_000_000) + "\""));
		long sentBefore = bytesSentByRedis();
		assertThat(this.notes.findById("huge")).get().extracting(Note::getText).isEqualTo("fits");
		assertThat(bytesSentByRedis() - sentBefore).as("bytes Redis sent for the read").isLessThan(100_000);
		assertThat(this.store.isAvailable()).isTrue();
		assertThat(this.notes.findById("huge")).isPresent();
		assertThat(entry("note", "huge")).endsWith("\"id\":\"huge\",\"text\":\"fits\"}}}");
	}

	@Test
	void keyThatHoldsNoStringIsReplacedAndLeavesRedisAvailable() {
		Long id = this.profiles.save(new Profile("hash@hostile.example", "Ada")).getId();
		String entry = entry("profiles", id);
		this.redis.delete(key("profiles", id));
		this.redis.opsForHash().put(key("profiles", id), "displayName", "Eve");
		assertThat(this.profiles.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("Ada");
		assertThat(this.store.isAvailable()).isTrue();
		assertThat(this.profiles.findById(id)).isPresent();
		assertThat(entry("profiles", id)).isEqualTo(entry);
		this.redis.delete(key("profiles", id));
		this.redis.opsForList().leftPush(key("profiles", id), "Eve");
		Profile profile = this.profiles.findById(id).orElseThrow();
		profile.setDisplayName("Ada Lovelace");
		this.profiles.save(profile);
		assertThat(this.store.isAvailable()).isTrue();
		assertThat(entry("profiles", id)).contains("\"displayName\":\"Ada Lovelace\"");
	}

	@Test
	void epochThatIsNoCounterStartsOverAndLeavesRedisAvailable() {
		Long id = this.profiles.save(new Profile("epoch@hostile.example", "Ada")).getId();
		String epochKey = this.prefix + ":profiles";
		for (Runnable corrupt : List.<Runnable>of(() -> this.redis.opsForValue().set(epochKey, "not a number"),
				() -> this.redis.opsForValue().set(epochKey, "90000000000000000000"), () -> {
					this.redis.delete(epochKey);
					this.redis.opsForHash().put(epochKey, "epoch", "1");
				})) {
			corrupt.run();
			assertThat(this.profiles.findById(id)).get().extracting(Profile::getDisplayName).isEqualTo("Ada");
			assertThat(this.store.isAvailable()).isTrue();
			assertThat(this.redis.opsForValue().get(epochKey)).matches("[1-9][0-9]{15}");
			assertThat(this.profiles.findById(id)).isPresent();
			assertThat(entry("profiles", id)).contains("\"@epoch\":" + this.redis.opsForValue().get(epochKey) + ",");
		}
	}

	private long bytesSentByRedis() {
		Properties stats = this.redis
			.execute((RedisCallback<Properties>) (connection) -> connection.serverCommands().info("stats"));
		return Long.parseLong(stats.getProperty("total_net_output_bytes"));
	}

	/**
	 * Run a read as the plain repository does: in a read-write transaction, where the
	 * cache steps aside.
	 */
	private <T> T withoutCache(Supplier<T> read) {
		return new TransactionTemplate(this.transactionManager).execute((status) -> read.get());
	}

	private String key(String cache, Object id) {
		return this.prefix + ":" + cache + ":" + id;
	}

	private String entry(String cache, Object id) {
		String value = this.redis.opsForValue().get(key(cache, id));
		assertThat(value).as("cache entry %s", key(cache, id)).isNotNull();
		return value;
	}

}
