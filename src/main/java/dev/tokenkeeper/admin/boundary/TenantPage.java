package dev.tokenkeeper.admin.boundary;

import dev.tokenkeeper.platform.entity.InvalidInputException;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.ClientErrorException;
import dev.tokenkeeper.admin.entity.TenantNotVisibleException;
import jakarta.ws.rs.NotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;

/**
 * What every per-tenant page shares: the tenant comes from {@code ?tenant=} once, is checked against
 * the signed-in account, and stays in the (server-side) view state for the postbacks, where a
 * crafted request cannot change it.
 */
abstract class TenantPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    AdminSession session;

    private String tenant;
    private boolean allowed;

    /** The f:viewAction of each page: a tenant the account may not see answers 404, exactly like one that does not exist. */
    public void load() throws IOException {
        try {
            session.require(tenant);
            allowed = true;
            refresh();
        } catch (TenantNotVisibleException | NotFoundException e) {
            allowed = false;
            ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
            external.responseSendError(404, Pages.text("error.noTenant"));
            FacesContext.getCurrentInstance().responseComplete();
        }
    }

    /** Reads what the page shows; called at load and after each change. */
    protected abstract void refresh();

    /** For actions: the tenant once more checked, so nothing runs for a view that was refused. */
    protected String tenant() {
        if (!allowed) {
            throw new TenantNotVisibleException();
        }
        return session.require(tenant);
    }

    /** A refused change as messages: beside the fields the facade named, else at the top of the page. */
    protected static void show(RuntimeException refused, Map<String, String> fieldIds) {
        if (refused instanceof InvalidInputException invalid) {
            invalid.fields().forEach((field, message) -> Pages.error(fieldIds.get(field), message));
        } else if (refused instanceof ClientErrorException client) {
            Pages.error(null, client.getMessage());
        } else {
            throw refused;
        }
    }

    public String getTenant() {
        return tenant;
    }

    public void setTenant(String tenant) {
        this.tenant = tenant;
    }
}
