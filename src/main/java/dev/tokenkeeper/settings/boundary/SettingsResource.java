package dev.tokenkeeper.settings.boundary;

import dev.tokenkeeper.settings.entity.ViewerSettings;
import dev.tokenkeeper.tenant.boundary.TenantAccessFilter;
import dev.tokenkeeper.tenant.boundary.TenantScoped;
import dev.tokenkeeper.tenant.boundary.Tenants;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET|PUT /api/tenants/{tenant}/settings}: the viewer settings, with the warnings that go with them. */
@Path("api/tenants/{tenant}/settings")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@TenantScoped
@RolesAllowed({TenantAccessFilter.TENANT_ADMIN, TenantAccessFilter.PLATFORM_ADMIN})
public class SettingsResource {

    @Inject
    TenantSettingsFacade settings;

    @Inject
    Tenants tenants;

    @GET
    public SettingsView get(@PathParam("tenant") String tenant) {
        return SettingsView.of(settings.current(tenants.idOf(tenant)));
    }

    /** Validated whole before anything is stored: one bad field changes nothing. */
    @PUT
    public SettingsView put(@PathParam("tenant") String tenant, @NotNull(message = "send the settings as JSON") @Valid SettingsUpdate update) {
        String tenantId = tenants.idOf(tenant);
        ViewerSettings current = settings.current(tenantId);
        ViewerSettings next = new ViewerSettings(
                update.timedRefreshMinutes != null ? update.timedRefreshMinutes : current.timedRefreshMinutes(),
                update.embedTokenMinutes != null ? update.embedTokenMinutes : current.embedTokenMinutes(),
                update.refreshOnInteraction != null ? update.refreshOnInteraction : current.refreshOnInteraction());
        return SettingsView.of(settings.change(tenantId, next));
    }
}
