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

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import org.hibernate.exception.ConstraintViolationException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers errors with RFC 9457 problem documents ({@code application/problem+json}).
 * Spring MVC's own exceptions get the documents of
 * {@link ResponseEntityExceptionHandler}; where a request field is to blame, an
 * {@code errors} property names it:
 *
 * <pre class="code">
 * "errors": [ { "field": "email", "message": "must be a well-formed email address" } ]
 * </pre>
 *
 * A duplicate email address and a stale version are {@code 409 Conflict}: the request is
 * well-formed, but conflicts with the current state of the profiles.
 *
 * @author Write-Through contributors
 * @since 0.1.0
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	/**
	 * Name of the unique constraint of {@code profiles.email}, as PostgreSQL names it.
	 */
	private static final String UNIQUE_EMAIL_CONSTRAINT = "profiles_email_key";

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getFieldErrors()
			.stream()
			.map((error) -> new FieldProblem(error.getField(), String.valueOf(error.getDefaultMessage())))
			.sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message))
			.toList();
		return withErrors(super.handleMethodArgumentNotValid(ex, headers, status, request), errors);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		Class<?> requiredType = ex.getRequiredType();
		String message = (requiredType != null) ? "must be of type " + requiredType.getSimpleName() : "is invalid";
		return withErrors(super.handleTypeMismatch(ex, headers, status, request),
				List.of(new FieldProblem(String.valueOf(ex.getPropertyName()), message)));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ResponseEntity<Object> response = super.handleHttpMessageNotReadable(ex, headers, status, request);
		if (ex.getCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
			String field = jackson.getPath()
				.stream()
				.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
						: String.valueOf(reference.getIndex()))
				.collect(Collectors.joining("."));
			String message = (jackson instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null)
					? "must be of type " + mismatch.getTargetType().getSimpleName() : "is invalid";
			return withErrors(response, List.of(new FieldProblem(field, message)));
		}
		return response;
	}

	/**
	 * Answer the violation of the unique constraint on email addresses with
	 * {@code 409 Conflict}. Other violations are bugs, left to the default handling.
	 * @param ex the exception
	 * @return the problem document
	 */
	@ExceptionHandler
	public ProblemDetail handleDataIntegrityViolation(DataIntegrityViolationException ex) {
		if (!(ex.getCause() instanceof ConstraintViolationException violation)
				|| !UNIQUE_EMAIL_CONSTRAINT.equals(violation.getConstraintName())) {
			throw ex;
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"Another profile has this email address.");
		problem.setProperty("errors", List.of(new FieldProblem("email", "is already taken")));
		return problem;
	}

	/**
	 * Answer an update of a version that is not the current one with
	 * {@code 409 Conflict}.
	 * @param ex the exception
	 * @return the problem document
	 */
	@ExceptionHandler
	public ProblemDetail handleOptimisticLockingFailure(OptimisticLockingFailureException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"The profile has changed since that version: read it again and send its current version.");
		problem.setProperty("errors", List.of(new FieldProblem("version", "is not the current version")));
		return problem;
	}

	private static @Nullable ResponseEntity<Object> withErrors(@Nullable ResponseEntity<Object> response,
			List<FieldProblem> errors) {
		if (response != null && response.getBody() instanceof ProblemDetail problem) {
			problem.setProperty("errors", errors);
		}
		return response;
	}

	/**
	 * A request field and what is wrong with it.
	 *
	 * @param field the name of the field, or the path to it
	 * @param message what is wrong
	 */
	record FieldProblem(String field, String message) {

	}

}
