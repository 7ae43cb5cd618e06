package dev.tokenkeeper.embed.boundary;

import dev.tokenkeeper.token.boundary.BearerTokenFilter;
import dev.tokenkeeper.token.boundary.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/embed/token}: a signed-in user (a user access token, role {@code user}) asks for
 * an embed token for one report of their own tenant. App and admin tokens have no user and are refused.
 */
@Path("api/embed/token")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
@Tag(name = "Embed")
@APIResponse(responseCode = "503", description = "Power BI cannot mint one now; Retry-After says when to come back",
        content = @Content(mediaType = "application/json", schema = @Schema(ref = "ApiError")))
public class EmbedTokenResource {

    @Inject
    Reports reports;

    /** The caller whose bearer token {@link BearerTokenFilter} verified. */
    @Context
    SecurityContext security;

    @POST
    @APIResponse(responseCode = "200", description = "The embed token", content = @Content(mediaType = "application/json", schema = @Schema(implementation = EmbedTokenView.class)))
    public Response mint(@NotNull(message = "send {\"reportId\": \"…\"} as JSON") @Valid EmbedTokenRequest input) {
        Caller caller = Caller.of(security);
        EmbedTokenView token = reports.embedToken(tenantOf(caller), caller.subject(), input.reportId);
        // a bearer credential, like an access token: RFC 6749 §5.1 asks for no-store on those
        return Response.ok(token).header("Cache-Control", "no-store").build();
    }

    private static String tenantOf(Caller caller) {
        if (caller.tenant() == null) {
            throw new ForbiddenException("Your access token names no tenant: sign in through your tenant's app");
        }
        return caller.tenant();
    }
}
