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

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.springframework.util.FileSystemUtils;

/**
 * Temporary folders of servers that tests start as processes of their own, marked with
 * the JVM that owns them, so that the servers of a JVM that was killed before it could
 * stop them are stopped and removed by the next one.
 *
 * @author Write-Through contributors
 */
final class ServerDirectories {

	private static final String OWNER_FILE = "owner.pid";

	/**
	 * File of a folder that lists the process ids of its servers, one per line.
	 */
	static final String PIDS_FILE = "servers.pid";

	private ServerDirectories() {
	}

	/**
	 * Stop the servers of folders with a prefix whose JVM no longer runs, and remove
	 * those folders.
	 * @param prefix the start of the folders' names
	 * @throws IOException when a folder could not be read
	 */
	static void removeAbandoned(String prefix) throws IOException {
		Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
		try (DirectoryStream<Path> directories = Files.newDirectoryStream(temporary, prefix + "*")) {
			for (Path directory : directories) {
				Path owner = directory.resolve(OWNER_FILE);
				if (Files.isReadable(owner) && !isAlive(Files.readString(owner))) {
					for (long pid : pids(directory)) {
						ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
					}
					FileSystemUtils.deleteRecursively(directory);
				}
			}
		}
	}

	/**
	 * Mark a folder as owned by this JVM.
	 * @param directory the folder
	 * @throws IOException when it could not be marked
	 */
	static void claim(Path directory) throws IOException {
		Files.writeString(directory.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
	}

	/**
	 * Record the process of a server started in a folder.
	 * @param directory the folder
	 * @param process the server's process
	 * @throws IOException when it could not be recorded
	 */
	static void record(Path directory, Process process) throws IOException {
		Files.writeString(directory.resolve(PIDS_FILE), process.pid() + "\n", StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
	}

	private static List<Long> pids(Path directory) throws IOException {
		List<Long> pids = new ArrayList<>();
		Path listed = directory.resolve(PIDS_FILE);
		if (Files.isReadable(listed)) {
			for (String line : Files.readAllLines(listed)) {
				if (!line.isBlank()) {
					pids.add(Long.parseLong(line.trim()));
				}
			}
		}
		Path postmaster = directory.resolve("data").resolve("postmaster.pid");
		if (Files.isReadable(postmaster)) {
			pids.add(Long.parseLong(Files.readAllLines(postmaster).get(0).trim()));
		}
		return pids;
	}

	private static boolean isAlive(String pid) {
		return ProcessHandle.of(Long.parseLong(pid.trim())).map(ProcessHandle::isAlive).orElse(false);
	}

}
