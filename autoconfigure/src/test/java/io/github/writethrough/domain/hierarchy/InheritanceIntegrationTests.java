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

package io.github.writethrough.domain.hierarchy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.Hibernate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.writethrough.IntegrationServers;
import io.github.writethrough.domain.DomainApplication;
import io.github.writethrough.domain.ReadContext;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Caches of inheritance hierarchies ({@code SINGLE_TABLE}, {@code JOINED},
 * {@code TABLE_PER_CLASS}, with a {@code @MappedSuperclass}): every answer of the root's
 * and a subclass's cached repository equals the plain repository's.
 *
 * @author Write-Through contributors
 */
@DirtiesContext
@SpringBootTest(classes = DomainApplication.class, properties = "spring.jpa.open-in-view=false")
class InheritanceIntegrationTests {

	private static final IntegrationServers servers = IntegrationServers
		.forTestClass(InheritanceIntegrationTests.class);

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		servers.register(registry);
	}

	@Autowired
	private PaymentRepository payments;

	@Autowired
	private CardPaymentRepository cardPayments;

	@Autowired
	private BankPaymentRepository bankPayments;

	@Autowired
	private PlainPaymentRepository plainPayments;

	@Autowired
	private PlainCardPaymentRepository plainCardPayments;

	@Autowired
	private VehicleRepository vehicles;

	@Autowired
	private CarRepository cars;

	@Autowired
	private PlainVehicleRepository plainVehicles;

	@Autowired
	private PlainCarRepository plainCars;

	@Autowired
	private DocumentRepository documents;

	@Autowired
	private InvoiceRepository invoices;

	@Autowired
	private PlainDocumentRepository plainDocuments;

	@Autowired
	private PlainInvoiceRepository plainInvoices;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private EntityManagerFactory entityManagerFactory;

	@Autowired
	private EntityManager entityManager;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@AfterAll
	static void dropSchema() {
		servers.close();
	}

	@AfterEach
	void cleanUp() {
		this.jdbc.execute("truncate table payment, car, truck, vehicle, invoice, receipt cascade");
		servers.deleteRedisKeys();
	}

	@Test
	void singleTableHierarchyIsOneCacheAndEachRepositoryAnswersAsThePlainOne() {
		Long card = this.plainPayments.save(new CardPayment(new BigDecimal("12.50"), "4111")).getId();
		Long bank = this.plainPayments.save(new BankPayment(new BigDecimal("99.00"), "DE89")).getId();
		List<Long> ids = List.of(card, bank);
		this.payments.findAllById(ids);
		assertThat(this.redis.opsForValue().get(servers.keyPrefix() + ":payment:" + card))
			.contains("\"@entity\":\"CardPayment\"", "\"cardNumber\":\"4111\"", "\"createdBy\":\"test\"");
		assertThat(this.redis.opsForValue().get(servers.keyPrefix() + ":payment:" + bank))
			.contains("\"@entity\":\"BankPayment\"");
		for (Long id : ids) {
			assertSame(() -> this.payments.findById(id), () -> this.plainPayments.findById(id));
			assertSame(() -> this.cardPayments.findById(id), () -> this.plainCardPayments.findById(id));
			assertThat(this.cardPayments.existsById(id)).isEqualTo(this.plainCardPayments.existsById(id));
		}
		assertSame(() -> this.cardPayments.findAllById(ids), () -> this.plainCardPayments.findAllById(ids));
		assertSame(() -> this.payments.findAllById(ids), () -> this.plainPayments.findAllById(ids));
		assertThat(this.bankPayments.findById(card)).isEmpty();
	}

	@Test
	void aSubclassRepositoryThatMissesASiblingDoesNotCacheItsAbsence() {
		Long bank = this.plainPayments.save(new BankPayment(new BigDecimal("99.00"), "DE89")).getId();
		assertThat(this.cardPayments.findById(bank)).isEmpty();
		assertThat(this.cardPayments.existsById(bank)).isFalse();
		assertThat(this.payments.findById(bank)).get().isInstanceOf(BankPayment.class);
		assertThat(this.payments.existsById(bank)).isTrue();
	}

	@Test
	void anUpdateThroughASubclassRepositoryReplacesTheHierarchysEntry() {
		CardPayment saved = this.cardPayments.save(new CardPayment(new BigDecimal("12.50"), "4111"));
		this.payments.findById(saved.getId());
		new TransactionTemplate(this.transactionManager).executeWithoutResult(
				(status) -> this.cardPayments.findById(saved.getId()).orElseThrow().setAmount(new BigDecimal("13.00")));
		assertThat(this.payments.findById(saved.getId())).get()
			.extracting(Payment::getAmount, Payment::getVersion)
			.containsExactly(new BigDecimal("13.00"), 1L);
	}

	@Test
	void joinedHierarchyWithAConcreteRootAnswersAsThePlainRepository() {
		Long vehicle = this.plainVehicles.save(new Vehicle("Bike")).getId();
		Long car = this.plainVehicles.save(new Car("Beetle", 2)).getId();
		Long truck = this.plainVehicles.save(new Truck("Actros", 40)).getId();
		List<Long> ids = List.of(vehicle, car, truck);
		this.vehicles.findAllById(ids);
		assertThat(this.redis.opsForValue().get(servers.keyPrefix() + ":vehicle:" + vehicle))
			.contains("\"@entity\":\"Vehicle\"");
		for (Long id : ids) {
			assertSame(() -> this.vehicles.findById(id), () -> this.plainVehicles.findById(id));
			assertSame(() -> this.cars.findById(id), () -> this.plainCars.findById(id));
		}
		new TransactionTemplate(this.transactionManager)
			.executeWithoutResult((status) -> this.cars.findById(car).orElseThrow().setDoors(4));
		assertSame(() -> this.vehicles.findById(car), () -> this.plainVehicles.findById(car));
		assertThat(this.cars.findById(car)).get().extracting(Car::getDoors).isEqualTo(4);
	}

	@Test
	void aRootRepositorysHitInASessionThatHoldsAProxyIsThatProxy() {
		Long car = this.plainVehicles.save(new Car("Beetle", 2)).getId();
		this.vehicles.findById(car);
		ReadContext.OPEN_SESSION_IN_VIEW.run(this.entityManagerFactory, this.transactionManager, () -> {
			Vehicle reference = this.entityManager.getReference(Vehicle.class, car);
			assertThat(this.vehicles.findById(car)).get().isSameAs(reference);
			return null;
		});
	}

	@Test
	void tablePerClassHierarchyAnswersAsThePlainRepository() {
		this.plainDocuments.save(new Invoice(1L, "March", "ACME"));
		this.plainDocuments.save(new Receipt(2L, "Coffee", "Corner"));
		List<Long> ids = List.of(1L, 2L);
		this.documents.findAllById(ids);
		for (Long id : ids) {
			assertSame(() -> this.documents.findById(id), () -> this.plainDocuments.findById(id));
			assertSame(() -> this.invoices.findById(id), () -> this.plainInvoices.findById(id));
		}
		assertThat(this.redis.opsForValue().get(servers.keyPrefix() + ":document:2"))
			.contains("\"@entity\":\"Receipt\"", "\"shop\":\"Corner\"");
	}

	private void assertSame(Supplier<Object> cached, Supplier<Object> plain) {
		TransactionTemplate readOnly = new TransactionTemplate(this.transactionManager);
		readOnly.setReadOnly(true);
		assertThat(render(cached.get())).isEqualTo(render(plain.get()));
		String cachedInTransaction = readOnly.execute((status) -> render(cached.get()));
		assertThat(cachedInTransaction).isEqualTo(readOnly.execute((status) -> render(plain.get())));
	}

	private static String render(Object result) {
		if (result instanceof Optional<?> optional) {
			return optional.map(InheritanceIntegrationTests::render).orElse("none");
		}
		if (result instanceof Iterable<?> entities) {
			List<String> rendered = new ArrayList<>();
			entities.forEach((entity) -> rendered.add(render(entity)));
			return rendered.stream().sorted().toList().toString();
		}
		Object entity = Hibernate.unproxy(result);
		List<String> fields = new ArrayList<>();
		for (Class<?> type = entity.getClass(); type != Object.class; type = type.getSuperclass()) {
			for (Field field : type.getDeclaredFields()) {
				if (!Modifier.isStatic(field.getModifiers())) {
					ReflectionUtils.makeAccessible(field);
					fields.add(field.getName() + "=" + ReflectionUtils.getField(field, entity));
				}
			}
		}
		return entity.getClass().getSimpleName() + fields;
	}

}
