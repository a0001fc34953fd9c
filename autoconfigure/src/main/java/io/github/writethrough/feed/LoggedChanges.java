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

package io.github.writethrough.feed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

import io.github.writethrough.cache.CacheUpdates;
import io.github.writethrough.cache.EntityCache;
import io.github.writethrough.cache.PreparedWrite;
import io.github.writethrough.cache.WritePreparation;
import io.github.writethrough.cache.WritePreparation.LoggedChange;
import io.github.writethrough.feed.LogMessage.Relation;
import io.github.writethrough.feed.LogMessage.RowChange;
import io.github.writethrough.feed.LogMessage.RowChange.Kind;
import io.github.writethrough.feed.LogMessage.Tuple;

/**
 * The cache updates that the changes of one committed transaction call for: a marker for
 * each changed row of a followed table, and the invalidation of a cache whose rows cannot
 * be told apart.
 *
 * @author Write-Through contributors
 */
final class LoggedChanges {

	private static final int MAX_REMEMBERED_VERSIONS = 10_000;

	private final Map<Integer, FollowedTable> tables;

	/**
	 * The columns of the tables, by object id, as the log last sent them.
	 */
	private final Map<Integer, Relation> relations = new HashMap<>();

	private final WritePreparation preparation;

	private final LongSupplier fenceSequence;

	private final List<PreparedWrite> writes = new ArrayList<>();

	private final Set<EntityCache> invalidations = new LinkedHashSet<>();

