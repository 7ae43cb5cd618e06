package dev.tokenkeeper.signin.boundary;

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
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * GitHub's web application flow: {@code GET /login/oauth/authorize} sends the user to the tenant's
 * provider, {@code GET /login/oauth/callback} brings them back, and the consent form's
 * {@code POST /login/oauth/authorize/decision} sends them to the app with a code, or with
 * {@code error=access_denied}.
 */
@Path("login/oauth")
@Tag(name = "OAuth")
@APIResponse(responseCode = "303", description = "On to the tenant's identity provider, or back to the app's redirect_uri with code and state",
        content = @Content(mediaType = "text/html"))
@APIResponse(responseCode = "400", description = "A page saying what is wrong (unknown client, redirect_uri not registered): never a redirect to an unregistered URI",
        content = @Content(mediaType = "text/html"))
public class AuthorizeResource {

    @Inject
    SignIn signIn;

    /** The URL users reach Tokenkeeper at, for the callback registered at the providers; unset: the request's own. */
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
    @Path("authorize")
    public Response authorize(@CookieParam(SignInPages.COOKIE) String browser) {
        Map<String, String> query = new HashMap<>();
        // one value per parameter: a repeated parameter is ambiguous (RFC 6749 §3.1), so it is treated as missing
        uri.getQueryParameters().forEach((name, values) -> query.put(name, values.size() == 1 ? values.get(0) : null));
        return SignInPages.respond(signIn.authorize(query, browser, SignInPages.callbackUri(baseUrl, uri)), headers, request);
    }

    @GET
    @Path("callback")
    public Response callback(@QueryParam("state") String state, @QueryParam("code") String code, @QueryParam("error") String error,
            @CookieParam(SignInPages.COOKIE) String browser) {
        return SignInPages.respond(signIn.callback(state, code, error, browser), headers, request);
    }

    @POST
    @Path("authorize/decision")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(@FormParam("consent") String consent, @FormParam("decision") String decision,
            @CookieParam(SignInPages.COOKIE) String browser) {
        return SignInPages.respond(signIn.decide(consent, browser, "approve".equals(decision)), headers, request);
    }
}
