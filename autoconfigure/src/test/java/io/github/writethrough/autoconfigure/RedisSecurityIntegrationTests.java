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

package io.github.writethrough.autoconfigure;

import io.github.writethrough.autoconfigure.WriteThroughAutoConfigurationIntegrationTests.NotesConfiguration;
import io.github.writethrough.cache.CacheOperations;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.EntityCaches;
import io.github.writethrough.operations.ConsistencyAuditor;
import io.github.writethrough.store.EntryStore;
import io.github.writethrough.store.RedisFailure;
import io.github.writethrough.test.TestSchema;
import io.github.writethrough.test.TestServers;
import io.github.writethrough.testapp.Note;
import io.github.writethrough.testapp.NoteRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The starter over TLS with an ACL user, set up as docs/security.md says, against a
 * {@code redis-server} of this machine.
 *
 * @author Write-Through contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisSecurityIntegrationTests {

	/**
	 * The ACL rules docs/security.md gives, for the key prefix of these tests.
	 */
	private static final String DOCUMENTED_RULES = "~wt-secure:* "
			+ "+get +set +del +incr +time +strlen +getrange +pttl +eval +evalsha +scan +ping +info";

	private static TestSchema schema;

	private static TlsRedis redis;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				TransactionAutoConfiguration.class, DataJpaRepositoriesAutoConfiguration.class,
				SslAutoConfiguration.class, DataRedisAutoConfiguration.class, WriteThroughAutoConfiguration.class))
		.withUserConfiguration(NotesConfiguration.class)
		.withPropertyValues(schema.springProperties().and("spring.jpa.hibernate.ddl-auto", "create").toArray())
		.withPropertyValues("spring.data.redis.host=" + TlsRedis.LOOPBACK, "spring.data.redis.port=" + redis.port(),
				"spring.data.redis.ssl.enabled=true", "spring.data.redis.username=cache",
				"spring.data.redis.password=secret", "write-through.key-prefix=wt-secure");

	@BeforeAll
	static void startServers() throws Exception {
		assumeTrue(TlsRedis.isAvailable(), "needs redis-server and openssl on the PATH");
		redis = TlsRedis.start(DOCUMENTED_RULES);
		schema = TestServers.postgres().createSchema("wt_RedisSecurityIntegrationTests");
	}

	@AfterAll
	static void stopServers() {
		if (redis != null) {
			redis.close();
		}
		if (schema != null) {
			schema.drop();
		}
	}

	@Test
	void cachesOverTlsTrustingAnSslBundleWithAnAclUserOfTheDocumentedCommands(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("spring.ssl.bundle.pem.redis.truststore.certificate=file:" + redis.caCertificate(),
					"spring.data.redis.ssl.bundle=redis", "write-through.audit.enabled=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				NoteRepository notes = context.getBean(NoteRepository.class);
				StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
				EntityCache cache = context.getBean(EntityCaches.class).get("note");
				CacheOperations operations = context.getBean(CacheOperations.class);
				notes.save(new Note("tls", "over TLS"));
				assertThat(template.opsForValue().get("wt-secure:note:tls")).contains("\"text\":\"over TLS\"");
				assertThat(notes.findById("tls")).get().extracting(Note::getText).isEqualTo("over TLS");
				assertThat(cache.statistics().hits()).isOne();
				assertThat(operations.inspect(cache, "tls", notes.findById("tls").orElseThrow()).consistent()).isTrue();
				assertThat(context.getBean(ConsistencyAuditor.class).auditNextPage(cache, 10)).isOne();
				assertThat(operations.evict(cache, "tls")).isTrue();
				operations.invalidate(cache);
				notes.delete(notes.findById("tls").orElseThrow());
				assertThat(template.opsForValue().get("wt-secure:note:tls")).contains("\"@kind\":\"deleted\"");
				EntryStore store = context.getBean(EntryStore.class);
				assertThat(store.lastFailure()).isNull();
				assertThat(store.isAvailable()).isTrue();
				assertThat(output).doesNotContain("NOPERM");
			});
	}

	@Test
	void certificateThatDoesNotVerifyIsNamedAtStartupWithWhatToChange(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			RedisFailure failure = context.getBean(EntryStore.class).lastFailure();
			assertThat(failure).isNotNull();
			assertThat(failure.description()).startsWith("TLS handshake with Redis failed")
				.contains("unable to find valid certification path");
			assertThat(failure.action()).contains("spring.data.redis.ssl.bundle");
			assertThat(output.getAll().split("TLS handshake with Redis failed", -1)).hasSize(2);
		});
	}

}