	/**
	 * The last version this feed saw of each of the rows it saw last, by cache and id.
	 */
	private final Map<String, Long> versions = new LinkedHashMap<>(1024, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
			return size() > MAX_REMEMBERED_VERSIONS;
		}

	};

	private String position = "";

	/**
	 * Tells apart the markers of one change written by two followers, one of which woke
	 * up late: a reader that found the first must not fill over the second.
	 */
	private final String session = Long.toHexString(ThreadLocalRandom.current().nextLong());

	private int count;

	private long sequenceFence;

	private long xid;

	private boolean mayBeFilledOver;

	/**
	 * Create a new instance.
	 * @param tables the followed tables by object id
	 * @param preparation prepares the markers
	 * @param fenceSequence takes a fence for the rows of entities without a version
	 */
	LoggedChanges(Map<Integer, FollowedTable> tables, WritePreparation preparation, LongSupplier fenceSequence) {
		this.tables = tables;
		this.preparation = preparation;
		this.fenceSequence = fenceSequence;
	}

	/**
	 * Learn the columns of a table, which the log sends before the first change of it on
	 * each connection and after they changed.
	 * @param relation the table's columns
	 */
	void relation(Relation relation) {
		this.relations.put(relation.oid(), relation);
	}

	/**
	 * Start the changes of a transaction.
	 * @param commitLsn the position of its commit in the log
	 * @param xid its transaction id, as the log gives it
	 */
	void begin(long commitLsn, long xid) {
		this.position = Long.toHexString(commitLsn);
		this.xid = xid;
		this.mayBeFilledOver = false;
		this.count = 0;
		this.sequenceFence = 0;
		this.writes.clear();
		this.invalidations.clear();
	}

	/**
	 * Add a changed row; rows of tables that are not followed are ignored.
	 * @param change the change
	 */
	void add(RowChange change) {
		FollowedTable table = this.tables.get(change.oid());
		if (table == null) {
			return;
		}
		Relation relation = this.relations.get(change.oid());
		int idColumn = (relation != null && table.idColumn() != null) ? column(relation, table.idColumn()) : -1;
		if (idColumn < 0) {
			this.invalidations.add(table.cache());
			return;
		}
		Tuple row = change.row();
		String newId = (row != null) ? row.value(idColumn) : null;
		String oldId = (change.oldKey() != null) ? change.oldKey().value(idColumn) : null;
		if (newId == null && oldId == null) {
			this.invalidations.add(table.cache());
			return;
		}
		if (row != null && newId != null) {
			long version = version(table, relation, row);
			mark(table, newId, isNewVersion(table, newId, change.kind(), version) ? LoggedChange.NEW_VERSION
					: LoggedChange.CHANGED, version);
		}
		if (oldId != null && !oldId.equals(newId)) {
			this.versions.remove(table.cache().name() + ":" + oldId);
			mark(table, oldId, LoggedChange.DELETED, WritePreparation.UNKNOWN_VERSION_FENCE);
		}
	}

	/**
	 * Invalidate the caches of truncated tables.
	 * @param oids the object ids of the tables
	 */
	void truncate(List<Integer> oids) {
		for (Integer oid : oids) {
			FollowedTable table = this.tables.get(oid);
			if (table != null) {
				this.invalidations.add(table.cache());
			}
		}
	}

	/**
	 * Return how many updates wait.
	 * @return the number of updates
	 */
	int size() {
		return this.writes.size() + this.invalidations.size();
	}

	/**
	 * Return the id of the transaction whose changes these are.
	 * @return the transaction id, as the log gives it
	 */
	long xid() {
		return this.xid;
	}

	/**
	 * Whether a fill could land over a marker of these changes with a state read before
	 * them: then the markers must wait until the transaction is visible.
	 * @return whether the transaction must be visible first
	 */
	boolean mayBeFilledOver() {
		return this.mayBeFilledOver;
	}

	/**
	 * Take the updates that wait, leaving none.
	 * @return the updates
	 */
	CacheUpdates drain() {
		CacheUpdates updates = new CacheUpdates(List.copyOf(this.writes), List.copyOf(this.invalidations));
		this.writes.clear();
		this.invalidations.clear();
		return updates;
	}

	/**
	 * Whether a change gives its row a version no earlier change of it had: an insert, or
	 * an update past the version this feed saw last for the row. A table without the
	 * version (a joined subclass's, a secondary table) tells nothing of it, so its
	 * changes are taken as changes that may have kept it. An update of a row the feed has
	 * not seen since it started following may have kept the version, as SQL of other
	 * programs does.
	 */
	private boolean isNewVersion(FollowedTable table, String id, Kind kind, long version) {
		if (!table.cache().isVersioned() || table.versionColumn() == null) {
			return false;
		}
		Long previous = this.versions.put(table.cache().name() + ":" + id, version);
		return kind == Kind.INSERT || (previous != null && previous < version);
	}

	private void mark(FollowedTable table, String idText, LoggedChange change, long version) {
		EntityCache cache = table.cache();
		Object id;
		try {
			id = cache.parseId(idText);
		}
		catch (RuntimeException ex) {
			this.invalidations.add(cache);
			return;
		}
		long fence = cache.isVersioned() ? version : sequenceFence();
		// a fill carries the fence of the marker it found, or the same version: only the
		// snapshot it read from tells it apart from the change
		this.mayBeFilledOver |= change == LoggedChange.CHANGED;
		this.writes.add(this.preparation.logged(cache, id, change, fence,
				this.position + "." + this.count++ + "." + this.session));
	}

	/**
	 * The fence of the rows of entities without a version: taken once per transaction,
	 * after it committed, so it is above the fence of every transaction that wrote their
	 * entries before.
	 */
	private long sequenceFence() {
		if (this.sequenceFence == 0) {
			this.sequenceFence = this.fenceSequence.getAsLong();
		}
		return this.sequenceFence;
	}

	private static long version(FollowedTable table, Relation relation, Tuple row) {
		int column = (table.versionColumn() != null) ? column(relation, table.versionColumn()) : -1;
		String version = (column >= 0) ? row.value(column) : null;
		try {
			return (version != null) ? Long.parseLong(version) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static int column(Relation relation, String name) {
		String unquoted = name.replace("\"", "").replace("`", "");
		List<String> columns = relation.columns();
		for (int i = 0; i < columns.size(); i++) {
			if (columns.get(i).equalsIgnoreCase(unquoted)) {
				return i;
			}
		}
		return -1;
	}

}
