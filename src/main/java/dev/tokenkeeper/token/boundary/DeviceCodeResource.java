package dev.tokenkeeper.token.boundary;

import dev.tokenkeeper.token.entity.DeviceCodeIssued;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /login/device/code}, GitHub's device authorization endpoint (RFC 8628 §3.1/3.2):
 * {@code client_id} (and no secret) as a form, JSON or query; the answer as JSON or, GitHub's
 * default, form-encoded.
 */
@Path("login/device/code")
@Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_FORM_URLENCODED})
@Tag(name = "OAuth")
@APIResponse(responseCode = "200", description = "RFC 8628 §3.2: device_code, user_code, verification_uri, expires_in, interval",
        content = @Content(mediaType = "application/json"))
@APIResponse(responseCode = "400", description = "invalid_request, device_flow_disabled, incorrect_client_credentials",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = dev.tokenkeeper.token.boundary.OAuthErrorBody.class)))
@APIResponse(responseCode = "429", description = "rate_limited, with Retry-After",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = dev.tokenkeeper.token.boundary.OAuthErrorBody.class)))
public class DeviceCodeResource {

    @Inject
    TokenGrants grants;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response fromForm(MultivaluedMap<String, String> form, @Context HttpHeaders headers, @Context UriInfo uri) {
        return deviceCode(form == null ? Map.of() : form, headers, uri);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response fromJson(JsonObject json, @Context HttpHeaders headers, @Context UriInfo uri) {
        return deviceCode(json == null ? Map.of() : OAuthParameters.fromJson(json), headers, uri);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response fromQuery(@Context HttpHeaders headers, @Context UriInfo uri) {
        return deviceCode(Map.of(), headers, uri);
    }

    private Response deviceCode(Map<String, List<String>> body, HttpHeaders headers, UriInfo uri) {
        Map<String, String> parameters = OAuthParameters.merge(uri.getQueryParameters(), body);
        String clientId = OAuthParameters.credentials(headers.getHeaderString(HttpHeaders.AUTHORIZATION), parameters).clientId();
        grants.admit(clientId);
        DeviceCodeIssued issued = grants.deviceCode(clientId, parameters.get("scope"));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("device_code", issued.deviceCode());
        fields.put("user_code", issued.userCode());
        fields.put("verification_uri", issued.verificationUri());
        fields.put("expires_in", issued.expiresIn());
        fields.put("interval", issued.interval());
        return TokenResponses.write(fields, TokenResponses.wantsJson(headers));
    }
}
