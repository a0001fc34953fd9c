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

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Embedded;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

/**
 * The persistent state shared by {@link Item} and {@link CachedItem}: two entity classes
 * on the same table, so that the plain and the cached repository read the same rows.
 *
 * @author Write-Through contributors
 */
@MappedSuperclass
public abstract class AbstractItem {

	@Id
	private @Nullable Long id;

	@Version
	private @Nullable Long version;

	private @Nullable String email;

	private @Nullable String displayName;

	private @Nullable String bio;

	private @Nullable BigDecimal balance;

	@Enumerated(EnumType.STRING)
	private @Nullable Status status;

	private @Nullable Instant joinedAt;

	private @Nullable Instant updatedAt;

	@Embedded
	private @Nullable Address address;

	public @Nullable Long getId() {
		return this.id;
	}

	public void setId(@Nullable Long id) {
		this.id = id;
	}

	public @Nullable Long getVersion() {
		return this.version;
	}

	public void setVersion(@Nullable Long version) {
		this.version = version;
	}

	public @Nullable String getEmail() {
		return this.email;
	}

	public void setEmail(@Nullable String email) {
		this.email = email;
	}

	public @Nullable String getDisplayName() {
		return this.displayName;
	}

	public void setDisplayName(@Nullable String displayName) {
		this.displayName = displayName;
	}

	public @Nullable String getBio() {
		return this.bio;
	}

	public void setBio(@Nullable String bio) {
		this.bio = bio;
	}

	public @Nullable BigDecimal getBalance() {
		return this.balance;
	}

	public void setBalance(@Nullable BigDecimal balance) {
		this.balance = balance;
	}

	public @Nullable Status getStatus() {
		return this.status;
	}

	public void setStatus(@Nullable Status status) {
		this.status = status;
	}

	public @Nullable Instant getJoinedAt() {
		return this.joinedAt;
	}

	public void setJoinedAt(@Nullable Instant joinedAt) {
		this.joinedAt = joinedAt;
	}

	public @Nullable Instant getUpdatedAt() {
		return this.updatedAt;
	}

	public void setUpdatedAt(@Nullable Instant updatedAt) {
		this.updatedAt = updatedAt;
	}

	public @Nullable Address getAddress() {
		return this.address;
	}

	public void setAddress(@Nullable Address address) {
		this.address = address;
	}

	/**
	 * Change the item the way every write benchmark does.
	 * @param counter a number that makes the change unique
	 */
	void touch(long counter) {
		this.displayName = "User " + counter;
		this.updatedAt = Instant.now();
	}

	/**
	 * Status of an item.
	 */
	public enum Status {

		/** Active. */
		ACTIVE,

		/** Suspended. */
		SUSPENDED

	}

}
