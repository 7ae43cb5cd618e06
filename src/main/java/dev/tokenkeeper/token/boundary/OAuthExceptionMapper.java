package dev.tokenkeeper.token.boundary;

import dev.tokenkeeper.platform.boundary.JsonBuilders;
import dev.tokenkeeper.token.entity.OAuthError;
import dev.tokenkeeper.token.entity.OAuthException;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** RFC 6749 §5.2: every refusal of the OAuth endpoints as {@code {error, error_description[, error_reason]}}. */
@Provider
public class OAuthExceptionMapper implements ExceptionMapper<OAuthException> {

    @Override
    public Response toResponse(OAuthException e) {
        JsonObjectBuilder body = JsonBuilders.object()
                .add("error", e.error().code())
                .add("error_description", e.getMessage());
        if (e.reason() != null) {
            body.add("error_reason", e.reason().code());
        }
        if (e.interval() > 0) {
            body.add("interval", e.interval());
        }
        Response.ResponseBuilder response = TokenResponses.noStore(Response.status(e.error().status()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body.build().toString());
        if (e.error() == OAuthError.INVALID_CLIENT && e.basicAuthUsed()) {
            // RFC 6749 §5.2: a client that used Basic gets the scheme it should use again.
            response.header("WWW-Authenticate", "Basic realm=\"tokenkeeper\", charset=\"UTF-8\"");
        }
        if (e.retryAfterSeconds() > 0) {
            response.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        return response.build();
    }
}
