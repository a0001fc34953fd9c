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
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import redis.embedded.core.ExecutableProvider;

/**
 * One {@code redis-server} (the machine's, or the one codemonstur's embedded Redis
 * ships), run as a child process on a loopback port, that a test can kill and start
 * again.
 *
 * @author Write-Through contributors
 */
final class RedisProcess {

	private final Path directory;

	private final int port;

	private final List<String> command;

	private static @Nullable String executable;

	private Process process;

	private RedisProcess(Path directory, int port, List<String> command) throws IOException {
		this.directory = directory;
		this.port = port;
		this.command = command;
		this.process = launch();
	}

	/**
	 * Tell whether a {@code redis-server} can run: the one on the {@code PATH}, or the
	 * one codemonstur's embedded Redis ships for this machine.
	 * @return whether one runs
	 */
	static boolean isAvailable() {
		return executable() != null;
	}

	/**
	 * Return the {@code redis-server} to run: the one on the {@code PATH}, else the
	 * embedded one, else {@code null}.
	 */
	private static synchronized @Nullable String executable() {
		if (executable == null) {
			executable = runs("redis-server") ? "redis-server" : embeddedExecutable();
		}
		return executable.isEmpty() ? null : executable;
	}

	private static String embeddedExecutable() {
		try {
			String embedded = ExecutableProvider.newJarResourceProvider().get().getAbsolutePath();
			return runs(embedded) ? embedded : "";
		}
		catch (IOException | RuntimeException ex) {
			return "";
		}
	}

	private static boolean runs(String redisServer) {
		Process process = null;
		try {
			process = new ProcessBuilder(redisServer, "--version").redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			if (process != null) {
				process.destroyForcibly();
			}
		}
	}

	/**
	 * Start a server in a folder of its own, inside a folder of
	 * {@link ServerDirectories}, and wait until it listens.
	 * @param parent the folder of the group of servers
	 * @param port the port
	 * @param arguments the first argument (a configuration file, or none) and settings
	 * @return the server
	 * @throws IOException when it could not start
	 */
	static RedisProcess start(Path parent, int port, List<String> arguments) throws IOException {
		Path directory = Files.createDirectories(parent.resolve(Integer.toString(port)));
		String executable = executable();
		if (executable == null) {
			throw new IOException("No redis-server on the PATH, and no embedded one for this machine");
		}
		List<String> command = new ArrayList<>(List.of(executable));
		command.addAll(arguments);
		command.addAll(List.of("--port", Integer.toString(port), "--bind", EmbeddedServers.LOOPBACK, "--dir",
				directory.toString()));
		RedisProcess redis = new RedisProcess(directory, port, command);
		ServerDirectories.record(parent, redis.process);
		redis.awaitListening();
		return redis;
	}

	int port() {
		return this.port;
	}

	String address() {
		return EmbeddedServers.LOOPBACK + ":" + this.port;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Stop or resume the server's process ({@code SIGSTOP}, {@code SIGCONT}): stopped, it
	 * neither answers nor reads what it was sent.
	 * @param frozen whether to stop it
	 */
	void freeze(boolean frozen) {
		try {
			Process signal = new ProcessBuilder("kill", frozen ? "-STOP" : "-CONT", Long.toString(this.process.pid()))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!signal.waitFor(10, TimeUnit.SECONDS) || signal.exitValue() != 0) {
				throw new IllegalStateException("Could not signal redis-server on port " + this.port);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not signal redis-server on port " + this.port, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while signalling redis-server", ex);
		}
	}

	/**
	 * Kill the server at once, as a crash would.
	 */
	void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Start the server again, with the files it left, and wait until it listens; kill it
	 * first if it still runs.
	 * @throws IOException when it could not start
	 */
	void restart() throws IOException {
		if (this.process.isAlive()) {
			// a test that failed before it killed the server: a second one could not bind
			// its port, and this one would outlive stop()
			kill();
		}
		this.process = launch();
		ServerDirectories.record(this.directory.getParent(), this.process);
		awaitListening();
	}

	private Process launch() throws IOException {
		return new ProcessBuilder(this.command).directory(this.directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.directory.resolve("redis.log").toFile()))
			.start();
	}

	private void awaitListening() throws IOException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(EmbeddedServers.LOOPBACK, this.port), 200);
				return;
			}
			catch (IOException ex) {
				if (!this.process.isAlive()) {
					throw new IOException(
							"redis-server exited: " + Files.readString(this.directory.resolve("redis.log")));
				}
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw new IOException("Interrupted while waiting for redis-server", interrupted);
				}
			}
		}
		kill();
		throw new IOException("redis-server did not listen on port " + this.port + " within 10 seconds");
	}

}
