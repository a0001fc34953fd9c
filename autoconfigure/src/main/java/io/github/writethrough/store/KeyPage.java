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

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanCursor;

/**
 * A page of keys found by {@code SCAN}.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public final class KeyPage {

	private final List<String> keys;

	private final ScanCursor cursor;

	private final List<String> nodes;

	private final int node;

	/**
	 * Create a page of a scan of a Cluster's masters, one after the other.
	 * @param keys the keys of the page
	 * @param cursor the cursor of the master scanned
	 * @param nodes the ids of the masters to scan, as the scan started
	 * @param node the index of the master scanned
	 */
	KeyPage(List<String> keys, ScanCursor cursor, List<String> nodes, int node) {
		this.keys = keys;
		this.cursor = cursor;
		this.nodes = nodes;
		this.node = node;
	}

	/**
	 * Return the page {@code SCAN} answered on one server.
	 */
	static KeyPage of(KeyScanCursor<byte[]> page) {
		return of(page, List.of(), 0);
	}

	/**
	 * Return the page {@code SCAN} answered on one master of a Cluster's.
	 */
	static KeyPage of(KeyScanCursor<byte[]> page, List<String> nodes, int node) {
		List<String> keys = page.getKeys().stream().map((key) -> new String(key, StandardCharsets.UTF_8)).toList();
		return new KeyPage(keys, page, nodes, node);
	}

	/**
	 * Return the keys of the page.
	 * @return the keys
	 */
	public List<String> keys() {
		return this.keys;
	}

	/**
	 * Whether this is the last page of the scan.
	 * @return whether the scan is finished
	 */
	public boolean isLast() {
		return this.cursor.isFinished() && this.node >= this.nodes.size() - 1;
	}

	ScanCursor cursor() {
		return this.cursor;
	}

	List<String> nodes() {
		return this.nodes;
	}

	int node() {
		return this.node;
	}

}
