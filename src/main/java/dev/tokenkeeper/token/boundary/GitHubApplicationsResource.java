package dev.tokenkeeper.token.boundary;

import dev.tokenkeeper.platform.boundary.JsonBuilders;
import dev.tokenkeeper.token.entity.ClientCredentials;
import dev.tokenkeeper.token.entity.OAuthError;
import dev.tokenkeeper.token.entity.OAuthException;
import dev.tokenkeeper.token.entity.TokenInfo;
import dev.tokenkeeper.token.entity.TokenReset;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * GitHub's own shapes beside the RFC endpoints, with the app's credentials as HTTP Basic (scheme
 * name in any case) and {@code {"access_token": "…"}}: check a token ({@code POST …/token}), reset
 * it ({@code PATCH …/token}), revoke it ({@code DELETE …/token}), and delete the user's whole
 * authorization of the app ({@code DELETE …/grant}).
 *
 * <p>Errors as GitHub gives them, {@code {"message", "documentation_url"}}: 401 without Basic
 * credentials, 404 for wrong credentials (GitHub does not say whether the app exists) and for a
 * token that is unknown, dead or of another app, 422 for a body without an {@code access_token}.
 */
@Path("applications/{client_id}")
@Consumes(MediaType.WILDCARD)
// GitHub's clients ask for GitHub's media types; the answer is plain JSON, as GitHub's is
@Produces({MediaType.APPLICATION_JSON, GitHubApplicationsResource.GITHUB_JSON, GitHubApplicationsResource.GITHUB_V3_JSON})
@Tag(name = "OAuth")
@APIResponse(responseCode = "404", description = "Unknown token or wrong app credentials, as GitHub answers",
        content = @Content(mediaType = "application/json"))
@APIResponse(responseCode = "422", description = "A malformed body, as GitHub answers",
        content = @Content(mediaType = "application/json"))
public class GitHubApplicationsResource {

    static final String GITHUB_JSON = "application/vnd.github+json";
    static final String GITHUB_V3_JSON = "application/vnd.github.v3+json";
    static final String DOCS = "https://docs.github.com/rest/apps/oauth-applications";

    @Inject
    TokenGrants grants;

    @Context
    HttpHeaders headers;

    @POST
    @Path("token")
    @APIResponse(responseCode = "200", description = "The authorization, as GitHub answers it")
    public Response check(@PathParam("client_id") String clientId, String body) {
        return answer(clientId, body, "#check-a-token", token -> {
            TokenInfo info = grants.check(basic(), clientId, token);
            return info.active() ? ok(tokenJson(token, info)) : notFound("#check-a-token");
        });
    }

    @PATCH
    @Path("token")
    @APIResponse(responseCode = "200", description = "The authorization with a new token, as GitHub answers it")
    public Response reset(@PathParam("client_id") String clientId, String body) {
        return answer(clientId, body, "#reset-a-token", token -> {
            Optional<TokenReset> reset = grants.resetAs(basic(), clientId, token);
            if (reset.isEmpty()) {
                return notFound("#reset-a-token");
            }
            TokenReset done = reset.get();
            JsonObjectBuilder json = tokenJson(done.issued().accessToken(), done.info());
            if (done.issued().refreshToken() != null) {
                // Not in GitHub's answer (which has no place for it): the new sign-in's refresh token, for
                // clients that know Tokenkeeper; GitHub's clients ignore it and sign the user in again later.
                json.add("refresh_token", done.issued().refreshToken())
                        .add("refresh_token_expires_at", DateTimeFormatter.ISO_INSTANT.format(done.issued().refreshExpiresAt()));
            }
            return ok(json);
        });
    }

    @DELETE
    @Path("token")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Response revoke(@PathParam("client_id") String clientId, String body) {
        return answer(clientId, body, "#delete-an-app-token", token -> {
            grants.revokeAs(basic(), clientId, token);
            return Response.noContent().build();
        });
    }

