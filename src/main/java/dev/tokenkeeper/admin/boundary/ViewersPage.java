package dev.tokenkeeper.admin.boundary;

import dev.tokenkeeper.tenant.boundary.Tenants;
import dev.tokenkeeper.viewer.boundary.ViewerOverview;
import dev.tokenkeeper.viewer.boundary.ViewersResource.LiveViewers;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** A tenant's open viewers on this node: who, which report, state, token expiry, last refresh reason. Refreshed by a poll. */
@Named
@ViewScoped
public class ViewersPage extends TenantPage {

    private static final long serialVersionUID = 1L;

    @Inject
    Tenants tenants;

    @Inject
    ViewerOverview overview;

    private LiveViewers live;

    @Override
    protected void refresh() {
        live = overview.of(tenants.idOf(getTenant()));
    }

    /** The poll's action: read again, for the re-rendered table. */
    public void poll() {
        tenant();
        refresh();
    }

    public LiveViewers getLive() {
        return live;
    }
}
