package dev.tokenkeeper.token.boundary;

import dev.tokenkeeper.platform.boundary.JsonBuilders;
import dev.tokenkeeper.token.entity.ClientCredentials;
import dev.tokenkeeper.token.entity.OAuthException;
import dev.tokenkeeper.token.entity.TokenInfo;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * GitHub's own shapes beside the RFC endpoints: check a token ({@code POST}) and revoke one
 * ({@code DELETE}) with the app's credentials as HTTP Basic and {@code {"access_token": "…"}}.
 */
@Path("applications/{client_id}/token")
@Consumes(MediaType.APPLICATION_JSON)
// GitHub's clients ask for GitHub's media types; the answer is plain JSON, as GitHub's is
@Produces({MediaType.APPLICATION_JSON, GitHubApplicationsResource.GITHUB_JSON, GitHubApplicationsResource.GITHUB_V3_JSON})
public class GitHubApplicationsResource {

    static final String GITHUB_JSON = "application/vnd.github+json";
    static final String GITHUB_V3_JSON = "application/vnd.github.v3+json";

    @Inject
    TokenGrants grants;

    @Context
    HttpHeaders headers;

    @POST
    public Response check(@PathParam("client_id") String clientId, JsonObject body) {
        String token = accessToken(body);
        TokenInfo info = grants.check(basic(), clientId, token);
        if (!info.active()) {
            return notFound();
        }
        JsonObjectBuilder json = JsonBuilders.object()
                .add("token", token)
                .add("token_last_eight", token.substring(Math.max(0, token.length() - 8)))
                .add("hashed_token", info.tokenHash())
                .add("scopes", JsonBuilders.array())
                .add("app", JsonBuilders.object().add("client_id", info.clientId()))
                .add("user", JsonBuilders.object().add("login", info.subject()));
        if (info.expiresAt() != null) {
            json.add("expires_at", DateTimeFormatter.ISO_INSTANT.format(info.expiresAt()));
        } else {
            json.addNull("expires_at");
        }
        return TokenResponses.noStore(Response.ok(json.build().toString(), MediaType.APPLICATION_JSON_TYPE)).build();
    }

    @DELETE
    public Response revoke(@PathParam("client_id") String clientId, JsonObject body) {
        grants.revokeAs(basic(), clientId, accessToken(body));
        return Response.noContent().build();
    }

    private ClientCredentials basic() {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw OAuthException.invalidClient("Send the app's client_id and client_secret as HTTP Basic credentials", true);
        }
        return OAuthParameters.credentials(authorization, Map.of());
    }

    private static String accessToken(JsonObject body) {
        if (body == null || !body.containsKey("access_token") || body.isNull("access_token")
                || body.get("access_token").getValueType() != jakarta.json.JsonValue.ValueType.STRING) {
            throw OAuthException.invalidRequest("Send the token as JSON: {\"access_token\": \"…\"}");
        }
        return body.getString("access_token");
    }

    private static Response notFound() {
        return Response.status(Response.Status.NOT_FOUND)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JsonBuilders.object().add("message", "Not Found").build().toString()).build();
    }
}
