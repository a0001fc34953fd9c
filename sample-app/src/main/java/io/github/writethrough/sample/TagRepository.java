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

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/**
 * Repository of {@link Tag tags}, which are not cached.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
public interface TagRepository extends JpaRepository<Tag, Long> {

	/**
	 * Create a tag unless one of that name exists, even when another request creates it
	 * at the same time.
	 * @param name the name
	 */
	@Modifying
	@Query(value = "insert into tags (name) values (:name) on conflict (name) do nothing", nativeQuery = true)
	void createIfMissing(String name);

	/**
	 * Return the names of the tags of a profile.
	 * @param id the id of the profile
	 * @return the names, sorted
	 */
	@Query("select t.name from Profile p join p.tags t where p.id = :id order by t.name")
	List<String> findNamesByProfileId(Long id);

	/**
	 * Find a tag by name.
	 * @param name the name
	 * @return the tag, or empty when there is none of that name
	 */
	Optional<Tag> findByName(String name);

}
