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
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * A base backup made without {@code pg_basebackup}, for servers whose programs do not
 * include it (the embedded PostgreSQL): the files of the server's data folder, copied
 * between {@code pg_backup_start} and {@code pg_backup_stop}, with the backup label the
 * server gives. The copy replays the log from the backup's start, which it streams from
 * the server.
 *
 * @author Write-Through contributors
 */
final class DataDirectoryCopy {

	private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts", "backup_label",
			"tablespace_map", "standby.signal", "recovery.signal");

	private static final Set<String> EMPTIED_FOLDERS = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem",
			"pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans");

	private DataDirectoryCopy() {
	}

	/**
	 * Copy the data folder of a server of version 15 or later while it runs.
	 * @param connection a connection to the server, as a superuser
	 * @param source the server's data folder
	 * @param target the folder to make, which must not exist
	 * @param binaries the programs that will run the copy, whose user gets its files
	 * @throws SQLException when the server refuses the backup
	 * @throws IOException when a file could not be copied
	 */
	static void copy(Connection connection, Path source, Path target, PostgresBinaries binaries)
			throws SQLException, IOException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("select pg_backup_start('write-through test replica', true)");
			copyFiles(source, target, binaries);
			try (ResultSet result = statement.executeQuery("select labelfile from pg_backup_stop(false)")) {
				result.next();
				binaries.writeFile(target.resolve("backup_label"), result.getString(1));
			}
		}
		Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
	}

	private static void copyFiles(Path source, Path target, PostgresBinaries binaries) throws IOException {
		Files.walkFileTree(source, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
					throws IOException {
				Path copy = target.resolve(source.relativize(directory).toString());
				Files.createDirectories(copy);
				binaries.own(copy);
				boolean emptied = EMPTIED_FOLDERS.contains(directory.getFileName().toString())
						&& directory.getParent().equals(source);
				return emptied ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
				if (!SKIPPED_FILES.contains(file.getFileName().toString())) {
					Path copy = target.resolve(source.relativize(file).toString());
					try {
						Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
						binaries.own(copy);
					}
					catch (NoSuchFileException ex) {
						// removed by the server while it was copied: the log replays it
					}
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFileFailed(Path file, IOException ex) throws IOException {
				if (ex instanceof NoSuchFileException) {
					return FileVisitResult.CONTINUE;
				}
				throw ex;
			}

		});
	}

}
