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

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes the rows the domain model tests read, through the plain repositories.
 */
@Component
public class DomainFixtures {

	private final PlainAuthorRepository authors;

	private final BookRepository books;

	private final GenreRepository genres;

	private final CountryRepository countries;

	private final AuthorBioRepository bios;

	private final JdbcTemplate jdbc;

	DomainFixtures(PlainAuthorRepository authors, BookRepository books, GenreRepository genres,
			CountryRepository countries, AuthorBioRepository bios, JdbcTemplate jdbc) {
		this.authors = authors;
		this.books = books;
		this.genres = genres;
		this.countries = countries;
		this.bios = bios;
		this.jdbc = jdbc;
	}

	/**
	 * Save an author with genres, books, tags and a biography.
	 * @param email the author's email
	 * @param genreNames the names of the author's genres, created
	 * @param bookCount how many books the author wrote
	 * @return the author's id
	 */
	@Transactional
	public Long author(String email, List<String> genreNames, int bookCount) {
		Country country = this.countries.findById("GB").orElseGet(() -> this.countries.save(new Country("GB", "UK")));
		Author author = new Author(email.substring(0, email.indexOf('@')), email, country);
		genreNames.forEach((name) -> author.getGenres().add(this.genres.save(new Genre(name))));
		author.getTags().add("tag-of-" + author.getName());
		this.authors.save(author);
		for (int i = 0; i < bookCount; i++) {
			this.books.save(new Book(author.getName() + " " + i, author));
		}
		this.bios.save(new AuthorBio("About " + author.getName(), author));
		return author.getId();
	}

	/**
	 * Move the first book of an author to another.
	 * @param from the author who loses the book
	 * @param to the author who gains it
	 */
	@Transactional
	public void moveFirstBook(Long from, Long to) {
		if (!moveFirstBookIfAny(from, to)) {
			throw new IllegalStateException("Author " + from + " has no book");
		}
	}

	/**
	 * Move the first book of an author, if it has one, to another.
	 * @param from the author who loses the book
	 * @param to the author who gains it
	 * @return whether a book moved
	 */
	@Transactional
	public boolean moveFirstBookIfAny(Long from, Long to) {
		Author target = this.authors.getReferenceById(to);
		return this.books.findAll()
			.stream()
			.filter((book) -> book.getAuthor().getId().equals(from))
			.findFirst()
			.map((book) -> {
				book.setAuthor(target);
				return true;
			})
			.orElse(false);
	}

	/**
	 * Delete an author, with its biography and books (which no cache holds) by SQL.
	 * @param id the author's id
	 */
	public void delete(Long id) {
		this.jdbc.update("delete from author_bio where author_id = ?", id);
		this.jdbc.update("delete from book where author_id = ?", id);
		this.authors.deleteById(id);
	}

	/**
	 * Delete every row of the domain model.
	 */
	public void deleteAll() {
		this.jdbc
			.execute("truncate table author_bio, book, author_genres, author_tags, author, genre, country cascade");
	}

}
