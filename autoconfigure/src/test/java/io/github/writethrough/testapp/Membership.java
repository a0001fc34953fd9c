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

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;

@Entity
@IdClass(Membership.Key.class)
public class Membership {

	@Id
	private String groupName;

	@Id
	private String member;

	private String role;

	protected Membership() {
	}

	public Membership(String groupName, String member, String role) {
		this.groupName = groupName;
		this.member = member;
		this.role = role;
	}

	public String getRole() {
		return this.role;
	}

	public static class Key implements Serializable {

		private String groupName;

		private String member;

		protected Key() {
		}

		public Key(String groupName, String member) {
			this.groupName = groupName;
			this.member = member;
		}

		public String getGroupName() {
			return this.groupName;
		}

		public String getMember() {
			return this.member;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Key key && Objects.equals(this.groupName, key.groupName)
					&& Objects.equals(this.member, key.member);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.groupName, this.member);
		}

	}

}
