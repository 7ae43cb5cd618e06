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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Platform-wide signing keys: list them, rotate them. Only the platform admin. */
@Path("api/signing-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("platform-admin")
@Tag(name = "Admin API")
public class SigningKeysResource {

    @Inject
    SigningKeys keys;

    public record KeyView(String kid, String algorithm, Instant createdAt, Instant retiredAt, Instant publishUntil) {
        static KeyView of(SigningKey key) {
            return new KeyView(key.kid(), key.algorithm(), key.createdAt(), key.retiredAt(), key.publishUntil());
        }
    }

    @GET
    @APIResponse(responseCode = "200", description = "The signing keys", content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = KeyView.class)))
    public List<KeyView> list() {
        return keys.all().stream().map(KeyView::of).toList();
    }

    @POST
    @Path("rotate")
    @APIResponse(responseCode = "200", description = "The key that signs from now on", content = @Content(mediaType = "application/json", schema = @Schema(implementation = KeyView.class)))
    public KeyView rotate() {
        return KeyView.of(keys.rotate());
    }
}
