package dev.tokenkeeper.signin.boundary;

import dev.tokenkeeper.signin.entity.Step;
import dev.tokenkeeper.signin.entity.Step.PageKind;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The device flow's page (RFC 8628 §3.3): the user types the code the device shows, sees which app
 * of which organisation asks, signs in at that organisation's provider, and approves or denies.
 * {@code ?user_code=} (RFC 8628 §3.3.1 verification_uri_complete) skips the typing.
 */
@Path("login/device")
@Tag(name = "OAuth")
@APIResponse(responseCode = "200", description = "The page where a user enters the code and approves the device",
        content = @Content(mediaType = "text/html"))
public class DevicePageResource {

    @Inject
    SignIn signIn;

    @Inject
    @ConfigProperty(name = "tokenkeeper.signin.base-url")
    Optional<String> baseUrl;

    @Context
    HttpHeaders headers;

    @Context
    HttpServletRequest request;

    @Context
    UriInfo uri;

    @GET
    public Response page(@QueryParam("user_code") String userCode) {
        Step step = userCode == null || userCode.isBlank() ? Step.page(PageKind.DEVICE_ENTRY, Map.of())
                : signIn.deviceEntry(userCode, request.getRemoteAddr());
        return SignInPages.respond(step, headers, request);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response enter(@FormParam("user_code") String userCode) {
        return SignInPages.respond(signIn.deviceEntry(userCode, request.getRemoteAddr()), headers, request);
    }

    @POST
    @Path("signin")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@FormParam("user_code") String userCode, @CookieParam(SignInPages.COOKIE) String browser) {
        return SignInPages.respond(signIn.deviceSignIn(userCode, request.getRemoteAddr(), browser, SignInPages.callbackUri(baseUrl, uri)),
                headers, request);
    }

    @POST
    @Path("decision")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(@FormParam("consent") String consent, @FormParam("decision") String decision,
            @CookieParam(SignInPages.COOKIE) String browser) {
        return SignInPages.respond(signIn.decide(consent, browser, "approve".equals(decision)), headers, request);
    }
}
