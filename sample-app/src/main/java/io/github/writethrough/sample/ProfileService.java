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

import java.util.List;
import java.util.Optional;

import org.hibernate.Hibernate;
import org.jspecify.annotations.Nullable;

import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and writes {@link Profile profiles}.
 * <p>
 * Reads run outside a transaction so that the write-through cache answers them and a miss
 * fills it (a caller's transaction would read the database and fill nothing); the tags of
 * a profile, a lazy {@code @ManyToMany} the cache does not hold, are read with a query of
 * their own. Inside a read-write transaction the repository reads the database. Updates
 * and deletes lock the profile's row first, so concurrent requests for one profile take
 * turns rather than fail: a request without a version is "last writer wins", and one with
 * a version fails only when that version is not the current one.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
@Service
public class ProfileService {

	private final ProfileRepository profiles;

	private final TagRepository tags;

	/**
	 * Create a new service.
	 * @param profiles the repository of profiles
	 * @param tags the repository of tags
	 */
	public ProfileService(ProfileRepository profiles, TagRepository tags) {
		this.profiles = profiles;
		this.tags = tags;
	}

	/**
	 * Find a profile, in the cache first; a miss reads the database and fills the cache.
	 * Its tags are not loaded: read them with {@link #tagNames(long)}.
	 * @param id the id of the profile
	 * @return the profile, or empty when there is none with that id
	 */
	public Optional<Profile> find(long id) {
		return this.profiles.findById(id);
	}

	/**
	 * Find a profile by its email address, in the cache first. Its tags are not loaded:
	 * read them with {@link #tagNames(long)}.
	 * @param email the email address
	 * @return the profile, or empty when no profile has that address
	 */
	public Optional<Profile> findByEmail(String email) {
		return this.profiles.findByEmail(email);
	}

	/**
	 * Return the names of the tags of a profile, read from the database.
	 * @param id the id of the profile
	 * @return the names, sorted
	 */
	public List<String> tagNames(long id) {
		return this.tags.findNamesByProfileId(id);
	}

	/**
	 * Create a profile.
	 * @param email the email address, which no other profile may have
	 * @param displayName the name to display
	 * @param bio a few words about the user, or {@code null}
	 * @param tagNames the names of its tags, created when missing, or {@code null}
	 * @return the new profile
	 * @throws org.springframework.dao.DataIntegrityViolationException when another
	 * profile has the email address
	 */
	@Transactional
	public Profile create(String email, String displayName, @Nullable String bio, @Nullable List<String> tagNames) {
		Profile profile = new Profile(email, displayName, bio);
		if (tagNames != null) {
			profile.getTags().addAll(tags(tagNames));
		}
		return this.profiles.save(profile);
	}

	/**
	 * Update a profile. Arguments that are {@code null} leave their property unchanged.
	 * The tags are resolved first, so that creating them flushes no change of the
	 * profile.
	 * @param id the id of the profile
	 * @param version the version the caller last saw, or {@code null} to update whatever
	 * the current version is
	 * @param displayName the new display name, or {@code null}
	 * @param bio the new bio, or {@code null}
	 * @param tagNames the names of its new tags, created when missing, or {@code null}
	 * @return the updated profile, or empty when there is none with that id
	 * @throws ObjectOptimisticLockingFailureException when a version is given and is not
	 * the current one
	 */
	@Transactional
	public Optional<Profile> update(long id, @Nullable Long version, @Nullable String displayName, @Nullable String bio,
			@Nullable List<String> tagNames) {
		List<Tag> newTags = (tagNames != null) ? tags(tagNames) : null;
		Optional<Profile> found = this.profiles.findLockedById(id);
		found.ifPresent((profile) -> {
			if (version != null && !version.equals(profile.getVersion())) {
				throw new ObjectOptimisticLockingFailureException(Profile.class, id);
			}
			if (displayName != null) {
				profile.setDisplayName(displayName);
			}
			if (bio != null) {
				profile.setBio(bio);
			}
			if (newTags != null) {
				profile.getTags().clear();
				profile.getTags().addAll(newTags);
			}
		});
		return found.map(ProfileService::withTags);
	}

	private List<Tag> tags(List<String> names) {
		return names.stream().distinct().map((name) -> {
			this.tags.createIfMissing(name);
			return this.tags.findByName(name).orElseThrow();
		}).toList();
	}

	private static Profile withTags(Profile profile) {
		Hibernate.initialize(profile.getTags());
		return profile;
	}

	/**
	 * Delete a profile.
	 * @param id the id of the profile
	 * @return whether there was a profile with that id
	 */
	@Transactional
	public boolean delete(long id) {
		Optional<Profile> found = this.profiles.findLockedById(id);
		found.ifPresent(this.profiles::delete);
		return found.isPresent();
	}

}
