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

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private copy of the class path for the JMH forks. Others build the library while
 * benchmarks run; without a copy, a fork could start on half-compiled classes or on a
 * newer library than the forks before it.
 *
 * @author Write-Through contributors
 */
final class ClasspathSnapshot implements AutoCloseable {

	private final Path directory;

	private ClasspathSnapshot(Path directory) {
		this.directory = directory;
	}

	/**
	 * Copy every entry of {@code java.class.path} and point {@code java.class.path},
	 * which JMH hands to its forks, at the copies.
	 * @return the snapshot
	 */
	static ClasspathSnapshot take() {
		try {
			Path directory = Files.createTempDirectory("write-through-benchmarks-");
			List<String> copies = new ArrayList<>();
			String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
			for (int i = 0; i < entries.length; i++) {
				Path source = Path.of(entries[i]);
				if (Files.exists(source)) {
					Path target = directory.resolve(i + "-" + source.getFileName());
					copy(source, target);
					copies.add(target.toString());
				}
			}
			System.setProperty("java.class.path", String.join(File.pathSeparator, copies));
			return new ClasspathSnapshot(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot copy the class path", ex);
		}
	}

	private static void copy(Path source, Path target) throws IOException {
		if (!Files.isDirectory(source)) {
			Files.copy(source, target);
			return;
		}
		try (Stream<Path> paths = Files.walk(source)) {
			for (Path path : (Iterable<Path>) paths::iterator) {
				Path copy = target.resolve(source.relativize(path).toString());
				if (Files.isDirectory(path)) {
					Files.createDirectories(copy);
				}
				else {
					Files.copy(path, copy);
				}
			}
		}
	}

	@Override
	public void close() throws IOException {
		try (Stream<Path> paths = Files.walk(this.directory)) {
			for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
				Files.delete(path);
			}
		}
	}

}
