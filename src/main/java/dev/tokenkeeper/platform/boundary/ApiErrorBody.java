package dev.tokenkeeper.platform.boundary;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The error body of the admin REST API (the mappers of this package write it), for the OpenAPI
 * document only. A 5xx names only an id to find the logged failure with.
 */
@Schema(name = "ApiError", description = "An admin API refusal or failure")
public record ApiErrorBody(
        @Schema(required = true, description = "invalid_request, not_found, forbidden, unauthorized, conflict, server_error, …") String error,
        @Schema(required = true) String error_description,
        @Schema(description = "400 from validation: one message per invalid field") Map<String, String> fields) {
}
