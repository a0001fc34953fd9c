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

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.writethrough.cache.CacheSettings;
import io.github.writethrough.transaction.FailureMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for write-through caching.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
@ConfigurationProperties("write-through")
public class WriteThroughProperties {

	/**
	 * Whether write-through caching of @WriteThrough repositories is enabled.
	 */
	private boolean enabled = true;

	/**
	 * Prefix of every Redis key, as in '<key-prefix>:<cache>:<id>'.
	 */
	private String keyPrefix = "wt";

	/**
	 * Time-to-live of cache entries, for caches that set none. Zero means entries do not
	 * expire.
	 */
	private Duration defaultTtl = Duration.ofHours(1);

	/**
	 * Share of the time-to-live randomly taken off each entry, so that entries written
	 * together do not expire together, for example '10%'.
	 */
	private Percentage ttlJitter = new Percentage(10);

	/**
	 * How long a cache operation waits for Redis before reads fall back to the database
	 * and updates are kept for repair.
	 */
	private Duration timeout = Duration.ofMillis(500);

	/**
	 * What happens when the cache cannot be updated after a transaction committed: 'log'
	 * returns normally, 'fail' throws CacheUpdateFailedException to the caller. Either
	 * way the update is retried.
	 */
	private FailureMode onCacheFailure = FailureMode.LOG;

	/**
	 * Whether a committing transaction waits until Redis has taken its cache updates.
	 * When false, the commit returns once they are sent: this instance still reads its
	 * own writes, but other instances may read the replaced entries for about one Redis
	 * round trip longer. Requires 'on-cache-failure=log'.
	 */
	private boolean awaitUpdates = true;

	/**
	 * Name of the database sequence that orders the cache updates of entities
	 * without @Version. Created at startup when missing.
	 */
	private String fenceSequence = "write_through_fence";

	/**
	 * Largest entry a cache holds, for caches that set none: larger states are not cached
	 * (counted in 'writethrough.entries.oversized'), and larger entries found in Redis
	 * are misses.
	 */
	private DataSize maxEntrySize = CacheSettings.DEFAULT_MAX_ENTRY_SIZE;

	private final CircuitBreaker circuitBreaker = new CircuitBreaker();

	private final Repair repair = new Repair();

	private final Failover failover = new Failover();

	private final Outbox outbox = new Outbox();

	private final Audit audit = new Audit();

	private final ChangeFeed changeFeed = new ChangeFeed();

	private final WarmUp warmUp = new WarmUp();

	/**
	 * Settings per cache, by cache name.
	 */
	private final Map<String, Cache> caches = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public Duration getDefaultTtl() {
		return this.defaultTtl;
	}

	public void setDefaultTtl(Duration defaultTtl) {
		this.defaultTtl = defaultTtl;
	}

	public Percentage getTtlJitter() {
		return this.ttlJitter;
	}

