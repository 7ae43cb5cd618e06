package dev.tokenkeeper.platform.boundary;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * JAX-RS's own refusals (404, 405, 403 from {@code @RolesAllowed}, 409 and 404 thrown by our
 * resources) as the same JSON shape as every other error: {@code {error, error_description}}. A
 * 503 thrown on purpose ({@link jakarta.ws.rs.ServiceUnavailableException}, e.g. Power BI throttling
 * us) keeps its status, message and {@code Retry-After}; any other 5xx is hidden as a server error.
 */
@Provider
public class ClientErrorMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status >= 500 && status != 503) {
            return new ServerErrorMapper().toResponse(e.getCause() != null ? e.getCause() : new IllegalStateException(e.getMessage(), e));
        }
        if (status == 404 && conversionFailed(e)) {
            // JAX-RS answers a query parameter it cannot convert (?limit=abc) with 404, which reads as "no such route"
            return ServerErrorMapper.json(Response.status(400), "invalid_request", "A query parameter is not in the expected format (e.g. a number)");
        }
        Response.ResponseBuilder builder = Response.status(status);
        original.getHeaders().forEach((name, values) -> {
            if (!"Content-Type".equalsIgnoreCase(name) && !"Content-Length".equalsIgnoreCase(name)) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return ServerErrorMapper.json(builder, errorCode(status), describe(e, status));
    }

    private static boolean conversionFailed(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof IllegalArgumentException) {
                return true;
            }
        }
        return false;
    }

    private static String errorCode(int status) {
        return switch (status) {
            case 400 -> "invalid_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 503 -> "temporarily_unavailable";
            default -> "client_error";
        };
    }

    private static String describe(WebApplicationException e, int status) {
        String message = e.getMessage();
        boolean generic = message == null || message.startsWith("HTTP " + status);
        if (!generic) {
            return message;
        }
        return switch (status) {
            case 401 -> "Send a bearer access token (Authorization: Bearer …) from the client_credentials grant";
            case 403 -> "Your token does not allow this: it needs the admin role of this tenant";
            case 404 -> "There is nothing at this path: see the README for the routes";
            case 405 -> "This path does not accept that HTTP method";
            case 415 -> "Unsupported Content-Type: send application/json (or a form where the route takes one)";
            case 503 -> "The service cannot answer right now; nothing was changed. Retry after the time in Retry-After";
            default -> "The request was refused (HTTP " + status + ")";
        };
    }
}
