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

import java.time.Duration;
import java.util.Map;

import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.operations.CacheCoherence;
import io.github.writethrough.operations.ConsistencyAuditor;
import io.github.writethrough.testapp.Note;
import io.github.writethrough.testapp.NoteRepository;
import io.github.writethrough.testapp.Profile;
import io.github.writethrough.testapp.ProfileRepository;
import io.github.writethrough.testapp.TestApplication;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Meters, the actuator endpoint and health, and the consistency auditor, on a running
 * application with real servers.
 *
 * @author Write-Through contributors
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,writethrough",
				"management.endpoint.health.show-details=always",
				"management.endpoint.writethrough.access=unrestricted", "write-through.audit.enabled=true",
				"write-through.audit.rows-per-second=1000", "write-through.caches.profiles.ttl=30m" })
@Import(OperationsIntegrationTests.Meters.class)
class OperationsIntegrationTests {

	private static final IntegrationServers servers = IntegrationServers.forTestClass(OperationsIntegrationTests.class);

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		servers.register(registry);
	}

	@AfterAll
	static void dropSchema() {
		servers.close();
	}

	@LocalServerPort
	private int port;

	@Autowired
	private ProfileRepository profiles;

	@Autowired
	private NoteRepository notes;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private EntityCaches caches;

	@Autowired
	private ConsistencyAuditor auditor;

	@Autowired
	private CacheCoherence coherence;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private StringRedisTemplate redis;

	@Value("${write-through.key-prefix}")
	private String prefix;

	@Test
	void metersCountHitsMissesPutsAndEvictions() {
		Profile profile = this.profiles.save(new Profile("meters@example.com", "Ada"));
		this.profiles.findById(profile.getId());
		this.profiles.findById(profile.getId());
		this.profiles.findById(-1L);
		this.profiles.delete(profile);
		assertThat(count("cache.gets", "result", "hit")).isGreaterThanOrEqualTo(2);
		assertThat(count("cache.gets", "result", "miss")).isGreaterThanOrEqualTo(1);
		assertThat(this.meters.get("cache.puts").tag("cache", "profiles").functionCounter().count())
			.isGreaterThanOrEqualTo(1);
		assertThat(this.meters.get("cache.evictions").tag("cache", "profiles").functionCounter().count())
			.isGreaterThanOrEqualTo(1);
		assertThat(this.meters.get("writethrough.repairs.pending").gauge().value()).isZero();
		assertThat(this.meters.get("writethrough.circuit.open").gauge().value()).isZero();
		assertThat(this.meters.get("writethrough.update").timer().count()).isGreaterThanOrEqualTo(2);
		assertThat(this.meters.get("writethrough.read").tag("result", "hit").timer().count()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void endpointListsCachesAndComparesEntryWithRow() {
		// the running auditor would remove the entry this test corrupts
		this.auditor.stop();
		Profile profile = this.profiles.save(new Profile("endpoint@example.com", "Ada"));
		Map<String, Object> caches = get("/actuator/writethrough");
		assertThat(caches).containsEntry("redisAvailable", true).containsEntry("pendingRepairs", 0);
		assertThat(caches.get("caches").toString()).contains("name=profiles", "entity=" + Profile.class.getName(),
				"keyPattern=" + this.prefix + ":profiles:<id>", "ttl=PT30M", "ttlJitter=10.0%");
		Map<String, Object> entry = get("/actuator/writethrough/profiles/" + profile.getId());
		assertThat(entry).containsEntry("consistent", true).containsEntry("key", key(profile.getId()));
		assertThat((String) entry.get("cached")).contains("\"displayName\":\"Ada\"");
		this.redis.opsForValue().set(key(profile.getId()), ((String) entry.get("cached")).replace("Ada", "Eve"));
		assertThat(get("/actuator/writethrough/profiles/" + profile.getId())).containsEntry("consistent", false);
		assertThat(client().delete()
			.uri("/actuator/writethrough/profiles/" + profile.getId())
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.redis.hasKey(key(profile.getId()))).isFalse();
		client().delete().uri("/actuator/writethrough/profiles").retrieve().toBodilessEntity();
		assertThat(this.redis.opsForValue().get(this.prefix + ":profiles")).isNotNull();
		HttpStatusCode missing = client().get()
			.uri("/actuator/writethrough/nosuchcache/1")
			.exchange((request, response) -> response.getStatusCode());
		assertThat(missing).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void endpointAnswersBadRequestForTextThatIsNoId() {
		for (String id : new String[] { "abc", "0x1", "%201%20", "99999999999999999999999", "%2A" }) {
			HttpStatusCode read = client().get()
				.uri("/actuator/writethrough/profiles/" + id)
				.exchange((request, response) -> response.getStatusCode());
			HttpStatusCode evict = client().delete()
				.uri("/actuator/writethrough/profiles/" + id)
				.exchange((request, response) -> response.getStatusCode());
			assertThat(read).as("GET %s", id).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(evict).as("DELETE %s", id).isEqualTo(HttpStatus.BAD_REQUEST);
		}
	}

	@Test
	void healthShowsRedisCircuitAndRepairs() {
		Map<String, Object> health = get("/actuator/health/writethrough");
		assertThat(health).containsEntry("status", "UP");
		assertThat(health.get("details").toString()).contains("redis=reachable", "circuit=closed", "pendingRepairs=0");
	}

	@Test
	void cacheCoherenceNamesEveryEntryThatDiffersFromItsRow() {
		this.auditor.stop();
		Note note = this.notes.save(new Note("checked", "truth"));
		this.notes.save(new Note("also-checked", "truth"));
		this.coherence.assertEveryEntryMatchesItsRow("note");
		this.jdbc.update("update note set text = 'changed behind the cache' where id = ?", note.getId());
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.coherence.assertEveryEntryMatchesItsRow("note"))
			.withMessageContaining("1 entries of cache 'note' differ from their rows")
			.withMessageContaining(this.prefix + ":note:checked")
			.withMessageContaining("\"text\":\"truth\"")
			.withMessageContaining("\"text\":\"changed behind the cache\"");
		assertThat(this.coherence.mismatches("note")).hasSize(1);
		assertThatIllegalArgumentException().isThrownBy(() -> this.coherence.mismatches("notes"))
			.withMessage("No cache is named 'notes'");
	}

	@Test
	void auditorRemovesAndCountsEntryCorruptedBehindItsBack() {
		this.auditor.stop();
		Note note = this.notes.save(new Note("audited", "truth"));
		Note other = this.notes.save(new Note("untouched", "truth"));
		String key = this.prefix + ":note:" + note.getId();
		this.redis.opsForValue().set(key, this.redis.opsForValue().get(key).replace("truth", "lie"));
		EntityCache cache = this.caches.get("note");
		long mismatches = cache.statistics().auditMismatches();
		double counted = this.meters.get("writethrough.audit.mismatches")
			.tag("cache", "note")
			.functionCounter()
			.count();
		int audited = 0;
		for (int page = 0; page < 100 && cache.statistics().auditMismatches() == mismatches; page++) {
			audited += this.auditor.auditNextPage(cache, 100);
		}
		assertThat(audited).isGreaterThanOrEqualTo(1);
		assertThat(cache.statistics().auditMismatches() - mismatches).isOne();
		assertThat(this.redis.hasKey(key)).isFalse();
		assertThat(this.redis.opsForValue().get(this.prefix + ":note:" + other.getId())).contains("truth");
		assertThat(this.meters.get("writethrough.audit.mismatches").tag("cache", "note").functionCounter().count())
			.isEqualTo(counted + 1);
	}

	@Test
	void auditorRemovesAnEntryWhoseFenceWouldBlockEveryLaterWrite() {
		this.auditor.stop();
		Profile profile = this.profiles.save(new Profile("poisoned@example.com", "Ada"));
		String key = key(profile.getId());
		this.redis.opsForValue()
			.set(key, this.redis.opsForValue().get(key).replaceFirst("\"@fence\":0", "\"@fence\":9000000000000000"));
		EntityCache cache = this.caches.get("profiles");
		long mismatches = cache.statistics().auditMismatches();
		for (int page = 0; page < 100 && cache.statistics().auditMismatches() == mismatches; page++) {
			this.auditor.auditNextPage(cache, 100);
		}
		assertThat(this.redis.hasKey(key)).as("the entry holds the row's state, under a fence no writer gave")
			.isFalse();
		profile.setDisplayName("Ada Lovelace");
		this.profiles.save(profile);
		assertThat(this.redis.opsForValue().get(key)).contains("\"@fence\":1", "\"displayName\":\"Ada Lovelace\"");
	}

	@Test
	void auditorRemovesAnEntryOfAnotherShapeWhoseFenceWouldBlockEveryLaterWrite() {
		this.auditor.stop();
		Profile profile = this.profiles.save(new Profile("other-shape@example.com", "Ada"));
		String key = key(profile.getId());
		String shape = this.caches.get("profiles").shape();
		this.redis.opsForValue()
			.set(key,
					this.redis.opsForValue()
						.get(key)
						.replaceFirst("\"@fence\":0", "\"@fence\":9000000000000000")
						.replace(shape, "0123456789abcdef"),
					Duration.ofMinutes(10));
		auditUntilRemoved("profiles", key);
		profile.setDisplayName("Ada Lovelace");
		this.profiles.save(profile);
		assertThat(this.redis.opsForValue().get(key)).contains("\"@fence\":1", "\"displayName\":\"Ada Lovelace\"");
	}

	@Test
	void auditorKeepsAnEntryOfAnotherShapeAtTheRowsVersion() {
		Profile profile = this.profiles.save(new Profile("kept-shape@example.com", "Ada"));
		String key = key(profile.getId());
		this.redis.opsForValue()
			.set(key,
					this.redis.opsForValue().get(key).replace(this.caches.get("profiles").shape(), "0123456789abcdef"),
					Duration.ofMinutes(10));
		assertThat(this.coherence.inspect(this.caches.get("profiles"), profile.getId()).consistent()).isTrue();
	}

	@Test
	void auditorRemovesAnEntryOfAnEntityWithoutVersionWhoseFenceNoWriterTook() {
		this.auditor.stop();
		Note note = this.notes.save(new Note("fenced", "truth"));
		String key = this.prefix + ":note:fenced";
		this.redis.opsForValue()
			.set(key, this.redis.opsForValue().get(key).replaceFirst("\"@fence\":\\d+", "\"@fence\":9000000000000000"));
		note.setText("later truth");
		this.notes.save(note);
		assertThat(this.redis.opsForValue().get(key)).as("the poisoned entry turns the write away")
			.contains("\"text\":\"truth\"");
		auditUntilRemoved("note", key);
		assertThat(this.notes.findById("fenced")).get().extracting(Note::getText).isEqualTo("later truth");
		note.setText("latest truth");
		this.notes.save(note);
		assertThat(this.redis.opsForValue().get(key)).contains("\"text\":\"latest truth\"");
	}

	@Test
	void auditorRemovesAnEntryOfAnEpochNoWriterHadYet() {
		this.auditor.stop();
		Profile profile = this.profiles.save(new Profile("future@example.com", "Ada"));
		String key = key(profile.getId());
		String entry = this.redis.opsForValue().get(key);
		this.redis.opsForValue().set(key, entry.replaceFirst("\"@epoch\":\\d+", "\"@epoch\":9000000000000000"));
		auditUntilRemoved("profiles", key);
		assertThat(this.profiles.findById(profile.getId())).isPresent();
		assertThat(this.redis.opsForValue().get(key)).isEqualTo(entry);
	}

	@Test
	void auditorRemovesAnEntryWithoutExpiryFromACacheWithATtl() {
		this.auditor.stop();
		Profile profile = this.profiles.save(new Profile("forever@example.com", "Ada"));
		String key = key(profile.getId());
		this.redis.persist(key);
		auditUntilRemoved("profiles", key);
		assertThat(this.profiles.findById(profile.getId())).isPresent();
		assertThat(this.redis.getExpire(key)).isPositive();
	}

	private void auditUntilRemoved(String cacheName, String key) {
		EntityCache cache = this.caches.get(cacheName);
		long mismatches = cache.statistics().auditMismatches();
		for (int page = 0; page < 100 && cache.statistics().auditMismatches() == mismatches; page++) {
			this.auditor.auditNextPage(cache, 100);
		}
		assertThat(this.redis.hasKey(key)).as("entry removed by the auditor").isFalse();
	}

	private double count(String name, String tag, String value) {
		return this.meters.get(name).tag("cache", "profiles").tag(tag, value).functionCounter().count();
	}

	private String key(Object id) {
		return this.prefix + ":profiles:" + id;
	}

	private Map<String, Object> get(String path) {
		return client().get().uri(path).retrieve().body(new ParameterizedTypeReference<>() {
		});
	}

	private RestClient client() {
		return RestClient.create("http://localhost:" + this.port);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Meters {

		@Bean
		SimpleMeterRegistry simpleMeterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
