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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.protocol.RedisCommand;
import org.jspecify.annotations.Nullable;

/**
 * Waits for the replies of one call, all within the call's time limit, and turns Redis
 * failures into {@link CacheUnavailableException}.
 *
 * @author Write-Through contributors
 */
final class Replies {

	private final long deadline;

	Replies(long timeoutNanos) {
		this.deadline = System.nanoTime() + timeoutNanos;
	}

	/**
	 * Wait for the replies of commands sent one after the other, the last first: on one
	 * connection, the others have come by then.
	 */
	<T> List<@Nullable T> awaitAll(List<? extends Future<? extends T>> futures) {
		if (!futures.isEmpty()) {
			await(futures.get(futures.size() - 1));
		}
		List<@Nullable T> replies = new ArrayList<>(futures.size());
		for (Future<? extends T> future : futures) {
			replies.add(await(future));
		}
		return replies;
	}

	/**
	 * Wait for the reply of a command that reads a key, {@code null} where the key holds
	 * another type than the command reads.
	 */
	<T> @Nullable T awaitOfType(Future<T> future) {
		try {
			return await(future);
		}
		catch (CacheUnavailableException ex) {
			if (ex.getCause() instanceof RedisCommandExecutionException && ex.getMessage() != null
					&& ex.getMessage().startsWith("WRONGTYPE")) {
				return null;
			}
			throw ex;
		}
	}

	<T> T await(Future<T> future) {
		try {
			return future.get(Math.max(this.deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CacheUnavailableException("Interrupted while waiting for Redis", ex);
		}
		catch (TimeoutException ex) {
			future.cancel(false);
			throw new CacheUnavailableException("Redis did not answer in time", ex, slotOf(future));
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RedisNoScriptException) {
				throw new ScriptNotLoadedException();
			}
			throw new CacheUnavailableException(String.valueOf(ex.getCause().getMessage()), ex.getCause(),
					slotOf(future));
		}
	}

	/**
	 * Return the hash slot of the key a command was sent for, so that its failure is
	 * blamed on the node that serves it.
	 */
	private static int slotOf(Future<?> future) {
		if (future instanceof RedisCommand<?, ?, ?> command && command.getArgs() != null) {
			ByteBuffer key = command.getArgs().getFirstEncodedKey();
			if (key != null) {
				return SlotHash.getSlot(key);
			}
		}
		return CacheUnavailableException.UNKNOWN_SLOT;
	}

}
