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

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OneToOne;
import jakarta.persistence.OrderBy;
import jakarta.persistence.PostLoad;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;

@Entity
public class Author {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Version
	private Long version;

	private String name;

	@Column(unique = true)
	private String email;

	@ManyToOne
	private Country country;

	@OneToOne(mappedBy = "author")
	private AuthorBio bio;

	@ManyToMany
	private Set<Genre> genres = new LinkedHashSet<>();

	@OneToMany(mappedBy = "author")
	@OrderBy("id")
	private List<Book> books = new ArrayList<>();

	@ElementCollection
	private Set<String> tags = new LinkedHashSet<>();

	@Transient
	private boolean postLoaded;

	protected Author() {
	}

	public Author(String name, String email, Country country) {
		this.name = name;
		this.email = email;
		this.country = country;
	}

	@PostLoad
	void postLoad() {
		this.postLoaded = true;
	}

	public Long getId() {
		return this.id;
	}

	public Long getVersion() {
		return this.version;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public String getEmail() {
		return this.email;
	}

	public void setEmail(String email) {
		this.email = email;
	}

	public Country getCountry() {
		return this.country;
	}

	public void setCountry(Country country) {
		this.country = country;
	}

	public AuthorBio getBio() {
		return this.bio;
	}

	public Set<Genre> getGenres() {
		return this.genres;
	}

	public List<Book> getBooks() {
		return this.books;
	}

	public Set<String> getTags() {
		return this.tags;
	}

	public boolean isPostLoaded() {
		return this.postLoaded;
	}

}
