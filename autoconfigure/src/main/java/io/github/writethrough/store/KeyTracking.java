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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.Assert;

/**
 * Tells which keys under some prefixes other clients changed, through Redis's
 * server-assisted client-side caching: a connection of its own to each master, with
 * {@code CLIENT TRACKING ON BCAST PREFIX ...}, on which Redis pushes the keys written
 * under the prefixes by any client.
 * <p>
 * Each {@link #heartbeat() heartbeat} asks every connection for its client id. Redis
 * queues the push of a write before it acknowledges the write, so a reply that comes with
 * the id tracking was turned on for proves that every write Redis had acknowledged when
 * the heartbeat was sent has been pushed: {@link #confirmedNanos()} is the time the
 * oldest such proof of all masters was asked for. A connection that drops, comes back as
 * another client (tracking is off then: Redis does not keep it across connections), or a
 * Cluster whose masters change, may have missed keys: the listener is told that
 * everything may have changed, and once more when every master is tracked again.
 *
 * @author Write-Through contributors
 * @since 0.3.0
 */
public final class KeyTracking {

	/**
	 * What {@link #confirmedNanos()} returns while some master is not tracked.
	 */
	public static final long NEVER = Long.MIN_VALUE;

	private static final Log logger = LogFactory.getLog(KeyTracking.class);

	/**
	 * The commands tracking sends, for an ACL user.
	 */
	static final String COMMANDS = "+client|id +client|tracking";

	private static final String SERVER = "";

	private final LettuceConnectionFactory connectionFactory;

	private final long timeoutNanos;

	private final Map<String, TrackingConnection> tracked = new ConcurrentHashMap<>();

	private final DisconnectListener disconnects = new DisconnectListener();

	private final ConnectionOwner owner = new ConnectionOwner();

	private @Nullable Listener listener;

	private List<String> prefixes = List.of();

	private @Nullable StatefulConnection<byte[], byte[]> connection;

	private @Nullable AbstractRedisClient client;

	private @Nullable List<String> topology;

	private final Object confirmation = new Object();

	private final AtomicBoolean refusalLogged = new AtomicBoolean();

	private volatile long confirmedNanos = NEVER;

	/**
	 * Create a new instance.
	 * @param connectionFactory the factory whose client connects
	 * @param timeout how long a heartbeat waits for its reply
	 */
	public KeyTracking(LettuceConnectionFactory connectionFactory, Duration timeout) {
		Assert.notNull(connectionFactory, "connectionFactory must not be null");
		this.connectionFactory = connectionFactory;
		this.timeoutNanos = timeout.toNanos();
	}

	/**
	 * Start tracking the keys under the given prefixes; the connections are opened by the
	 * heartbeats.
	 * @param prefixes the key prefixes, none of which starts with another
	 * @param listener told of the keys written under the prefixes, and of what may have
	 * been missed
	 */
	public synchronized void start(List<String> prefixes, Listener listener) {
		Assert.notEmpty(prefixes, "prefixes must not be empty");
		this.prefixes = List.copyOf(prefixes);
		this.listener = listener;
	}

	/**
	 * Return the {@link System#nanoTime()} at which the last confirmed heartbeat of every
	 * master was sent: keys written before it have been pushed. {@link #NEVER} while a
	 * master is not tracked.
	 * @return the time of the confirmation, or {@link #NEVER}
	 */
	public long confirmedNanos() {
		return this.confirmedNanos;
	}

	/**
	 * Connect to the masters that are not connected, turn tracking on where it is off,
	 * and ask each tracked connection for its client id. Does not wait for Redis.
	 */
	public synchronized void heartbeat() {
		if (this.listener == null) {
			return;
		}
		try {
			connect();
		}
		catch (RuntimeException ex) {
			if (!(ex instanceof RedisException)) {
				refused(ex.getMessage());
			}
			lost("cannot connect: " + ex.getMessage());
			return;
		}
		long now = System.nanoTime();
		this.tracked.values().forEach((tracked) -> tracked.heartbeat(now));
		if (this.connection instanceof StatefulRedisClusterConnection<?, ?>) {
			verifyMasters();
		}
		refreshConfirmation();
	}

