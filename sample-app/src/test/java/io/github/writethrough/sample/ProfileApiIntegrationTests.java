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

package io.github.writethrough.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.sample.ProfileController.ProfileResponse;
import io.github.writethrough.test.TestSchema;
import io.github.writethrough.test.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.util.StringUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Integration tests that drive the HTTP API of profiles through a real server, database
 * and Redis.
 *
 * @author Write-Through contributors
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ProfileApiIntegrationTests {

	private static final TestSchema schema = TestServers.postgres().createSchema("profile_api");

	private static final String keyPrefix = StringUtils
		.trimTrailingCharacter(TestServers.redis().newKeyPrefix(ProfileApiIntegrationTests.class), ':');

	private static final String LONG_BIO = "b".repeat(2001);

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private JsonMapper jsonMapper;

	@Autowired
	private EntityCaches caches;

	private RestTestClient client;

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		schema.springProperties()
			.and(TestServers.redis().springProperties())
			.and("write-through.key-prefix", keyPrefix)
			.registerIn(registry);
	}

	@AfterAll
	static void cleanUp() {
		schema.drop();
		TestServers.redis().deleteKeys(keyPrefix + ":");
	}

	@BeforeEach
	void createClient() {
		this.client = RestTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
	}

	@Test
	void createAnswersCreatedWithLocationAndProfileAndCachesIt() {
		ProfileResponse profile = this.client.post()
			.uri("/profiles")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", "ada@example.com", "displayName", "Ada", "bio", "Analytical engines"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.valueMatches("Location", "http://localhost:" + this.port + "/profiles/\\d+")
			.expectBody(ProfileResponse.class)
			.returnResult()
			.getResponseBody();
		assertThat(profile).isNotNull();
		assertThat(profile.id()).isNotNull();
		assertThat(profile.version()).isZero();
		assertThat(profile.email()).isEqualTo("ada@example.com");
		assertThat(profile.displayName()).isEqualTo("Ada");
		assertThat(profile.bio()).isEqualTo("Analytical engines");
		assertThat(profile.updatedAt()).isNotNull();
		assertThat(row(profile.id())).containsEntry("email", "ada@example.com").containsEntry("version", 0L);
		JsonNode cached = cachedState(profile.id());
		assertThat(cached.get("version").asLong()).isZero();
		assertThat(cached.get("displayName").asString()).isEqualTo("Ada");
	}

	@Test
	void createWithoutBioStoresNoBio() {
		ProfileResponse profile = create("no-bio@example.com", "Grace");
		assertThat(profile.bio()).isNull();
		assertThat(row(profile.id())).containsEntry("bio", null);
	}

	@Test
	void readAnswersTheProfile() {
		ProfileResponse created = create("read@example.com", "Reader");
		this.client.get()
			.uri("/profiles/{id}", created.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(ProfileResponse.class)
			.isEqualTo(created);
	}

	@Test
	void tagsAreCreatedUpdatedAndReadWithTheProfileWhoseStateComesFromTheCache() {
		ProfileResponse created = create(
				Map.of("email", "tagged@example.com", "displayName", "Tagged", "tags", List.of("math", "engines")));
		assertThat(created.tags()).containsExactly("engines", "math");
		changeDisplayNameBehindTheCache(created.id());
		this.client.get()
			.uri("/profiles/{id}", created.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(ProfileResponse.class)
			.isEqualTo(created);
		update(created.id(), Map.of("tags", List.of("poetry"), "version", 0));
		this.client.get()
			.uri("/profiles?email={email}", "tagged@example.com")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tags")
			.isEqualTo(List.of("poetry"))
			.jsonPath("$.version")
			.isEqualTo(1);
		this.redis.delete(cacheKey(created.id()));
		this.client.get().uri("/profiles/{id}", created.id()).exchange().expectStatus().isOk();
		assertThat(this.redis.opsForValue().get(cacheKey(created.id()))).contains("\"@kind\":\"entity\"",
				"\"version\":1");
		this.client.post()
			.uri("/profiles")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", "blank-tag@example.com", "displayName", "Blank", "tags", List.of(" ")))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("tags[0]");
	}

	@Test
	void readByEmailAnswersTheProfileFromTheCacheAndNothingOnceItIsDeleted() {
		ProfileResponse created = create("by-email@example.com", "By email");
		for (int i = 0; i < 3; i++) {
			this.client.get()
				.uri("/profiles?email={email}", "by-email@example.com")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(ProfileResponse.class)
				.isEqualTo(created);
		}
		assertThat(this.redis.opsForValue().get(keyPrefix + ":profiles#email:by-email@example.com"))
			.isEqualTo(String.valueOf(created.id()));
		changeDisplayNameBehindTheCache(created.id());
		this.client.get()
			.uri("/profiles?email={email}", "by-email@example.com")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.displayName")
			.isEqualTo("By email");
		this.client.delete().uri("/profiles/{id}", created.id()).exchange().expectStatus().isNoContent();
		this.client.get().uri("/profiles?email={email}", "by-email@example.com").exchange().expectStatus().isNotFound();
	}

	@Test
	void readIsServedFromTheCache() {
		ProfileResponse created = create("cached@example.com", "Cached");
		changeDisplayNameBehindTheCache(created.id());
		this.client.get()
			.uri("/profiles/{id}", created.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.displayName")
			.isEqualTo("Cached");
	}

	@Test
	void repeatedReadsAreAnsweredByTheNearTierAndAnUpdateIsReadAtOnce() {
		ProfileResponse created = create("near@example.com", "Near");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			this.client.get().uri("/profiles/{id}", created.id()).exchange().expectStatus().isOk();
			assertThat(nearHits()).isPositive();
		});
		this.client.put()
			.uri("/profiles/{id}", created.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("displayName", "Near, renamed"))
			.exchange()
			.expectStatus()
			.isOk();
		this.client.get()
			.uri("/profiles/{id}", created.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.displayName")
			.isEqualTo("Near, renamed");
	}

	private double nearHits() {
		JsonNode metric = this.jsonMapper.readTree(this.client.get()
			.uri("/actuator/metrics/writethrough.near.gets?tag=cache:profiles&tag=result:hit")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		return metric.get("measurements").get(0).get("value").asDouble();
	}

	@Test
	void readOfUnknownProfileIsNotFound() {
		this.client.get()
			.uri("/profiles/{id}", Long.MAX_VALUE)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.json("""
					{"status": 404, "title": "Not Found", "detail": "No profile with id %d"}
					""".formatted(Long.MAX_VALUE));
	}

	@Test
	void updateChangesTheGivenPropertiesOnlyAndIncrementsTheVersion() {
		ProfileResponse created = create("update@example.com", "Before", "Unchanged bio");
		ProfileResponse updated = this.client.put()
			.uri("/profiles/{id}", created.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("displayName", "After"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(ProfileResponse.class)
			.returnResult()
			.getResponseBody();
		assertThat(updated).isNotNull();
		assertThat(updated.id()).isEqualTo(created.id());
		assertThat(updated.version()).isOne();
		assertThat(updated.displayName()).isEqualTo("After");
		assertThat(updated.bio()).isEqualTo("Unchanged bio");
		assertThat(updated.email()).isEqualTo("update@example.com");
		assertThat(updated.updatedAt()).isAfter(created.updatedAt());
		assertThat(row(created.id())).containsEntry("display_name", "After")
			.containsEntry("bio", "Unchanged bio")
			.containsEntry("version", 1L);
		JsonNode cached = cachedState(created.id());
		assertThat(cached.get("version").asLong()).isOne();
		assertThat(cached.get("displayName").asString()).isEqualTo("After");
		this.client.get()
			.uri("/profiles/{id}", created.id())
			.exchange()
			.expectBody(ProfileResponse.class)
			.isEqualTo(updated);
	}

	@Test
	void updateWithTheCurrentVersionSucceeds() {
		ProfileResponse created = create("current@example.com", "Current");
		this.client.put()
			.uri("/profiles/{id}", created.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("bio", "New bio", "version", 0))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.version")
			.isEqualTo(1)
			.jsonPath("$.bio")
			.isEqualTo("New bio");
	}

	@Test
	void updateWithAStaleVersionIsConflictAndWritesNothing() {
		ProfileResponse created = create("stale@example.com", "First");
		update(created.id(), Map.of("displayName", "Second"));
		assertWritesNothing(() -> this.client.put()
			.uri("/profiles/{id}", created.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("displayName", "Lost update", "version", 0))
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.json("""
					{"status": 409, "instance": "/profiles/%d", "errors": [{"field": "version"}]}
					""".formatted(created.id())));
		assertThat(row(created.id())).containsEntry("display_name", "Second").containsEntry("version", 1L);
	}

	@Test
	void updateOfUnknownProfileIsNotFound() {
		this.client.put()
			.uri("/profiles/{id}", Long.MAX_VALUE)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("displayName", "Nobody"))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void deleteRemovesTheProfileFromDatabaseAndCache() {
		ProfileResponse created = create("delete@example.com", "Deleted");
		this.client.delete().uri("/profiles/{id}", created.id()).exchange().expectStatus().isNoContent();
		assertThat(this.jdbc.sql("select count(*) from profiles where id = ?")
			.param(created.id())
			.query(Long.class)
			.single()).isZero();
		assertThat(this.redis.opsForValue().get(cacheKey(created.id()))).satisfiesAnyOf(
				(entry) -> assertThat(entry).isNull(), (entry) -> assertThat(entry).doesNotContain("Deleted"));
		this.client.get().uri("/profiles/{id}", created.id()).exchange().expectStatus().isNotFound();
		this.client.delete().uri("/profiles/{id}", created.id()).exchange().expectStatus().isNotFound();
	}

	@Test
	void createWithTheEmailOfAnotherProfileIsConflictNamingTheEmail() {
		create("taken@example.com", "First");
		assertWritesNothing(() -> this.client.post()
			.uri("/profiles")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", "taken@example.com", "displayName", "Second"))
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.json("""
					{"status": 409, "title": "Conflict", "instance": "/profiles",
					 "errors": [{"field": "email", "message": "is already taken"}]}
					"""));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void createWithInvalidBodyIsBadRequestNamingTheField(String description, String body, String field,
			String message) {
		assertWritesNothing(() -> this.client.post()
			.uri("/profiles")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.json("""
					{"status": 400, "title": "Bad Request", "instance": "/profiles",
					 "errors": [{"field": "%s", "message": "%s"}]}
					""".formatted(field, message)));
	}

	static Stream<Arguments> createWithInvalidBodyIsBadRequestNamingTheField() {
		return Stream.of(Arguments.of("missing email", """
				{"displayName": "Ada"}""", "email", "must not be blank"), Arguments.of("blank email", """
				{"email": "", "displayName": "Ada"}""", "email", "must not be blank"),
				Arguments.of("malformed email", """
						{"email": "not-an-email", "displayName": "Ada"}""", "email",
						"must be a well-formed email address"),
				Arguments.of("missing display name", """
						{"email": "ada@example.com"}""", "displayName", "must not be blank"),
				Arguments.of("blank display name", """
						{"email": "ada@example.com", "displayName": ""}""", "displayName", "must not be blank"),
				Arguments.of("bio of 2001 characters", """
						{"email": "ada@example.com", "displayName": "Ada", "bio": "%s"}""".formatted(LONG_BIO), "bio",
						"size must be between 0 and 2000"),
				Arguments.of("email of the wrong JSON type", """
						{"email": {"address": "ada@example.com"}, "displayName": "Ada"}""", "email",
						"must be of type String"),
				Arguments.of("NUL in the display name", """
						{"email": "ada@example.com", "displayName": "A\\u0000da"}""", "displayName",
						"must not contain NUL or unpaired surrogate characters"),
				Arguments.of("unpaired surrogate in the bio", """
						{"email": "ada@example.com", "displayName": "Ada", "bio": "a\\ud800b"}""", "bio",
						"must not contain NUL or unpaired surrogate characters"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void updateWithInvalidBodyIsBadRequestNamingTheField(String description, String body, String field,
			String message) {
		ProfileResponse created = create(description.replace(' ', '-') + "@example.com", "Valid");
		assertWritesNothing(() -> this.client.put()
			.uri("/profiles/{id}", created.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.json("""
					{"status": 400, "errors": [{"field": "%s", "message": "%s"}]}
					""".formatted(field, message)));
	}

	static Stream<Arguments> updateWithInvalidBodyIsBadRequestNamingTheField() {
		return Stream.of(Arguments.of("blank display name", """
				{"displayName": "  "}""", "displayName", "must not be blank"),
				Arguments.of("bio of 2001 characters", """
						{"bio": "%s"}""".formatted(LONG_BIO), "bio", "size must be between 0 and 2000"),
				Arguments.of("non-numeric version", """
						{"displayName": "Ada", "version": "latest"}""", "version", "must be of type Long"));
	}

	@ParameterizedTest
	@MethodSource
	void unreadableJsonIsBadRequest(HttpMethod method, String uri) {
		ProfileResponse created = create(method.name().toLowerCase() + "-unreadable@example.com", "Valid");
		assertWritesNothing(() -> this.client.method(method)
			.uri(uri, created.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"displayName\": ")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.json("""
					{"status": 400, "detail": "Failed to read request"}
					"""));
	}

	static Stream<Arguments> unreadableJsonIsBadRequest() {
		return Stream.of(Arguments.of(HttpMethod.POST, "/profiles"), Arguments.of(HttpMethod.PUT, "/profiles/{id}"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0x1", "+1", "1,000", "1e3" })
	void idOtherThanPlainDecimalIsBadRequestNamingTheId(String id) {
		this.client.get().uri("/profiles/" + id).exchange().expectStatus().isBadRequest().expectBody().json("""
				{"status": 400, "errors": [{"field": "id", "message": "must be of type long"}]}
				""");
	}

	@Test
	void emojiInTextIsStoredAndCachedAsSent() {
		ProfileResponse created = create("emoji@example.com", "Ada \uD83D\uDE00");
		assertThat(created.displayName()).isEqualTo("Ada \uD83D\uDE00");
		this.client.get()
			.uri("/profiles/{id}", created.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(ProfileResponse.class)
			.value((read) -> assertThat(read.displayName()).isEqualTo("Ada \uD83D\uDE00"));
	}

	@ParameterizedTest
	@MethodSource
	void nonNumericIdIsBadRequestNamingTheId(HttpMethod method) {
		RestTestClient.RequestHeadersSpec<?> request = (method != HttpMethod.PUT)
				? this.client.method(method).uri("/profiles/ada")
				: this.client.put()
					.uri("/profiles/ada")
					.contentType(MediaType.APPLICATION_JSON)
					.body(Map.of("displayName", "Ada"));
		assertWritesNothing(() -> request.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.json("""
					{"status": 400, "instance": "/profiles/ada", "errors": [{"field": "id", "message": "must be of type long"}]}
					"""));
	}

	static Stream<HttpMethod> nonNumericIdIsBadRequestNamingTheId() {
		return Stream.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE);
	}

	private ProfileResponse create(String email, String displayName) {
		return create(email, displayName, null);
	}

	private ProfileResponse create(String email, String displayName, String bio) {
		return create((bio != null) ? Map.of("email", email, "displayName", displayName, "bio", bio)
				: Map.of("email", email, "displayName", displayName));
	}

	private ProfileResponse create(Map<String, Object> body) {
		ProfileResponse profile = this.client.post()
			.uri("/profiles")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(ProfileResponse.class)
			.returnResult()
			.getResponseBody();
		assertThat(profile).isNotNull();
		return profile;
	}

	private void update(Long id, Map<String, Object> body) {
		this.client.put()
			.uri("/profiles/{id}", id)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isOk();
	}

	private void changeDisplayNameBehindTheCache(Long id) {
		this.jdbc.sql("update profiles set display_name = 'Changed behind the cache' where id = ?").param(id).update();
	}

	private Map<String, Object> row(Long id) {
		return this.jdbc.sql("select * from profiles where id = ?").param(id).query().singleRow();
	}

	private String cacheKey(Long id) {
		return keyPrefix + ":profiles:" + id;
	}

	/**
	 * Return the state the cache entry of a profile holds for this application's shape of
	 * the entity.
	 */
	private JsonNode cachedState(Long id) {
		String entry = this.redis.opsForValue().get(cacheKey(id));
		assertThat(entry).as("cache entry of profile %d", id).isNotNull();
		return this.jsonMapper.readTree(entry).get("@shapes").get(this.caches.get("profiles").shape());
	}

	private void assertWritesNothing(Runnable request) {
		Contents before = contents();
		request.run();
		assertThat(contents()).isEqualTo(before);
	}

	/**
	 * Take the rows of the table and the entries of the cache.
	 */
	private Contents contents() {
		List<Map<String, Object>> rows = this.jdbc.sql("select * from profiles order by id").query().listOfRows();
		Map<String, String> entries = new TreeMap<>();
		try (Cursor<String> keys = this.redis.scan(ScanOptions.scanOptions().match(keyPrefix + ":*").build())) {
			keys.forEachRemaining((key) -> entries.put(key, this.redis.opsForValue().get(key)));
		}
		return new Contents(rows, entries);
	}

	private record Contents(List<Map<String, Object>> rows, Map<String, String> cacheEntries) {

	}

}
