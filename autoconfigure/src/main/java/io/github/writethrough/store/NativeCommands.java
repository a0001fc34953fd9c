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

import java.util.function.BiFunction;

import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import org.jspecify.annotations.Nullable;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Runs calls on the native Lettuce commands of a connection of the factory, keeping those
 * of the factory's shared native connection for the next calls until a call fails.
 *
 * @author Write-Through contributors
 */
final class NativeCommands {

	private static final String LOST_HANDSHAKE_FAILURE = "RedisHandshakeHandler not registered";

	private final RedisConnectionFactory connectionFactory;

	private final boolean sharedConnection;

	private final long timeoutNanos;

	private volatile @Nullable RedisClusterAsyncCommands<byte[], byte[]> shared;

	private volatile @Nullable Partitions topology;

	NativeCommands(RedisConnectionFactory connectionFactory, long timeoutNanos) {
		this.connectionFactory = connectionFactory;
		this.sharedConnection = connectionFactory instanceof LettuceConnectionFactory lettuce
				&& lettuce.getShareNativeConnection();
		this.timeoutNanos = timeoutNanos;
	}

	/**
	 * Return the commands of the shared native connection once a call has taken it, while
	 * that connection is open: the factory may have replaced it
	 * ({@code resetConnection()}).
	 */
	@Nullable RedisClusterAsyncCommands<byte[], byte[]> shared() {
		RedisClusterAsyncCommands<byte[], byte[]> shared = this.shared;
		if (shared != null && !CommandBatch.connectionOf(shared).isOpen()) {
			this.shared = null;
			return null;
		}
		return shared;
	}

	/**
	 * Return the Cluster's topology as the last connection taken knows it, {@code null}
	 * where Redis is not a Cluster or no connection was taken yet.
	 */
	@Nullable Partitions topology() {
		return this.topology;
	}

	/**
	 * Take the connection anew on the next call.
	 */
	void reset() {
		this.shared = null;
	}

	/**
	 * Run an action on the commands of a connection, with the replies it waits for bound
	 * to the call's time limit; Redis failures become {@link CacheUnavailableException}.
	 */
	<R> R call(BiFunction<RedisClusterAsyncCommands<byte[], byte[]>, Replies, R> action) {
		try {
			return callConnected(action);
		}
		catch (CacheUnavailableException | ScriptNotLoadedException ex) {
			throw ex;
		}
		catch (RedisException | DataAccessException ex) {
			throw new CacheUnavailableException(String.valueOf(ex.getMessage()), ex);
		}
		catch (IllegalStateException ex) {
			if (this.connectionFactory instanceof LettuceConnectionFactory lettuce && !lettuce.isRunning()) {
				// the application closes
				throw new CacheUnavailableException(String.valueOf(ex.getMessage()), ex);
			}
			throw ex;
		}
	}

	@SuppressWarnings("unchecked")
	private <R> R callConnected(BiFunction<RedisClusterAsyncCommands<byte[], byte[]>, Replies, R> action) {
		RedisClusterAsyncCommands<byte[], byte[]> shared = shared();
		if (shared != null) {
			return action.apply(shared, new Replies(this.timeoutNanos));
		}
		try (RedisConnection connection = connection()) {
			RedisClusterAsyncCommands<byte[], byte[]> commands = (RedisClusterAsyncCommands<byte[], byte[]>) connection
				.getNativeConnection();
			if (commands instanceof RedisAdvancedClusterAsyncCommands<byte[], byte[]> cluster) {
				this.topology = cluster.getStatefulConnection().getPartitions();
			}
			if (this.sharedConnection) {
				this.shared = commands;
			}
			return action.apply(commands, new Replies(this.timeoutNanos));
		}
	}

	/**
	 * Take a connection, a second time where Lettuce closed the first on a failed
	 * handshake before it could tell why, so that the reason (a wrong password, a missing
	 * permission) is what the caller sees.
	 */
	private RedisConnection connection() {
		try {
			return this.connectionFactory.getConnection();
		}
		catch (RedisConnectionFailureException ex) {
			if (!(NestedExceptionUtils.getMostSpecificCause(ex) instanceof IllegalStateException lost)
					|| !LOST_HANDSHAKE_FAILURE.equals(lost.getMessage())) {
				throw ex;
			}
			return this.connectionFactory.getConnection();
		}
	}

}
