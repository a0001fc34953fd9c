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

import java.beans.PropertyEditorSupport;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The HTTP API of {@link Profile profiles}, in JSON. Errors are answered with RFC 9457
 * problem documents, see {@link ApiExceptionHandler}.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
@RestController
@RequestMapping("/profiles")
public class ProfileController {

	private final ProfileService service;

	/**
	 * Create a new controller.
	 * @param service the service that reads and writes profiles
	 */
	public ProfileController(ProfileService service) {
		this.service = service;
	}

	/**
	 * Take ids in plain decimal only, not as {@code 0x1}, {@code " 1 "} or {@code 1,000},
	 * which Spring's default conversion would read as other ids.
	 * @param binder the binder of this controller's arguments
	 */
	@InitBinder
	void plainDecimalIds(WebDataBinder binder) {
		binder.registerCustomEditor(long.class, new PropertyEditorSupport() {

			@Override
			public void setAsText(String text) {
				Assert.isTrue(text.matches("[0-9]{1,19}"), "Not a plain decimal id");
				setValue(Long.parseLong(text));
			}

		});
	}

	/**
	 * Create a profile.
	 * @param request the new profile
	 * @return {@code 201 Created} with the profile and its URL
	 */
	@PostMapping
	public ResponseEntity<ProfileResponse> create(@Valid @RequestBody CreateProfileRequest request) {
		Profile profile = this.service.create(request.email(), request.displayName(), request.bio(), request.tags());
		URI location = ServletUriComponentsBuilder.fromCurrentRequest()
			.path("/{id}")
			.buildAndExpand(profile.getId())
			.toUri();
		return ResponseEntity.created(location).body(ProfileResponse.of(profile));
	}

	/**
	 * Read a profile.
	 * @param id the id of the profile
	 * @return the profile
	 */
	@GetMapping("/{id}")
	public ProfileResponse read(@PathVariable long id) {
		Profile profile = this.service.find(id).orElseThrow(() -> notFound(id));
		return ProfileResponse.of(profile, this.service.tagNames(id));
	}

	/**
	 * Read the profile that has an email address.
	 * @param email the email address
	 * @return the profile
	 */
	@GetMapping(params = "email")
	public ProfileResponse readByEmail(@RequestParam String email) {
		Profile profile = this.service.findByEmail(email)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No profile with that email"));
		return ProfileResponse.of(profile, this.service.tagNames(Objects.requireNonNull(profile.getId())));
	}

	/**
	 * Update a profile.
	 * @param id the id of the profile
	 * @param request the properties to change, and optionally the version they apply to
	 * @return the updated profile
	 */
	@PutMapping("/{id}")
	public ProfileResponse update(@PathVariable long id, @Valid @RequestBody UpdateProfileRequest request) {
		return this.service.update(id, request.version(), request.displayName(), request.bio(), request.tags())
			.map(ProfileResponse::of)
			.orElseThrow(() -> notFound(id));
	}

	/**
	 * Delete a profile.
	 * @param id the id of the profile
	 * @return {@code 204 No Content}
	 */
	@DeleteMapping("/{id}")
	public ResponseEntity<Void> delete(@PathVariable long id) {
		if (!this.service.delete(id)) {
			throw notFound(id);
		}
		return ResponseEntity.noContent().build();
	}

	private static ResponseStatusException notFound(long id) {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "No profile with id " + id);
	}

	/**
	 * Body of {@code POST /profiles}.
	 *
	 * @param email the email address, which no other profile may have
	 * @param displayName the name to display
	 * @param bio a few words about the user, optional
	 * @param tags the names of its tags, optional
	 */
	public record CreateProfileRequest(@NotBlank @Email @Size(max = 320) @PlainText String email,
			@NotBlank @Size(max = 200) @PlainText String displayName, @Size(max = 2000) @PlainText @Nullable String bio,
			@Size(max = 10) @Nullable List<@NotBlank @Size(max = 50) @PlainText String> tags) {

	}

	/**
	 * Body of {@code PUT /profiles/{id}}. Properties left out stay as they are.
	 *
	 * @param displayName the new name to display
	 * @param bio the new bio
	 * @param tags the names of its new tags, replacing the others
	 * @param version the version the client last read: the update fails with
	 * {@code 409 Conflict} when it is not the current one. Without it, the last update
	 * wins.
	 */
	public record UpdateProfileRequest(
			@Pattern(regexp = "(?s).*\\S.*",
					message = "must not be blank") @Size(max = 200) @PlainText @Nullable String displayName,
			@Size(max = 2000) @PlainText @Nullable String bio,
			@Size(max = 10) @Nullable List<@NotBlank @Size(max = 50) @PlainText String> tags, @Nullable Long version) {

	}

	/**
	 * A profile as the API shows it.
	 *
	 * @param id the id
	 * @param version the version, which each update increments
	 * @param email the email address
	 * @param displayName the name to display
	 * @param bio a few words about the user, or {@code null}
	 * @param tags the names of its tags, sorted
	 * @param updatedAt when the profile was last written
	 */
	public record ProfileResponse(@Nullable Long id, @Nullable Long version, String email, String displayName,
			@Nullable String bio, List<String> tags, @Nullable Instant updatedAt) {

		/**
		 * Answer a profile written in this request, whose tags are loaded.
		 */
		static ProfileResponse of(Profile profile) {
			return of(profile, profile.getTags().stream().map(Tag::getName).sorted().toList());
		}

		static ProfileResponse of(Profile profile, List<String> tags) {
			return new ProfileResponse(profile.getId(), profile.getVersion(), profile.getEmail(),
					profile.getDisplayName(), profile.getBio(), tags, profile.getUpdatedAt());
		}

	}

}
