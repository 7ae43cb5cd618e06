package dev.tokenkeeper.audit.boundary;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * How many audit events one request may ask for: 1 to 1000, with the same messages as before.
 *
 * <p>Why a composed constraint rather than {@code @Min}/{@code @Max} on the query parameter:
 * Payara's OpenAPI scanner (6.2025.10, {@code ApplicationProcessor.addSchemaParameter}) reads a
 * {@code @Min}/{@code @Max} on a resource method parameter as if it were always a {@code @PathParam}
 * and throws a NullPointerException on a {@code @QueryParam}, so {@code /openapi} answered 500. On an
 * annotation type the scanner does not look; Bean Validation still applies both composing constraints.
 */
@Min(value = 1, message = "at least 1")
@Max(value = 1000, message = "at most 1000")
@Constraint(validatedBy = {})
@Documented
@Target({PARAMETER, FIELD})
@Retention(RUNTIME)
public @interface AuditPageLimit {

    String message() default "1 to 1000";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
