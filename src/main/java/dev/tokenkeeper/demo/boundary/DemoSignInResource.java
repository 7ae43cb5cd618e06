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

/**
 * {@code POST /api/demo/sign-in} {@code {"name": "ada"}}: the demo user's access and refresh token.
 * Under {@code /api} because {@code /demo/*} is the demo page's static files.
 */
@Path("api/demo/sign-in")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DemoSignInResource {

    @Inject
    Demo demo;

    @POST
    public Response signIn(@NotNull(message = "send {\"name\": \"ada\"} as JSON") @Valid SignInRequest input) {
        // RFC 6749 §5.1: responses carrying tokens must not be cached
        return Response.ok(demo.signIn(input.name)).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }
}
