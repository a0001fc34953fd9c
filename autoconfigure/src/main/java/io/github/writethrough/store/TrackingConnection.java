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

package io.github.writethrough.store;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.protocol.ProtocolVersion;
import org.jspecify.annotations.Nullable;

/**
 * The tracking connection of one Redis master: turns tracking on, asks for the client id
 * at each heartbeat, and hands what Redis pushes to its {@link Owner}.
 *
 * @author Write-Through contributors
 */
final class TrackingConnection implements PushListener {

	private final String nodeId;

	private final String description;

	private final @Nullable StatefulRedisConnection<byte[], byte[]> connection;

	private final Owner owner;

	private final long timeoutNanos;

	private volatile long clientId;

	private volatile long confirmedNanos = KeyTracking.NEVER;

	private volatile long sentNanos;

	private volatile boolean waiting;

	private volatile boolean dropped;

	/**
	 * Create the tracking connection of a master.
	 * @param nodeId the master's node id, or an empty string for a server that is not in
	 * a Cluster
	 * @param description the master, as the log names it
	 * @param connection its connection, {@code null} while it is being opened
	 * @param owner decides what to do with what the connection learns
	 * @param timeoutNanos how long a heartbeat waits for its reply
	 */
	TrackingConnection(String nodeId, String description, @Nullable StatefulRedisConnection<byte[], byte[]> connection,
			Owner owner, long timeoutNanos) {
		this.nodeId = nodeId;
		this.description = description;
		this.connection = connection;
		this.owner = owner;
		this.timeoutNanos = timeoutNanos;
		if (connection != null) {
			connection.addListener(this);
		}
	}

	void heartbeat(long now) {
		StatefulRedisConnection<byte[], byte[]> connection = this.connection;
		if (connection == null) {
			return;
		}
		if (this.waiting) {
			if (now - this.sentNanos > this.timeoutNanos) {
				this.confirmedNanos = KeyTracking.NEVER;
			}
			return;
		}
		long trackedId = this.clientId;
		if (trackedId == 0 && connection instanceof StatefulRedisConnectionImpl<?, ?> negotiated
				&& negotiated.getConnectionState().getNegotiatedProtocolVersion() == ProtocolVersion.RESP2) {
			// Redis would take the tracking command and drop every push
			this.owner.refused("the connection fell back to RESP2");
			return;
		}
		this.waiting = true;
		this.sentNanos = now;
		if (trackedId == 0) {
			this.confirmedNanos = KeyTracking.NEVER;
		}
		CompletableFuture<Long> clientId = connection.async().clientId().toCompletableFuture();
		CompletableFuture<?> reply = clientId;
		if (trackedId == 0) {
			// prefixes may not be given twice: off first, in case tracking is still
			// on
			CompletableFuture<String> off = connection.async()
				.clientTracking(TrackingArgs.Builder.enabled(false))
				.toCompletableFuture();
			reply = CompletableFuture.allOf(clientId, off,
					connection.async().clientTracking(this.owner.trackingArgs()).toCompletableFuture());
		}
		reply.whenComplete((id, failure) -> answered(now, trackedId, clientId.getNow(0L), failure));
	}

	private void answered(long sentNanos, long trackedId, long id, @Nullable Throwable failure) {
		synchronized (this.owner.confirmation()) {
			this.waiting = false;
			if (this.owner.isCurrent(this)) {
				answeredLocked(sentNanos, trackedId, id, failure);
			}
		}
	}

	private void answeredLocked(long sentNanos, long trackedId, long id, @Nullable Throwable failure) {
		if (failure != null) {
			if (trackedId == 0) {
				this.owner.refused(String.valueOf(failure.getMessage()));
			}
			this.confirmedNanos = KeyTracking.NEVER;
		}
		else if (trackedId == 0) {
			this.clientId = id;
		}
		else if (this.clientId != trackedId) {
			// lost meanwhile: the next heartbeat turns tracking on again
			return;
		}
		else if (id == trackedId) {
			this.confirmedNanos = sentNanos;
		}
		else {
			this.owner.lost(this.description + " reconnected as another client");
			return;
		}
		this.owner.confirmationChanged();
	}

	void untracked() {
		this.clientId = 0;
		this.confirmedNanos = KeyTracking.NEVER;
	}

	boolean isOpen() {
		return this.connection == null || this.connection.isOpen();
	}

	/**
	 * Stop hearing the pushes of this connection.
	 * @return {@code true}
	 */
	boolean close() {
		if (this.connection != null) {
			this.connection.removeListener(this);
		}
		return true;
	}

	@Override
	public void onPushMessage(PushMessage message) {
		if (!"invalidate".equals(message.getType())) {
			return;
		}
		List<Object> content = message.getContent(TrackingConnection::bytes);
		if (content.size() < 2 || !(content.get(1) instanceof List<?> keys)) {
			// a null list: the database was flushed
			this.owner.lost("Redis was flushed on " + this.description);
			return;
		}
		for (Object key : keys) {
			this.owner.invalidated((byte[]) key);
		}
	}

	String nodeId() {
		return this.nodeId;
	}

	String description() {
		return this.description;
	}

	long confirmedNanos() {
		return this.confirmedNanos;
	}

	@Nullable StatefulRedisConnection<byte[], byte[]> connection() {
		return this.connection;
	}

	void dropped() {
		this.dropped = true;
	}

	boolean isDropped() {
		return this.dropped;
	}

	private static byte[] bytes(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return bytes;
	}

	/**
	 * Decides what to do with what a tracking connection learns.
	 */
	interface Owner {

		/**
		 * Return the lock under which confirmations change.
		 */
		Object confirmation();

		/**
		 * Whether a connection is still one of those tracked.
		 */
		boolean isCurrent(TrackingConnection connection);

		/**
		 * Return the arguments that turn tracking on.
		 */
		TrackingArgs trackingArgs();

		/**
		 * Redis cannot track keys on the connection.
		 */
		void refused(String reason);

		/**
		 * Keys may have been written unseen.
		 */
		void lost(String reason);

		/**
		 * The connection's confirmation changed; called under the confirmation lock.
		 */
		void confirmationChanged();

		/**
		 * Redis pushed a key.
		 */
		void invalidated(byte[] key);

	}

}
