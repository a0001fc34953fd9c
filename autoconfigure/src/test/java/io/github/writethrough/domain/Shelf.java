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

package io.github.writethrough.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.SecondaryTable;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;

@Entity
@SecondaryTable(name = "shelf_detail")
public class Shelf {

	@Id
	private Long id;

	@Version
	private Long version;

	private String name;

	@Column(table = "shelf_detail")
	private String location;

	@Transient
	private boolean postLoaded;

	protected Shelf() {
	}

	public Shelf(Long id, String name, String location) {
		this.id = id;
		this.name = name;
		this.location = location;
	}

	public Long getId() {
		return this.id;
	}

	public String getLocation() {
		return this.location;
	}

	public boolean isPostLoaded() {
		return this.postLoaded;
	}

	@PostLoad
	void postLoad() {
		this.postLoaded = true;
	}

}
