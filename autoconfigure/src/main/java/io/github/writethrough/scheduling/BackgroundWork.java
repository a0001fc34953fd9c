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

package io.github.writethrough.scheduling;

import org.springframework.scheduling.TaskScheduler;

/**
 * Work of write-through caching that runs in the background on the shared scheduler, such
 * as repairs, outbox replay, the auditor and the warm-up.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public interface BackgroundWork {

	/**
	 * Schedule the work.
	 * @param scheduler the scheduler to run it on
	 */
	void start(TaskScheduler scheduler);

	/**
	 * Stop the work, finishing on the calling thread what must not be lost.
	 */
	void stop();

}
