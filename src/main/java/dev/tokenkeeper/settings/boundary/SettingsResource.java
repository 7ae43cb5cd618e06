package dev.tokenkeeper.settings.boundary;

import dev.tokenkeeper.platform.boundary.JsonBuilders;
import dev.tokenkeeper.settings.control.SettingsReader;
import dev.tokenkeeper.settings.entity.InvalidSettingsException;
import dev.tokenkeeper.settings.entity.VersionedSettings;
import dev.tokenkeeper.tenant.boundary.TenantAccessFilter;
import dev.tokenkeeper.tenant.boundary.TenantScoped;
import dev.tokenkeeper.tenant.boundary.Tenants;
import dev.tokenkeeper.token.boundary.BearerTokenFilter;
import dev.tokenkeeper.token.boundary.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET|PUT /api/tenants/{tenant}/settings}: the viewer and capacity settings, with the warnings
 * that go with them. {@code ETag} on both answers; a PUT with {@code If-Match} is stored only if the
 * settings are still at that version (RFC 9110 §13.1.1), else 412; a PUT without it stores anyway.
 */
@Path("api/tenants/{tenant}/settings")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@TenantScoped
@RolesAllowed({TenantAccessFilter.TENANT_ADMIN, TenantAccessFilter.PLATFORM_ADMIN})
@Tag(name = "Admin API")
@APIResponse(responseCode = "412", description = "If-Match names a version that is no longer current: read again, then write",
        content = @Content(mediaType = "application/json", schema = @Schema(ref = "ApiError")))
public class SettingsResource {

    @Inject
    TenantSettingsFacade settings;

    @Inject
    Tenants tenants;

    /** The caller whose bearer token {@link BearerTokenFilter} verified. */
    @Context
    SecurityContext security;

    @GET
    @APIResponse(responseCode = "200", description = "The settings, with their version as ETag", content = @Content(mediaType = "application/json", schema = @Schema(implementation = SettingsView.class)))
    public Response get(@PathParam("tenant") String tenant) {
        return answer(settings.currentVersioned(tenants.idOf(tenant)));
    }

    /** Read whole and validated whole before anything is stored: one bad field changes nothing. */
    @PUT
    @APIResponse(responseCode = "200", description = "The settings after the change, with the new ETag", content = @Content(mediaType = "application/json", schema = @Schema(implementation = SettingsView.class)))
    public Response put(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String body) {
        JsonObject json = object(body);
        String tenantId = tenants.idOf(tenant);
        VersionedSettings current = settings.currentVersioned(tenantId);
        String expected = expectedVersion(ifMatch, current.version());
        return answer(settings.change(tenantId, SettingsReader.read(json, current.settings()), expected, Caller.of(security).actor()));
    }

    /** The body read by us, so that an empty body, malformed JSON or an array gets the same 400 as a bad field. */
    private static JsonObject object(String body) {
        try {
            return JsonBuilders.parseObject(body == null || body.isBlank() ? "" : body);
        } catch (RuntimeException e) {
            throw new InvalidSettingsException(Map.of("body", "send the settings as one JSON object, e.g. {\"timedRefreshMinutes\": 30}"));
        }
    }

    static Response answer(VersionedSettings versioned) {
        return Response.ok(SettingsView.of(versioned.settings())).tag(new EntityTag(versioned.version()))
                .header("Cache-Control", "no-store").build();
    }

    /**
     * The version an {@code If-Match} asks for: null when absent or {@code *} (the settings always
     * exist, defaults included); with a list, the current version if it is among them.
     */
    static String expectedVersion(String ifMatch, String currentVersion) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        List<String> versions = new ArrayList<>();
        for (String tag : ifMatch.split(",")) {
            String value = tag.trim();
            if (value.startsWith("W/")) {
                value = value.substring(2);
            }
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            versions.add(value);
        }
        return versions.contains(currentVersion) ? currentVersion : versions.get(0);
    }
}
