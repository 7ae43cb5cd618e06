package dev.tokenkeeper.token.boundary;

import dev.tokenkeeper.platform.boundary.JsonBuilders;
import dev.tokenkeeper.platform.entity.Urls;
import dev.tokenkeeper.token.control.AuthorizationCodeGrant;
import dev.tokenkeeper.security.control.Pkce;
import dev.tokenkeeper.token.control.DeviceFlow;
import dev.tokenkeeper.token.control.TokenExchangeGrant;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * RFC 8414 server metadata. A constant for the life of the process (the issuer is configuration),
 * so one instance builds it once: a per-request resource paid a CDI injection of the config value
 * and a JSON build on every call (a fifth of the route's CPU in a profile).
 */
@ApplicationScoped
@Path(".well-known/oauth-authorization-server")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "OAuth")
@APIResponse(responseCode = "200", description = "RFC 8414 authorization server metadata",
        content = @Content(mediaType = "application/json"))
public class MetadataResource {

    @Inject
    @ConfigProperty(name = "tokenkeeper.issuer")
    String issuer;

    /** What {@code CacheControl} with max-age 300 is written as, without building and formatting one per request. */
    private static final String CACHE_CONTROL = "no-transform, max-age=300";
    /** The JSON, encoded once: a String entity is UTF-8-encoded by Jersey's writer on every request. */
    private byte[] body;

    @PostConstruct
    void build() {
        String base = Urls.withoutTrailingSlash(issuer);
        var authMethods = JsonBuilders.array().add("client_secret_basic").add("client_secret_post");
        String json = JsonBuilders.object()
                // RFC 8414 §3.3: issuer MUST be identical to the issuer identifier the client used.
                .add("issuer", issuer)
                .add("authorization_endpoint", base + "/login/oauth/authorize")
                .add("token_endpoint", base + "/login/oauth/access_token")
                .add("jwks_uri", base + "/oauth/jwks")
                .add("revocation_endpoint", base + "/oauth/revoke")
                .add("introspection_endpoint", base + "/oauth/introspect")
                .add("device_authorization_endpoint", base + "/login/device/code")
                .add("grant_types_supported", JsonBuilders.array()
                        .add("refresh_token").add(TokenExchangeGrant.GRANT_TYPE).add("client_credentials")
                        .add(DeviceFlow.GRANT_TYPE).add(AuthorizationCodeGrant.GRANT_TYPE))
                .add("response_types_supported", JsonBuilders.array().add("code"))
                .add("code_challenge_methods_supported", JsonBuilders.array().add(Pkce.S256))
                .add("token_endpoint_auth_methods_supported", authMethods)
                .add("revocation_endpoint_auth_methods_supported", JsonBuilders.array().add("client_secret_basic").add("client_secret_post"))
                .add("introspection_endpoint_auth_methods_supported", JsonBuilders.array().add("client_secret_basic").add("client_secret_post"))
                .add("scopes_supported", JsonBuilders.array())
                .build().toString();
        body = json.getBytes(StandardCharsets.UTF_8);
    }

    @GET
    public Response metadata() {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).build();
    }

    static CacheControl maxAge(int seconds) {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(seconds);
        return cache;
    }
}
