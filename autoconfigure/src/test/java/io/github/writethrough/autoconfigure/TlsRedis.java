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

package io.github.writethrough.autoconfigure;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.springframework.util.FileSystemUtils;

/**
 * A Redis server that takes TLS connections only, started from the {@code redis-server}
 * of this machine with a certificate that {@code openssl} signs with a CA of its own.
 *
 * @author Write-Through contributors
 */
final class TlsRedis implements AutoCloseable {

	static final String LOOPBACK = "127.0.0.1";

	private final Path directory;

	private final Process process;

	private final int port;

	private TlsRedis(Path directory, Process process, int port) {
		this.directory = directory;
		this.process = process;
		this.port = port;
	}

	/**
	 * Whether this machine has what the server needs.
	 */
	static boolean isAvailable() {
		return run(List.of("redis-server", "--version")) && run(List.of("openssl", "version"));
	}

	/**
	 * Start a server, with an ACL user {@code cache} (password {@code secret}) that has
	 * the given rules.
	 * @param aclRules the ACL rules of user {@code cache}
	 * @return the running server
	 */
	static TlsRedis start(String aclRules) throws IOException, InterruptedException {
		Path directory = Files.createTempDirectory("tls-redis");
		certificates(directory);
		int port = freePort();
		Files.writeString(directory.resolve("users.acl"),
				"user default on nopass ~* &* +@all\nuser cache on >secret " + aclRules + "\n");
		List<String> command = List.of("redis-server", "--port", "0", "--tls-port", Integer.toString(port), "--bind",
				LOOPBACK, "--tls-cert-file", file(directory, "redis.crt"), "--tls-key-file",
				file(directory, "redis.key"), "--tls-ca-cert-file", file(directory, "ca.crt"), "--tls-auth-clients",
				"no", "--save", "", "--appendonly", "no", "--aclfile", file(directory, "users.acl"), "--dir",
				directory.toString());
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(directory.resolve("redis.log").toFile())
			.start();
		TlsRedis redis = new TlsRedis(directory, process, port);
		redis.awaitListening();
		return redis;
	}

	private static void certificates(Path directory) throws IOException {
		Files.writeString(directory.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
		for (List<String> command : List.of(
				List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
						"ca.crt", "-days", "2", "-subj", "/CN=write-through test CA"),
				List.of("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "redis.key", "-out", "redis.csr",
						"-subj", "/CN=localhost"),
				List.of("openssl", "x509", "-req", "-in", "redis.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
						"-CAcreateserial", "-out", "redis.crt", "-days", "2", "-extfile", "san.ext"))) {
			if (!run(command, directory.toFile())) {
				throw new IOException("Could not make the test certificates: " + command);
			}
		}
	}

	private void awaitListening() throws IOException, InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(LOOPBACK, this.port), 200);
				return;
			}
			catch (IOException ex) {
				if (!this.process.isAlive()) {
					throw new IOException(
							"redis-server exited: " + Files.readString(this.directory.resolve("redis.log")));
				}
				Thread.sleep(50);
			}
		}
		close();
		throw new IOException("redis-server did not listen on port " + this.port + " within 10 seconds");
	}

	int port() {
		return this.port;
	}

	/**
	 * Return the PEM file of the CA that signed the server's certificate.
	 */
	String caCertificate() {
		return file(this.directory, "ca.crt");
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process.destroyForcibly();
		FileSystemUtils.deleteRecursively(this.directory.toFile());
	}

	private static String file(Path directory, String name) {
		return directory.resolve(name).toString();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
			return socket.getLocalPort();
		}
	}

	private static boolean run(List<String> command) {
		return run(command, null);
	}

	private static boolean run(List<String> command, File directory) {
		try {
			Process process = new ProcessBuilder(new ArrayList<>(command)).directory(directory)
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
