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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.util.FileSystemUtils;

/**
 * A Redis server of a test's own, on a free port, that the test can stop and start again.
 * It keeps its data in an append-only file, so what it held before a stop is there again
 * after the start, as with a production Redis that restarts.
 *
 * @author Write-Through contributors
 */
public final class StoppableRedis implements AutoCloseable {

	private final EmbeddedServers.EmbeddedRedis server;

	private final Path directory;

	private StoppableRedis(EmbeddedServers.EmbeddedRedis server, Path directory) {
		this.server = server;
		this.directory = directory;
	}

	/**
	 * Start a new server.
	 * @return the running server
	 */
	public static StoppableRedis start() {
		try {
			Path directory = Files.createTempDirectory("stoppable-redis");
			return new StoppableRedis(
					EmbeddedServers.startRedis(0, "appendonly yes", "appendfsync always", "dir " + directory),
					directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start a stoppable Redis", ex);
		}
	}

	/**
	 * Return the port the server listens on, also after a restart.
	 * @return the port
	 */
	public int port() {
		return this.server.port();
	}

	/**
	 * Stop the server; its data stays on disk.
	 */
	public void stop() {
		this.server.stop();
	}

	/**
	 * Start the server again on the same port with the data it had.
	 */
	public void restart() {
		this.server.restart();
	}

	@Override
	public void close() {
		stop();
		FileSystemUtils.deleteRecursively(this.directory.toFile());
	}

}
