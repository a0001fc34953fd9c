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

package io.github.writethrough.sample;

import java.util.Optional;

import io.github.writethrough.WriteThrough;
import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;

/**
 * Repository of {@link Profile profiles}. {@link WriteThrough @WriteThrough} caches them
 * in Redis under {@code wt:profiles:<id>}: {@code save} and {@code delete} update the
 * cache after the transaction commits, and {@code findById} reads it first.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
@WriteThrough("profiles")
public interface ProfileRepository extends JpaRepository<Profile, Long> {

	/**
	 * Read a profile from the database and lock its row until the transaction ends, so
	 * that concurrent updates of the profile wait for each other instead of failing. Not
	 * cached: it always reads the database.
	 * @param id the id of the profile
	 * @return the profile, or empty when there is none with that id
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	Optional<Profile> findLockedById(Long id);

	/**
	 * Find a profile by its email address, in the cache first: {@code @WriteThrough} on
	 * the method keeps which id holds each address, and answers from that profile's entry
	 * while the profile still has the address.
	 * @param email the email address
	 * @return the profile, or empty when no profile has that address
	 */
	@WriteThrough
	Optional<Profile> findByEmail(String email);

}
