package dev.tokenkeeper.token.boundary;

import dev.tokenkeeper.token.entity.OAuthError;
import dev.tokenkeeper.token.entity.OAuthException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** RFC 6749 §5.2: every refusal of the OAuth endpoints as {@code {error, error_description[, error_reason]}}. */
@Provider
public class OAuthExceptionMapper implements ExceptionMapper<OAuthException> {

    @Override
    public Response toResponse(OAuthException e) {
        Response.ResponseBuilder response = TokenResponses.noStore(Response.status(e.error().status()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(TokenResponses.errorBody(e));
        if (e.error() == OAuthError.INVALID_CLIENT && e.basicAuthUsed()) {
            // RFC 6749 §5.2: a client that used Basic gets the scheme it should use again.
            response.header("WWW-Authenticate", TokenResponses.BASIC_CHALLENGE);
        }
        if (e.retryAfterSeconds() > 0) {
            response.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        return response.build();
    }
}
