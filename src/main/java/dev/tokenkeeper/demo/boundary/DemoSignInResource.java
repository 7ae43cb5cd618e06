package dev.tokenkeeper.demo.boundary;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/demo/sign-in} {@code {"name": "ada"}}: the demo user's access and refresh token.
 * Under {@code /api} because {@code /demo/*} is the demo page's static files.
 */
@Path("api/demo/sign-in")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Demo")
@APIResponse(responseCode = "200", description = "access_token and refresh_token in the demo tenant",
        content = @Content(mediaType = "application/json"))
@APIResponse(responseCode = "429", description = "rate_limited, with Retry-After",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = dev.tokenkeeper.token.boundary.OAuthErrorBody.class)))
public class DemoSignInResource {

    @Inject
    Demo demo;

    @POST
    public Response signIn(@NotNull(message = "send {\"name\": \"ada\"} as JSON") @Valid SignInRequest input) {
        // RFC 6749 §5.1: responses carrying tokens must not be cached
        return Response.ok(demo.signIn(input.name)).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }
}
