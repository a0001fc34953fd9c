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

package io.github.writethrough;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Caches the entities of a Spring Data JPA repository in Redis, write-through.
 * <p>
 * Put it on a repository interface. {@code save} and {@code delete} methods update the
 * cache after the surrounding transaction commits, and never when it rolls back;
 * {@code findById}, {@code findAllById} and {@code existsById} read the cache first and
 * fall back to the database on a miss. Time-to-live and other settings come from
 * {@code write-through.caches.<name>.*} properties.
 * <p>
 * Put it also on a query method of such a repository that looks an entity up by a unique
 * attribute, such as {@code Optional<User> findByEmail(String email)}: the cache then
 * keeps which id holds each value, and answers from the entity's entry when that entity
 * still holds the value. Anything else annotated fails at startup.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WriteThrough {

	/**
	 * Alias for {@link #cacheName()}.
	 * @return the cache name
	 */
	@AliasFor("cacheName")
	String value() default "";

	/**
	 * Name of the cache, used in Redis keys ({@code <key-prefix>:<cache>:<id>}) and in
	 * {@code write-through.caches.<name>} properties. When empty, the entity's simple
	 * class name with its first letter in lower case is used ({@code UserProfile} gives
	 * {@code userProfile}).
	 * @return the cache name
	 */
	@AliasFor("value")
	String cacheName() default "";

	/**
	 * On a query method, the unique attribute it looks the entity up by. A derived query
	 * ({@code findByEmail}) names it already; a {@code @Query} method must name it here,
	 * and its query must be exactly that lookup
	 * ({@code select u from User u where u.email = :email}). The attribute must be unique
	 * in the mapping: {@code @NaturalId}, {@code @Column(unique = true)} or a unique
	 * constraint of that column alone.
	 * @return the attribute name
	 */
	String key() default "";

}
