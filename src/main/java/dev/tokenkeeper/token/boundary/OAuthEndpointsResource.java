package dev.tokenkeeper.token.boundary;

import dev.tokenkeeper.platform.boundary.JsonBuilders;
import dev.tokenkeeper.token.entity.ClientCredentials;
import dev.tokenkeeper.token.entity.TokenInfo;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
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
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** RFC 7009 revocation and RFC 7662 introspection, authenticated as the token endpoint is. */
@Path("oauth")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "OAuth")
@APIResponse(responseCode = "200", description = "RFC 7009: revoked (or unknown, as the RFC asks); RFC 7662: the token's description",
        content = @Content(mediaType = "application/json"))
@APIResponse(responseCode = "400", description = "invalid_request",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = dev.tokenkeeper.token.boundary.OAuthErrorBody.class)))
@APIResponse(responseCode = "401", description = "invalid_client",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = dev.tokenkeeper.token.boundary.OAuthErrorBody.class)))
public class OAuthEndpointsResource {

    @Inject
    TokenGrants grants;

    @Context
    HttpHeaders headers;

    @Context
    UriInfo uri;

    @POST
    @Path("revoke")
    public Response revoke(MultivaluedMap<String, String> form) {
        Map<String, String> parameters = OAuthParameters.merge(uri.getQueryParameters(), form);
        grants.revoke(credentials(parameters), parameters.get("token"));
        // RFC 7009 §2.2: 200 whether or not the token existed, so revocation reveals nothing.
        return TokenResponses.noStore(Response.ok()).build();
    }

    @POST
    @Path("introspect")
    public Response introspect(MultivaluedMap<String, String> form) {
        Map<String, String> parameters = OAuthParameters.merge(uri.getQueryParameters(), form);
        TokenInfo info = grants.introspect(credentials(parameters), parameters.get("token"));
        return TokenResponses.noStore(Response.ok(toJson(info).build().toString())).build();
    }

    /** RFC 7662 §2.2: only "active" for an inactive token; times as NumericDate seconds. */
    static JsonObjectBuilder toJson(TokenInfo info) {
        JsonObjectBuilder json = JsonBuilders.object().add("active", info.active());
        if (!info.active()) {
            return json;
        }
        json.add("token_type", info.tokenType())
                .add("client_id", info.clientId())
                .add("sub", info.subject())
                .add("username", info.subject())
                .add("tenant", info.tenant())
                .add("scope", info.scope() == null ? "" : info.scope());
        if (info.issuedAt() != null) {
            json.add("iat", info.issuedAt().getEpochSecond());
        }
        if (info.expiresAt() != null) {
            json.add("exp", info.expiresAt().getEpochSecond());
        }
        return json;
    }

    private ClientCredentials credentials(Map<String, String> parameters) {
        return OAuthParameters.credentials(headers.getHeaderString(HttpHeaders.AUTHORIZATION), parameters);
    }
}