	/**
	 * Close the connections; nothing is confirmed any more.
	 */
	public synchronized void stop() {
		synchronized (this.confirmation) {
			this.listener = null;
			this.confirmedNanos = NEVER;
			this.tracked.clear();
		}
		this.topology = null;
		if (this.client != null) {
			this.client.removeListener(this.disconnects);
			this.client = null;
		}
		if (this.connection != null) {
			this.connection.closeAsync();
			this.connection = null;
		}
	}

	private void connect() {
		TrackingConnection dropped = this.tracked.get(SERVER);
		if (dropped != null && dropped.isDropped() && dropped.connection() != null) {
			// Lettuce would reconnect to the address it had, after longer and longer
			// delays; a new connection asks Sentinel where the master is now
			this.tracked.remove(SERVER);
			dropped.connection().closeAsync();
			this.connection = null;
		}
		if (this.connection == null) {
			AbstractRedisClient client = this.connectionFactory.getNativeClient();
			if (client == null) {
				throw new IllegalStateException("the connection factory is not started");
			}
			if (client.getOptions().getConfiguredProtocolVersion() == ProtocolVersion.RESP2) {
				throw new IllegalStateException("the Lettuce client is configured for RESP2; tracking needs RESP3");
			}
			if (this.client != client) {
				client.addListener(this.disconnects);
				this.client = client;
			}
			if (client instanceof RedisClusterClient cluster) {
				this.connection = cluster.connect(ByteArrayCodec.INSTANCE);
			}
			else {
				StatefulRedisConnection<byte[], byte[]> server = ((RedisClient) client)
					.connect(ByteArrayCodec.INSTANCE);
				this.connection = server;
				this.tracked.put(SERVER, connection(SERVER, server));
			}
		}
		if (this.connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
			trackMasters(cluster);
		}
	}

	/**
	 * Track every master the client's topology lists that has not failed, with or without
	 * slots, since a master that takes slots over serves keys during the migration; any
	 * change in which master serves which slots may have moved keys unseen, and is a
	 * loss.
	 */
	private void trackMasters(StatefulRedisClusterConnection<byte[], byte[]> cluster) {
		List<RedisClusterNode> live = ClusterNodes.liveMasters(cluster.getPartitions());
		List<String> masters = live.stream().map(RedisClusterNode::getNodeId).toList();
		List<String> topology = live.stream().map((node) -> node.getNodeId() + node.getSlots()).sorted().toList();
		if (this.topology != null && !topology.equals(this.topology)) {
			lost("the Cluster's masters changed");
		}
		this.topology = topology;
		this.tracked.values()
			.removeIf((tracked) -> (!masters.contains(tracked.nodeId()) || !tracked.isOpen()) && tracked.close());
		for (String nodeId : masters) {
			if (!this.tracked.containsKey(nodeId)) {
				TrackingConnection connecting = connection(nodeId, null);
				this.tracked.put(nodeId, connecting);
				cluster.getConnectionAsync(nodeId).whenComplete((node, failure) -> {
					if (failure != null || !this.tracked.replace(nodeId, connecting, connection(nodeId, node))) {
						this.tracked.remove(nodeId, connecting);
					}
				});
			}
		}
	}

	/**
	 * Ask a master which masters the Cluster has now: one the client's topology does not
	 * list yet may already serve keys that nobody tracks there.
	 */
	private void verifyMasters() {
		this.tracked.values()
			.stream()
			.map(TrackingConnection::connection)
			.filter((connection) -> connection != null && connection.isOpen())
			.findFirst()
			.ifPresent((connection) -> connection.async().clusterNodes().thenAccept((nodes) -> {
				List<String> masters = ClusterNodes.liveMasters(ClusterPartitionParser.parse(nodes))
					.stream()
					.map(RedisClusterNode::getNodeId)
					.toList();
				if (!this.tracked.keySet().containsAll(masters) || !masters.containsAll(this.tracked.keySet())) {
					lost("the Cluster's masters are not those the client knows");
					if (this.client instanceof RedisClusterClient client && !client.isTopologyRefreshInProgress()) {
						client.refreshPartitionsAsync();
					}
				}
			}));
	}

	private TrackingConnection connection(String nodeId, @Nullable StatefulRedisConnection<byte[], byte[]> connection) {
		String description = nodeId.equals(SERVER) ? "the Redis server" : "Redis master " + nodeId;
		return new TrackingConnection(nodeId, description, connection, this.owner, this.timeoutNanos);
	}

