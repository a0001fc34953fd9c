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

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Version;

/**
 * An order with ten lines, for the domain model benchmark.
 *
 * @author Write-Through contributors
 */
@Entity
public class PurchaseOrder {

	@Id
	private Long id;

	@Version
	private Long version;

	@Column(unique = true)
	private String email;

	private String status;

	@OneToMany(mappedBy = "order")
	@OrderBy("id")
	private List<OrderLine> lines = new ArrayList<>();

	protected PurchaseOrder() {
	}

	public Long getId() {
		return this.id;
	}

	public String getEmail() {
		return this.email;
	}

	public List<OrderLine> getLines() {
		return this.lines;
	}

}
