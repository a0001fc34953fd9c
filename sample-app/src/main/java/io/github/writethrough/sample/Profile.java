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

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.UpdateTimestamp;
import org.jspecify.annotations.Nullable;

/**
 * A user profile, stored in the {@code profiles} table that
 * {@code db/migration/V1__create_profiles.sql} creates.
 * <p>
 * Its {@link Version @Version} makes concurrent updates of one profile fail rather than
 * overwrite each other, and orders the entries the write-through cache keeps of it.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
@Entity
@Table(name = "profiles")
public class Profile {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	@Version
	private @Nullable Long version;

	@Column(nullable = false, unique = true, length = 320)
	private String email;

	@Column(nullable = false, length = 200)
	private String displayName;

	@Column(length = 2000)
	private @Nullable String bio;

	@UpdateTimestamp
	private @Nullable Instant updatedAt;

	@ManyToMany
	@JoinTable(name = "profile_tags", joinColumns = @JoinColumn(name = "profile_id"),
			inverseJoinColumns = @JoinColumn(name = "tag_id"))
	@OrderBy("name")
	private Set<Tag> tags = new LinkedHashSet<>();

	/**
	 * Constructor for JPA, and for the cache to fill from Redis.
	 */
	protected Profile() {
	}

	/**
	 * Create a new profile.
	 * @param email the email address, unique among profiles
	 * @param displayName the name to display
	 * @param bio a few words about the user, or {@code null}
	 */
	public Profile(String email, String displayName, @Nullable String bio) {
		this.email = email;
		this.displayName = displayName;
		this.bio = bio;
	}

	/**
	 * Return the id, assigned by the database when the profile is first saved.
	 * @return the id, or {@code null} before the profile is saved
	 */
	public @Nullable Long getId() {
		return this.id;
	}

	/**
	 * Return the version, which each update of the profile increments.
	 * @return the version, or {@code null} before the profile is saved
	 */
	public @Nullable Long getVersion() {
		return this.version;
	}

	/**
	 * Return the email address.
	 * @return the email address
	 */
	public String getEmail() {
		return this.email;
	}

	/**
	 * Return the name to display.
	 * @return the display name
	 */
	public String getDisplayName() {
		return this.displayName;
	}

	/**
	 * Set the name to display.
	 * @param displayName the display name
	 */
	public void setDisplayName(String displayName) {
		this.displayName = displayName;
	}

	/**
	 * Return a few words about the user.
	 * @return the bio, or {@code null}
	 */
	public @Nullable String getBio() {
		return this.bio;
	}

	/**
	 * Set a few words about the user.
	 * @param bio the bio, or {@code null}
	 */
	public void setBio(@Nullable String bio) {
		this.bio = bio;
	}

	/**
	 * Return when the profile was last written.
	 * @return the time of the last write, or {@code null} before the profile is saved
	 */
	public @Nullable Instant getUpdatedAt() {
		return this.updatedAt;
	}

	/**
	 * Return the tags, a lazy collection: read it in the transaction or the session that
	 * loaded the profile, whether the profile came from the cache or the database.
	 * @return the tags, by name
	 */
	public Set<Tag> getTags() {
		return this.tags;
	}

}
