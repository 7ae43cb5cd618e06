package dev.tokenkeeper.token.boundary;

import dev.tokenkeeper.token.control.SigningKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * RFC 7517: the public keys that verify every unexpired access token we issued. One instance:
 * nothing to inject per request ({@link SigningKeys} follows rotations itself).
 */
@ApplicationScoped
@Path("oauth/jwks")
@Tag(name = "OAuth")
@APIResponse(responseCode = "200", description = "RFC 7517 key set: the keys access tokens are signed with",
        content = @Content(mediaType = "application/json"))
public class JwksResource {

    @Inject
    SigningKeys keys;

    @GET
    @Produces({MediaType.APPLICATION_JSON, "application/jwk-set+json"})
    public Response jwks() {
        // Short max-age: a verifier meets a freshly rotated key within a minute.
        return Response.ok(keys.published().toString(true)).cacheControl(maxAge(60)).build();
    }

    private static CacheControl maxAge(int seconds) {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(seconds);
        return cache;
    }
}
