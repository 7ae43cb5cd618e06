package dev.tokenkeeper.token.boundary;

import dev.tokenkeeper.token.control.SigningKeys;
import dev.tokenkeeper.token.entity.SigningKey;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** Platform-wide signing keys: list them, rotate them. Only the platform admin. */
@Path("api/signing-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("platform-admin")
public class SigningKeysResource {

    @Inject
    SigningKeys keys;

    public record KeyView(String kid, String algorithm, Instant createdAt, Instant retiredAt, Instant publishUntil) {
        static KeyView of(SigningKey key) {
            return new KeyView(key.kid(), key.algorithm(), key.createdAt(), key.retiredAt(), key.publishUntil());
        }
    }

    @GET
    public List<KeyView> list() {
        return keys.all().stream().map(KeyView::of).toList();
    }

    @POST
    @Path("rotate")
    public KeyView rotate() {
        return KeyView.of(keys.rotate());
    }
}
