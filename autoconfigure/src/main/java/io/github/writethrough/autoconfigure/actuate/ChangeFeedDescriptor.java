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

package io.github.writethrough.autoconfigure.actuate;

import io.github.writethrough.feed.ChangeFeedStatus;
import org.jspecify.annotations.Nullable;

/**
 * What the change feed of this instance is doing, as the endpoint and the health details
 * show it.
 *
 * @param following whether this instance reads the slot now; one instance at a time does
 * @param lagMillis the time from the commit of the last transaction this instance applied
 * to the moment Redis took its updates
 * @param lagBytes bytes of the database's log the slot has not confirmed, as this
 * instance last measured them, {@code -1} when it has not
 * @param changes changed rows this instance brought in line
 * @param skips times this instance skipped the slot ahead past {@code max-lag}
 * @param lastFailure why the feed last stopped following on this instance, if it failed
 * @author Write-Through contributors
 * @since 0.1.0
 */
public record ChangeFeedDescriptor(boolean following, long lagMillis, long lagBytes, long changes, long skips,
		@Nullable String lastFailure) {

	/**
	 * Describe the change feed.
	 * @param status its status
	 * @return the description
	 */
	public static ChangeFeedDescriptor of(ChangeFeedStatus status) {
		return new ChangeFeedDescriptor(status.isFollowing(), status.lagMillis(), status.lagBytes(), status.changes(),
				status.skips(), status.lastFailure());
	}

}
