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

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A read row whose cache entries are deleted before each invocation, outside the measured
 * time, so that the next read misses.
 *
 * @author Write-Through contributors
 */
@State(Scope.Thread)
public class MissingRow {

	long id;

	@Setup(Level.Invocation)
	public void evict(Fixture fixture) {
		this.id = Dataset.randomReadId();
		fixture.redis.sync().del(RawRedis.entryKey(this.id), RawRedis.peerKey(this.id));
	}

}
