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
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.hibernate.Hibernate;
import org.hibernate.LazyInitializationException;

/**
 * Renders what a caller can observe of an author, walking its associations in a fixed
 * order: attribute values, which associations are loaded, their contents or the exception
 * reading them throws.
 */
final class AuthorView {

	private AuthorView() {
	}

	static String of(Optional<Author> author) {
		return author.map(AuthorView::of).orElse("none");
	}

	static String of(Author author) {
		List<String> parts = new ArrayList<>();
		parts.add("id=" + author.getId());
		parts.add("version=" + author.getVersion());
		parts.add("name=" + author.getName());
		parts.add("email=" + author.getEmail());
		parts.add("postLoaded=" + author.isPostLoaded());
		parts.add("country=" + read(author.getCountry(), (country) -> (country != null) ? country.getName() : null));
		parts.add("bio=" + read(author.getBio(), (bio) -> (bio != null) ? bio.getText() : null));
		parts.add("genres=" + collection(author.getGenres(), (genre) -> genre.getName()));
		parts.add("books=" + collection(author.getBooks(), (book) -> book.getTitle()));
		parts.add("tags=" + collection(author.getTags(), (tag) -> tag));
		return String.join(", ", parts);
	}

	private static <T> String read(T value, Function<T, Object> reader) {
		String loaded = Hibernate.isInitialized(value) ? "loaded " : "lazy ";
		try {
			return loaded + reader.apply(value);
		}
		catch (LazyInitializationException ex) {
			return loaded + "LazyInitializationException";
		}
	}

	private static <T> String collection(Collection<T> values, Function<T, Object> reader) {
		String loaded = Hibernate.isInitialized(values) ? "loaded " : "lazy ";
		try {
			return loaded + values.stream().map(reader).map(String::valueOf).sorted().toList();
		}
		catch (LazyInitializationException ex) {
			return loaded + "LazyInitializationException";
		}
	}

}
