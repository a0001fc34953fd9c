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

import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Whether the Redis server leaves a lease by {@code SET key lease NX PX ms GET}, which it
 * accepts from 7.0 on, rather than by a script. Asked with {@code INFO} once, and again
 * after a failure; where {@code INFO} is refused (an ACL without it), the script is used.
 *
 * @author Write-Through contributors
 */
final class ServerVersion {

	private static final Pattern REDIS_VERSION = Pattern.compile("^redis_version:(\\d+)\\.", Pattern.MULTILINE);

	private volatile @Nullable Boolean leaseBySet;

	/**
	 * Whether leases may be left with {@code SET … GET}.
	 * @param info reads the server section of {@code INFO}, empty where it is refused
	 */
	boolean leaseBySet(Supplier<String> info) {
		Boolean leaseBySet = this.leaseBySet;
		if (leaseBySet == null) {
			leaseBySet = majorVersion(info.get()) >= 7;
			this.leaseBySet = leaseBySet;
		}
		return leaseBySet;
	}

	/**
	 * Ask the server again on the next call, which may reach another server.
	 */
	void reset() {
		this.leaseBySet = null;
	}

	static int majorVersion(String info) {
		Matcher version = REDIS_VERSION.matcher(info);
		return version.find() ? Integer.parseInt(version.group(1)) : 0;
	}

}
