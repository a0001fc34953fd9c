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

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy in front of Redis that holds every reply back for a fixed time. Behind it,
 * commands sent without waiting for each other's replies are in flight together, however
 * slowly the client sends them, so that counting round trips does not depend on the
 * machine's load.
 *
 * @author Write-Through contributors
 */
final class DelayingProxy implements AutoCloseable {

	private final ServerSocket server;

	private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

	private DelayingProxy(ServerSocket server, String host, int port, long delayMillis) {
		this.server = server;
		Thread acceptor = new Thread(() -> accept(host, port, delayMillis), "delaying-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	static DelayingProxy start(BenchmarkSettings settings, long delayMillis) {
		try {
			ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			return new DelayingProxy(server, settings.redisHost(), settings.redisPort(), delayMillis);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the delaying proxy", ex);
		}
	}

	int port() {
		return this.server.getLocalPort();
	}

	private void accept(String host, int port, long delayMillis) {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Socket redis = new Socket(host, port);
				client.setTcpNoDelay(true);
				redis.setTcpNoDelay(true);
				ScheduledExecutorService replies = Executors.newSingleThreadScheduledExecutor();
				this.resources.add(client);
				this.resources.add(redis);
				this.resources.add(replies::shutdownNow);
				pump(client.getInputStream(), redis.getOutputStream(), null, 0);
				pump(redis.getInputStream(), client.getOutputStream(), replies, delayMillis);
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	/**
	 * Copy one direction of a connection, now or, with an executor, after the delay. A
	 * single-thread executor runs tasks of equal delay in the order they were scheduled,
	 * so the replies keep their order.
	 */
	private static void pump(InputStream in, OutputStream out, @Nullable ScheduledExecutorService delayed,
			long delayMillis) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try {
				for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
					byte[] chunk = Arrays.copyOf(buffer, read);
					if (delayed == null) {
						out.write(chunk);
						out.flush();
					}
					else {
						delayed.schedule(() -> write(out, chunk), delayMillis, TimeUnit.MILLISECONDS);
					}
				}
			}
			catch (IOException ex) {
				// connection closed
			}
		}, "delaying-proxy-pump");
		pump.setDaemon(true);
		pump.start();
	}

	private static void write(OutputStream out, byte[] chunk) {
		try {
			out.write(chunk);
			out.flush();
		}
		catch (SocketException ex) {
			// connection closed
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws Exception {
		this.server.close();
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

}
