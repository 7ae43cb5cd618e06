package dev.tokenkeeper.token.boundary;

import dev.tokenkeeper.token.control.TokenMetrics;
import dev.tokenkeeper.token.entity.ClientCredentials;
import dev.tokenkeeper.token.entity.IssuedTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /login/oauth/access_token}, GitHub's token endpoint: parameters as a form, as JSON,
 * or in the query string; the answer as JSON or form by {@code Accept}.
 *
 * <p>One instance for all requests (the request's headers and URI come as parameters): building a
 * resource per request through Jersey and CDI was the largest single cost of a rotation in the benchmark.
 */
@ApplicationScoped
@Path("login/oauth/access_token")
@Tag(name = "OAuth", description = "The token endpoint and the public OAuth routes (GitHub's and the RFCs')")
@APIResponse(responseCode = "200", description = "Tokens issued (JSON with Accept: application/json, else form-encoded)",
        content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TokenResponseBody.class)),
                @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(implementation = TokenResponseBody.class))})
@APIResponse(responseCode = "400", description = "invalid_request, invalid_grant (with error_reason), unsupported_grant_type, invalid_scope, "
        + "or a device flow answer (authorization_pending, slow_down, expired_token, access_denied, …)",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthErrorBody.class)))
@APIResponse(responseCode = "401", description = "invalid_client: unknown client or wrong secret (WWW-Authenticate when Basic was used)",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthErrorBody.class)))
@APIResponse(responseCode = "429", description = "rate_limited: too many requests for this client; Retry-After says when to come back",
        headers = @Header(name = "Retry-After", description = "Seconds", schema = @Schema(type = SchemaType.INTEGER)),
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthErrorBody.class)))
@APIResponse(responseCode = "503", description = "temporarily_unavailable: the database cannot be reached; Retry-After says when to come back",
        headers = @Header(name = "Retry-After", description = "Seconds", schema = @Schema(type = SchemaType.INTEGER)),
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthErrorBody.class)))
@Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_FORM_URLENCODED})
public class TokenResource {

    // the three methods are one POST operation in OpenAPI: each carries the same words, whichever the scanner keeps
    static final String SUMMARY = "Token endpoint (GitHub's path)";
    static final String DESCRIPTION = "Grants refresh_token (rotation with a grace window), "
            + "urn:ietf:params:oauth:grant-type:token-exchange, client_credentials, authorization_code (or GitHub's bare code) and "
            + "urn:ietf:params:oauth:grant-type:device_code. Parameters as a form, as JSON or in the query string; client "
            + "credentials as Basic or client_id/client_secret.";

    @Inject
    TokenGrants grants;

    @Inject
    TokenMetrics metrics;

    @Inject
    Clock clock;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = SUMMARY, description = DESCRIPTION)
    public Response fromForm(MultivaluedMap<String, String> form, @Context HttpHeaders headers, @Context UriInfo uri) {
        return token(form == null ? Map.of() : form, headers, uri);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = SUMMARY, description = DESCRIPTION)
    public Response fromJson(JsonObject json, @Context HttpHeaders headers, @Context UriInfo uri) {
        // A POST without a body and without Content-Type lands here too: its parameters are in the query.
        return token(json == null ? Map.of() : OAuthParameters.fromJson(json), headers, uri);
    }

    /** No body, or a body of another type: GitHub accepts the parameters in the query string. */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = SUMMARY, description = DESCRIPTION)
    public Response fromQuery(@Context HttpHeaders headers, @Context UriInfo uri) {
        return token(Map.of(), headers, uri);
    }

    private Response token(Map<String, List<String>> body, HttpHeaders headers, UriInfo uri) {
        Map<String, String> parameters = OAuthParameters.merge(uri.getQueryParameters(), body);
        ClientCredentials credentials = OAuthParameters.credentials(headers.getHeaderString(HttpHeaders.AUTHORIZATION), parameters);
        grants.admit(credentials.clientId());
        IssuedTokens issued = metrics.grant(parameters, credentials.clientId(), () -> grants.grant(parameters, credentials));
        return TokenResponses.write(issued, clock.instant(), TokenResponses.wantsJson(headers));
    }
}
