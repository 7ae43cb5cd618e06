package dev.tokenkeeper.demo.boundary;

import dev.tokenkeeper.demo.entity.EmbedTokenRefusedException;
import dev.tokenkeeper.platform.boundary.ServerErrorMapper;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A refused embed token as 401 with {@code {error, error_description}}: {@code error} is
 * {@code TokenExpired} for a lapsed token (Power BI's name for it, so one client handles both) or
 * {@code invalid_token}. The {@code WWW-Authenticate} challenge follows RFC 6750 §3.1, which knows
 * only {@code invalid_token} for both cases, under our {@code EmbedToken} scheme.
 */
@Provider
public class EmbedTokenRefusedMapper implements ExceptionMapper<EmbedTokenRefusedException> {

    @Override
    public Response toResponse(EmbedTokenRefusedException e) {
        String description = e.getMessage().replace('"', '\'');
        return ServerErrorMapper.json(Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "EmbedToken realm=\"tokenkeeper-embed\", error=\"invalid_token\", error_description=\""
                        + description + "\""), e.code(), e.getMessage());
    }
}