    @DELETE
    @Path("grant")
    @APIResponse(responseCode = "204", description = "Every token of that user for that app revoked")
    public Response revokeGrant(@PathParam("client_id") String clientId, String body) {
        return answer(clientId, body, "#delete-an-app-authorization", token -> grants.revokeGrantAs(basic(), clientId, token)
                ? Response.noContent().build() : notFound("#delete-an-app-authorization"));
    }

    private interface TokenAction {
        Response apply(String accessToken);
    }

    /** Authenticates first (401 / 404), then reads the body (422), then acts. */
    private Response answer(String clientId, String body, String docsAnchor, TokenAction action) {
        return asGitHub(docsAnchor, () -> {
            grants.authenticateApp(basic(), clientId);
            Optional<String> token = accessToken(body);
            if (token.isEmpty()) {
                return message(422, "Invalid request. Send the token as JSON: {\"access_token\": \"…\"}", docsAnchor);
            }
            return action.apply(token.get());
        });
    }

    /** The OAuth refusals of the credentials check, in GitHub's words and statuses. */
    private static Response asGitHub(String docsAnchor, Supplier<Response> call) {
        try {
            return call.get();
        } catch (OAuthException e) {
            if (e.error() == OAuthError.INVALID_CLIENT && e.basicAuthUsed()) {
                return notFound(docsAnchor);
            }
            if (e.error() == OAuthError.INVALID_CLIENT || e.error() == OAuthError.INVALID_REQUEST) {
                return Response.fromResponse(message(401, "Requires authentication: send the app's client_id and client_secret "
                        + "as HTTP Basic credentials", docsAnchor)).header("WWW-Authenticate", "Basic realm=\"tokenkeeper\"").build();
            }
            throw e;
        }
    }

    private ClientCredentials basic() {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw OAuthException.invalidClient("Send the app's client_id and client_secret as HTTP Basic credentials", false);
        }
        return OAuthParameters.credentials(authorization, Map.of());
    }

    private static Optional<String> accessToken(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        JsonObject json;
        try (var reader = JsonBuilders.reader(body)) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                return Optional.empty();
            }
            json = value.asJsonObject();
        } catch (JsonParsingException e) {
            return Optional.empty();
        } catch (JsonException e) {
            return Optional.empty();
        }
        JsonValue token = json.get("access_token");
        if (token == null || token.getValueType() != JsonValue.ValueType.STRING || json.getString("access_token").isBlank()) {
            return Optional.empty();
        }
        return Optional.of(json.getString("access_token"));
    }

    private static JsonObjectBuilder tokenJson(String token, TokenInfo info) {
        JsonObjectBuilder json = JsonBuilders.object()
                .add("token", token)
                .add("token_last_eight", token.substring(Math.max(0, token.length() - 8)))
                .add("hashed_token", info.tokenHash())
                .add("scopes", JsonBuilders.array())
                .add("app", JsonBuilders.object().add("client_id", info.clientId()))
                .add("user", JsonBuilders.object().add("login", info.subject()));
        if (info.issuedAt() != null) {
            json.add("created_at", iso(info.issuedAt()));
        }
        if (info.expiresAt() != null) {
            json.add("expires_at", iso(info.expiresAt()));
        } else {
            json.addNull("expires_at");
        }
        return json;
    }

    private static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static Response ok(JsonObjectBuilder json) {
        return TokenResponses.noStore(Response.ok(json.build().toString(), MediaType.APPLICATION_JSON_TYPE)).build();
    }

    private static Response notFound(String docsAnchor) {
        return message(404, "Not Found", docsAnchor);
    }

    private static Response message(int status, String message, String docsAnchor) {
        // With a reason phrase: Grizzly writes "422 CUSTOM" for a status it has no name for.
        String reason = status == 422 ? "Unprocessable Entity" : Response.Status.fromStatusCode(status).getReasonPhrase();
        return Response.status(status, reason).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JsonBuilders.object().add("message", message).add("documentation_url", DOCS + docsAnchor).build().toString())
                .build();
    }
}