	private void refreshConfirmation() {
		synchronized (this.confirmation) {
			refreshConfirmationLocked();
		}
	}

	private void refreshConfirmationLocked() {
		long confirmed = Long.MAX_VALUE;
		for (TrackingConnection tracked : this.tracked.values()) {
			confirmed = Math.min(confirmed, tracked.confirmedNanos());
		}
		if (this.tracked.isEmpty() || confirmed == NEVER) {
			if (this.confirmedNanos != NEVER) {
				logger.info("Near caches are flushed and bypassed until Redis tracks their keys again: a heartbeat "
						+ "was not answered");
				this.confirmedNanos = NEVER;
				tellLost();
			}
			return;
		}
		if (this.confirmedNanos == NEVER) {
			// keys written before tracking was on were never pushed
			tellLost();
			logger.info("Tracking the keys of the near caches on " + this.tracked.size() + " Redis "
					+ ((this.tracked.size() == 1) ? "server" : "masters"));
		}
		this.confirmedNanos = confirmed;
	}

	/**
	 * Stop trusting the near tiers until every master is tracked again; they are flushed
	 * now if they were trusted, and once more when they are again.
	 */
	private void lost(String reason) {
		synchronized (this.confirmation) {
			this.tracked.values().forEach(TrackingConnection::untracked);
			if (this.confirmedNanos != NEVER) {
				logger.info("Near caches are flushed and bypassed until Redis tracks their keys again: " + reason);
				this.confirmedNanos = NEVER;
				tellLost();
			}
		}
	}

	/**
	 * Say once why tracking cannot be turned on, since the near caches stay bypassed
	 * until it is.
	 */
	private void refused(@Nullable String reason) {
		if (this.refusalLogged.compareAndSet(false, true)) {
			logger.warn("Near caches are bypassed: Redis cannot track their keys (" + reason + "). They need Redis 6 "
					+ "or later, the RESP3 protocol (Lettuce's default), and a Redis user allowed " + COMMANDS
					+ ". Reads go to Redis meanwhile; tracking is tried again every heartbeat.");
		}
		else {
			logger.debug("Redis cannot track the keys of the near caches: " + reason);
		}
	}

	private void tellLost() {
		Listener listener = this.listener;
		if (listener != null) {
			listener.lost();
		}
	}

	/**
	 * Told of the keys Redis pushes, and of times when some may have been missed.
	 */
	public interface Listener {

		/**
		 * A key under a tracked prefix was written, expired or removed.
		 * @param key the key
		 */
		void invalidated(byte[] key);

		/**
		 * Keys may have been written unseen: Redis was flushed, a connection dropped or
		 * was replaced, the masters changed, or tracking is on again after one of these.
		 */
		void lost();

	}

	/**
	 * What the tracking connections report to.
	 */
	private final class ConnectionOwner implements TrackingConnection.Owner {

		@Override
		public Object confirmation() {
			return KeyTracking.this.confirmation;
		}

		@Override
		public boolean isCurrent(TrackingConnection connection) {
			return KeyTracking.this.tracked.get(connection.nodeId()) == connection;
		}

		@Override
		public TrackingArgs trackingArgs() {
			return TrackingArgs.Builder.enabled().bcast().prefixes(KeyTracking.this.prefixes.toArray(String[]::new));
		}

		@Override
		public void refused(String reason) {
			KeyTracking.this.refused(reason);
		}

		@Override
		public void lost(String reason) {
			KeyTracking.this.lost(reason);
		}

		@Override
		public void confirmationChanged() {
			refreshConfirmationLocked();
		}

		@Override
		public void invalidated(byte[] key) {
			Listener listener = KeyTracking.this.listener;
			if (listener != null) {
				listener.invalidated(key);
			}
		}

	}

	/**
	 * Notices a tracking connection that dropped, before a heartbeat does.
	 */
	private final class DisconnectListener implements RedisConnectionStateListener {

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
			for (TrackingConnection tracked : KeyTracking.this.tracked.values()) {
				if (tracked.connection() == handler) {
					tracked.dropped();
					lost(tracked.description() + " disconnected");
				}
			}
		}

	}

}
