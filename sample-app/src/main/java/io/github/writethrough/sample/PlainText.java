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

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;

/**
 * Text that PostgreSQL stores as it is sent: no NUL, which it refuses, and no unpaired
 * surrogate, which it stores as {@code ?} while the application (and so the cache) holds
 * the original. Pairs of surrogates, such as emoji, are fine.
 *
 * @author Write-Through contributors
 */
@Documented
@Constraint(validatedBy = {})
@Pattern(regexp = "[^\\x00\\uD800-\\uDFFF]*")
@ReportAsSingleViolation
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
@interface PlainText {

	String message() default "must not contain NUL or unpaired surrogate characters";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