	public void setTtlJitter(Percentage ttlJitter) {
		this.ttlJitter = ttlJitter;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public FailureMode getOnCacheFailure() {
		return this.onCacheFailure;
	}

	public void setOnCacheFailure(FailureMode onCacheFailure) {
		this.onCacheFailure = onCacheFailure;
	}

	public boolean isAwaitUpdates() {
		return this.awaitUpdates;
	}

	public void setAwaitUpdates(boolean awaitUpdates) {
		this.awaitUpdates = awaitUpdates;
	}

	public String getFenceSequence() {
		return this.fenceSequence;
	}

	public void setFenceSequence(String fenceSequence) {
		this.fenceSequence = fenceSequence;
	}

	public DataSize getMaxEntrySize() {
		return this.maxEntrySize;
	}

	public void setMaxEntrySize(DataSize maxEntrySize) {
		this.maxEntrySize = maxEntrySize;
	}

	public CircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	public Repair getRepair() {
		return this.repair;
	}

	public Failover getFailover() {
		return this.failover;
	}

	public Outbox getOutbox() {
		return this.outbox;
	}

	public Audit getAudit() {
		return this.audit;
	}

	public ChangeFeed getChangeFeed() {
		return this.changeFeed;
	}

	public WarmUp getWarmUp() {
		return this.warmUp;
	}

	public Map<String, Cache> getCaches() {
		return this.caches;
	}

	/**
	 * Circuit breaker settings.
	 */
	public static class CircuitBreaker {

		/**
		 * How long cache operations skip Redis after one failed, so that a dead Redis
		 * does not slow every call down.
		 */
		private Duration openDuration = Duration.ofSeconds(2);

		public Duration getOpenDuration() {
			return this.openDuration;
		}

		public void setOpenDuration(Duration openDuration) {
			this.openDuration = openDuration;
		}

	}

	/**
	 * Settings of the repair of cache updates that could not be applied.
	 */
	public static class Repair {

		/**
		 * How often cache updates that could not be applied are tried again.
		 */
		private Duration interval = Duration.ofSeconds(1);

		/**
		 * How many cache writes may wait for repair before whole caches are invalidated
		 * instead.
		 */
		private int maxPendingKeys = 10_000;

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public int getMaxPendingKeys() {
			return this.maxPendingKeys;
		}

		public void setMaxPendingKeys(int maxPendingKeys) {
			this.maxPendingKeys = maxPendingKeys;
		}

	}

	/**
	 * Sending again what a Redis master acknowledged lately when it may have lost it.
	 */
	public static class Failover {

		/**
		 * Whether the cache updates Redis acknowledged are kept until a replica holds
		 * them, to be sent again when the master that took them is replaced, restarts or
		 * does not answer: Redis replicates asynchronously, so the replica that takes
		 * over may not hold them.
		 */
		private boolean replay = true;

		/**
		 * How long the updates are kept where no replica can take over (one server rather
		 * than Sentinel or a Cluster), against a restart from an older snapshot.
		 */
		private Duration replayWindow = Duration.ofSeconds(10);

		/**
		 * How often each Redis master is asked who it is (its run id) and how far its
		 * replicas have come.
		 */
		private Duration checkInterval = Duration.ofSeconds(1);

		public boolean isReplay() {
			return this.replay;
		}

		public void setReplay(boolean replay) {
			this.replay = replay;
		}

		public Duration getReplayWindow() {
			return this.replayWindow;
		}

		public void setReplayWindow(Duration replayWindow) {
			this.replayWindow = replayWindow;
		}

		public Duration getCheckInterval() {
			return this.checkInterval;
		}

		public void setCheckInterval(Duration checkInterval) {
			this.checkInterval = checkInterval;
		}

	}

	/**
	 * Settings of one cache.
	 */
	public static class Cache {

		/**
		 * Time-to-live of this cache's entries. Zero means entries do not expire.
		 * Defaults to 'write-through.default-ttl'.
		 */
		private @Nullable Duration ttl;

		/**
		 * Share of the time-to-live randomly taken off each entry. Defaults to
		 * 'write-through.ttl-jitter'.
		 */
		private @Nullable Percentage ttlJitter;

		/**
		 * How long the cache remembers that a row does not exist. Zero disables negative
		 * caching.
		 */
		private Duration negativeTtl = Duration.ZERO;

		/**
		 * Whether this cache is loaded from the database in the background at startup.
		 */
		private boolean warmUp;

		/**
		 * Largest entry this cache holds. Defaults to 'write-through.max-entry-size'.
		 */
		private @Nullable DataSize maxEntrySize;

		/**
		 * Near tier of this cache: entries kept in each instance's memory, in front of
		 * Redis. Setting any of its properties turns it on.
		 */
		private @Nullable Near near;

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

		public @Nullable Percentage getTtlJitter() {
			return this.ttlJitter;
		}

		public void setTtlJitter(@Nullable Percentage ttlJitter) {
			this.ttlJitter = ttlJitter;
		}

		public Duration getNegativeTtl() {
			return this.negativeTtl;
		}

		public void setNegativeTtl(Duration negativeTtl) {
			this.negativeTtl = negativeTtl;
		}

		public boolean isWarmUp() {
			return this.warmUp;
		}

		public void setWarmUp(boolean warmUp) {
			this.warmUp = warmUp;
		}

		public @Nullable DataSize getMaxEntrySize() {
			return this.maxEntrySize;
		}

		public void setMaxEntrySize(@Nullable DataSize maxEntrySize) {
			this.maxEntrySize = maxEntrySize;
		}

		public @Nullable Near getNear() {
			return this.near;
		}

		public void setNear(@Nullable Near near) {
			this.near = near;
		}

	}

	/**
	 * Settings of the near tier of one cache.
	 */
	public static class Near {

		/**
		 * Whether the near tier is on.
		 */
		private boolean enabled = true;

		/**
		 * Most entries the near tier holds in each instance; the least used go first.
		 */
		private int maxEntries = 10_000;

		/**
		 * Longest time an entry stays in the near tier; never longer than the cache's
		 * 'ttl'. Defaults to 5 minutes, or the cache's 'ttl' when that is shorter.
		 */
		private @Nullable Duration ttl;

		/**
		 * Longest time since Redis last proved it told this instance of every change;
		 * past it, reads skip the near tier until Redis proves it again. The tracking
		 * connections are checked four times within it, at least every 250ms.
		 */
		private Duration maxStaleness = Duration.ofSeconds(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(int maxEntries) {
			this.maxEntries = maxEntries;
		}

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

		public Duration getMaxStaleness() {
			return this.maxStaleness;
		}

		public void setMaxStaleness(Duration maxStaleness) {
			this.maxStaleness = maxStaleness;
		}

	}

	/**
	 * Settings of the outbox that makes cache updates survive a crash.
	 */
	public static class Outbox {

		/**
		 * Whether each transaction records the caches it updates in an outbox table, so
		 * that a crash between commit and cache update cannot leave stale entries.
		 */
		private boolean enabled;

		/**
		 * Name of the outbox table. Created at startup when missing.
		 */
		private String table = "write_through_outbox";

		/**
		 * How old an outbox row must be before its caches are invalidated as a whole.
		 * Bounds how long a crash can leave stale entries.
		 */
		private Duration replayAfter = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getTable() {
			return this.table;
		}

		public void setTable(String table) {
			this.table = table;
		}

		public Duration getReplayAfter() {
			return this.replayAfter;
		}

		public void setReplayAfter(Duration replayAfter) {
			this.replayAfter = replayAfter;
		}

	}

	/**
	 * Settings of the consistency auditor.
	 */
	public static class Audit {

		/**
		 * Whether cached entries are sampled in the background and compared with their
		 * rows; entries that differ are removed and counted.
		 */
		private boolean enabled;

		/**
		 * How many rows the auditor reads a second at most.
		 */
		private double rowsPerSecond = 10;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public double getRowsPerSecond() {
			return this.rowsPerSecond;
		}

		public void setRowsPerSecond(double rowsPerSecond) {
			this.rowsPerSecond = rowsPerSecond;
		}

	}

	/**
	 * Settings of the change feed, which follows PostgreSQL's log and brings the entry of
	 * every changed row in line, whoever changed it.
	 */
	public static class ChangeFeed {

		/**
		 * Whether the committed changes of the cached tables are followed in PostgreSQL's
		 * log through logical replication. Needs wal_level=logical and a user with the
		 * REPLICATION privilege.
		 */
		private boolean enabled;

		/**
		 * Name of the replication slot and of the publication the feed reads. Created at
		 * startup when missing. Defaults to "write_through_" and spring.application.name.
		 */
		private @Nullable String slotName;

		/**
		 * How far the slot may fall behind the database's log before the follower
		 * invalidates the followed caches and skips the slot ahead, so that a slot nobody
		 * reads cannot fill the database's disk.
		 */
		private DataSize maxLag = DataSize.ofGigabytes(1);

		/**
		 * How long PostgreSQL waits for a follower that went silent before it frees the
		 * slot for another instance.
		 */
		private Duration takeoverTimeout = Duration.ofSeconds(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getSlotName() {
			return this.slotName;
		}

		public void setSlotName(@Nullable String slotName) {
			this.slotName = slotName;
		}

		public DataSize getMaxLag() {
			return this.maxLag;
		}

		public void setMaxLag(DataSize maxLag) {
			this.maxLag = maxLag;
		}

		public Duration getTakeoverTimeout() {
			return this.takeoverTimeout;
		}

		public void setTakeoverTimeout(Duration takeoverTimeout) {
			this.takeoverTimeout = takeoverTimeout;
		}

	}

	/**
	 * Settings of the warm-up of caches at startup.
	 */
	public static class WarmUp {

		/**
		 * How many rows the warm-up loads and writes at a time.
		 */
		private int pageSize = 500;

		public int getPageSize() {
			return this.pageSize;
		}

		public void setPageSize(int pageSize) {
			this.pageSize = pageSize;
		}

	}

}
