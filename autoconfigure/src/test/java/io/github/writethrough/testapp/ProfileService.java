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

package io.github.writethrough.testapp;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A service with the transaction boundaries users write around repositories.
 */
@Service
public class ProfileService {

	private final ProfileRepository profiles;

	public ProfileService(ProfileRepository profiles) {
		this.profiles = profiles;
	}

	@Transactional
	public Profile saveThenFail(Profile profile) {
		this.profiles.save(profile);
		throw new IllegalStateException("failed after save");
	}

	@Transactional
	public void rename(Long id, String displayName) {
		this.profiles.findById(id).orElseThrow().setDisplayName(displayName);
	}

	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public Profile saveInNewTransaction(Profile profile) {
		return this.profiles.save(profile);
	}

	@Transactional
	public void renameThenFail(Long id, String displayName) {
		Profile profile = this.profiles.findById(id).orElseThrow();
		profile.setDisplayName(displayName);
		this.profiles.save(profile);
		throw new IllegalStateException("failed after rename");
	}

}
