package dev.tokenkeeper.token.boundary;

import dev.tokenkeeper.token.entity.ClientCredentials;
import dev.tokenkeeper.token.entity.IssuedTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
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
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /login/oauth/access_token}, GitHub's token endpoint: parameters as a form, as JSON,
 * or in the query string; the answer as JSON or form by {@code Accept}.
 *
 * <p>One instance for all requests (the request's headers and URI come as parameters): building a
 * resource per request through Jersey and CDI was the largest single cost of a rotation in the benchmark.
 */
@ApplicationScoped
@Path("login/oauth/access_token")
@Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_FORM_URLENCODED})
public class TokenResource {

    @Inject
    TokenGrants grants;


    @Inject
    Clock clock;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response fromForm(MultivaluedMap<String, String> form, @Context HttpHeaders headers, @Context UriInfo uri) {
        return token(form == null ? Map.of() : form, headers, uri);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response fromJson(JsonObject json, @Context HttpHeaders headers, @Context UriInfo uri) {
        // A POST without a body and without Content-Type lands here too: its parameters are in the query.
        return token(json == null ? Map.of() : OAuthParameters.fromJson(json), headers, uri);
    }

    /** No body, or a body of another type: GitHub accepts the parameters in the query string. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response fromQuery(@Context HttpHeaders headers, @Context UriInfo uri) {
        return token(Map.of(), headers, uri);
    }

    private Response token(Map<String, List<String>> body, HttpHeaders headers, UriInfo uri) {
        Map<String, String> parameters = OAuthParameters.merge(uri.getQueryParameters(), body);
        ClientCredentials credentials = OAuthParameters.credentials(headers.getHeaderString(HttpHeaders.AUTHORIZATION), parameters);
        grants.admit(credentials.clientId());
        IssuedTokens issued = TokenGrants.REFRESH_TOKEN.equals(parameters.get("grant_type"))
                ? grants.refresh(parameters, credentials)
                : grants.grant(parameters, credentials);
        return TokenResponses.write(issued, clock.instant(), TokenResponses.wantsJson(headers));
    }
}
