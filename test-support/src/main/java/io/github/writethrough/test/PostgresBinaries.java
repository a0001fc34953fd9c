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

package io.github.writethrough.test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL server programs of this machine for one major version: the folder that
 * holds {@code pg_ctl} and {@code postgres}, and {@code pg_basebackup} where it was
 * installed with them.
 *
 * @param directory the folder of the programs
 * @param user the user that runs them, or {@code null} for the user of the tests; root
 * runs them in a user namespace of its own, since PostgreSQL refuses to run as root
 * @author Write-Through contributors
 */
record PostgresBinaries(Path directory, @Nullable String user) {

	private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");

	/**
	 * Find {@code pg_basebackup} and {@code pg_ctl} of a major version: in the folders
	 * where Debian, Red Hat and Homebrew install them, then on the {@code PATH}. They run
	 * as the {@code postgres} user when the tests run as root, which PostgreSQL refuses.
	 * @param major the major version of the server
	 * @return the programs, or empty when this machine has none of that version
	 */
	static Optional<PostgresBinaries> find(int major) {
		List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/lib/postgresql/" + major + "/bin"),
				Path.of("/usr/pgsql-" + major + "/bin"), Path.of("/opt/homebrew/opt/postgresql@" + major + "/bin"),
				Path.of("/usr/local/opt/postgresql@" + major + "/bin")));
		String path = System.getenv("PATH");
		if (path != null) {
			for (String entry : path.split(File.pathSeparator)) {
				try {
					candidates.add(Path.of(entry));
				}
				catch (InvalidPathException ex) {
					// not a folder of programs
				}
			}
		}
		return candidates.stream()
			.filter((candidate) -> Files.isExecutable(candidate.resolve("pg_basebackup"))
					&& Files.isExecutable(candidate.resolve("pg_ctl")))
			.map((candidate) -> new PostgresBinaries(candidate, runsAsRoot() ? "postgres" : null))
			.filter((binaries) -> binaries.majorVersion() == major)
			.findFirst();
	}

	/**
	 * Run a program of this folder and wait for it.
	 * @param program the program's name
	 * @param arguments its arguments
	 * @return what it printed, standard error included
	 * @throws IOException when it could not run or did not end with status 0
	 */
	String run(String program, String... arguments) throws IOException {
		return run(Map.of(), program, arguments);
	}

	/**
	 * Run a program of this folder with environment variables of its own, and wait for
	 * it.
	 * @param environment the variables, for example {@code PGPASSWORD}
	 * @param program the program's name
	 * @param arguments its arguments
	 * @return what it printed, standard error included
	 * @throws IOException when it could not run or did not end with status 0
	 */
	String run(Map<String, String> environment, String program, String... arguments) throws IOException {
		List<String> command = new ArrayList<>();
		if (this.user != null && !this.user.equals(System.getProperty("user.name"))) {
			command.addAll(List.of("runuser", "-u", this.user, "--"));
		}
		else if (runsAsRoot()) {
			// in a user namespace of its own, as the embedded PostgreSQL does: root there
			// is not root
			command.addAll(List.of("unshare", "-U"));
		}
		command.add(this.directory.resolve(program).toString());
		command.addAll(List.of(arguments));
		Path output = Files.createTempFile("wt-postgres", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
		builder.environment().putAll(environment);
		Process process = builder.start();
		try {
			boolean ended = process.waitFor(60, TimeUnit.SECONDS);
			String printed = Files.readString(output, StandardCharsets.UTF_8);
			if (!ended || process.exitValue() != 0) {
				throw new IOException(
						String.join(" ", command) + (ended ? " failed: " : " did not end: ") + printed.trim());
			}
			return printed;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while running " + program, ex);
		}
		finally {
			if (process.isAlive()) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
			}
			Files.deleteIfExists(output);
		}
	}

	/**
	 * Make a folder of the tests' own that the programs can use as their data folder.
	 * @param prefix the start of its name
	 * @return the folder
	 * @throws IOException when it could not be made
	 */
	Path createDirectory(String prefix) throws IOException {
		Path directory = Files.createTempDirectory(prefix);
		own(directory);
		return directory;
	}

	/**
	 * Write a file that the programs may read and change.
	 * @param file the file
	 * @param content its content
	 * @throws IOException when it could not be written
	 */
	void writeFile(Path file, String content) throws IOException {
		Files.writeString(file, content);
		own(file);
	}

	/**
	 * Give a file or folder to the user that runs the programs.
	 * @param path the file or folder
	 * @throws IOException when its owner could not be changed
	 */
	void own(Path path) throws IOException {
		if (this.user != null && !this.user.equals(System.getProperty("user.name"))) {
			Files.setOwner(path, path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(this.user));
		}
	}

	private int majorVersion() {
		try {
			Matcher matcher = VERSION.matcher(run("pg_basebackup", "--version"));
			return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
		}
		catch (IOException ex) {
			return -1;
		}
	}

	private static boolean runsAsRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

}
