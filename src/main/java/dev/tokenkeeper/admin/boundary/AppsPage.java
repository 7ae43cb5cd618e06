package dev.tokenkeeper.admin.boundary;

import dev.tokenkeeper.platform.entity.InvalidInputException;
import dev.tokenkeeper.tenant.boundary.AppChanges;
import dev.tokenkeeper.tenant.boundary.AppView;
import dev.tokenkeeper.tenant.boundary.NewApp;
import dev.tokenkeeper.tenant.boundary.Tenants;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.ws.rs.ClientErrorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tenant's apps: create (the secret shown once), rotate a secret (shown once), expiring user
 * tokens and lifetimes. A secret lives only in this view's state until the page is left or
 * reloaded; it is never stored in clear anywhere.
 */
@Named
@ViewScoped
public class AppsPage extends TenantPage {

    private static final long serialVersionUID = 1L;

    @Inject
    Tenants tenants;

    private List<AppView> apps = List.of();
    private String name;
    private boolean expiring = true;
    private boolean adminRole;
    private boolean deviceFlow;
    private boolean editDeviceFlow;
    private AppView shownOnce;
    private String editing;
    private boolean editExpiring;
    private Long editAccessSeconds;
    private Long editRefreshSeconds;

    @Override
    protected void refresh() {
        apps = tenants.apps(getTenant());
    }

    public void create() {
        NewApp input = new NewApp();
        input.name = name == null ? "" : name.trim();
        input.expiringUserTokens = expiring;
        input.deviceFlow = deviceFlow;
        input.roles = adminRole ? List.of("admin") : new ArrayList<>();
        try {
            shownOnce = tenants.createApp(tenant(), input);
            name = null;
            refresh();
        } catch (InvalidInputException | ClientErrorException refused) {
            show(refused, Map.of("name", "newApp:name"));
        }
    }

    public void rotate(String clientId) {
        try {
            shownOnce = tenants.rotateSecret(tenant(), clientId);
            refresh();
        } catch (ClientErrorException refused) {
            show(refused, Map.of());
        }
    }

    public void edit(AppView app) {
        editing = app.clientId();
        editExpiring = app.expiringUserTokens();
        editDeviceFlow = app.deviceFlow();
        editAccessSeconds = app.accessTokenSeconds();
        editRefreshSeconds = app.refreshTokenSeconds();
    }

    public void saveChanges() {
        AppChanges changes = new AppChanges();
        changes.expiringUserTokens = editExpiring;
        changes.deviceFlow = editDeviceFlow;
        changes.accessTokenSeconds = editAccessSeconds;
        changes.refreshTokenSeconds = editRefreshSeconds;
        try {
            AppView changed = tenants.change(tenant(), editing, changes);
            Pages.info(Pages.text(changed.expiringUserTokens() ? "apps.savedExpiring" : "apps.savedNonExpiring", changed.name()));
            editing = null;
            refresh();
        } catch (InvalidInputException | ClientErrorException refused) {
            show(refused, Map.of("refreshTokenSeconds", "editApp:refresh", "accessTokenSeconds", "editApp:access"));
        }
    }

    public void cancelEdit() {
        editing = null;
    }

    public void dismissSecret() {
        shownOnce = null;
    }

    public List<AppView> getApps() { return apps; }
    public AppView getShownOnce() { return shownOnce; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public boolean isExpiring() { return expiring; }
    public void setExpiring(boolean expiring) { this.expiring = expiring; }
    public boolean isDeviceFlow() { return deviceFlow; }
    public void setDeviceFlow(boolean deviceFlow) { this.deviceFlow = deviceFlow; }
    public boolean isEditDeviceFlow() { return editDeviceFlow; }
    public void setEditDeviceFlow(boolean editDeviceFlow) { this.editDeviceFlow = editDeviceFlow; }
    public boolean isAdminRole() { return adminRole; }
    public void setAdminRole(boolean adminRole) { this.adminRole = adminRole; }
    public String getEditing() { return editing; }
    public AppView getEditingApp() {
        return apps.stream().filter(a -> a.clientId().equals(editing)).findFirst().orElse(null);
    }
    public boolean isEditExpiring() { return editExpiring; }
    public void setEditExpiring(boolean editExpiring) { this.editExpiring = editExpiring; }
    public Long getEditAccessSeconds() { return editAccessSeconds; }
    public void setEditAccessSeconds(Long editAccessSeconds) { this.editAccessSeconds = editAccessSeconds; }
    public Long getEditRefreshSeconds() { return editRefreshSeconds; }
    public void setEditRefreshSeconds(Long editRefreshSeconds) { this.editRefreshSeconds = editRefreshSeconds; }
}
