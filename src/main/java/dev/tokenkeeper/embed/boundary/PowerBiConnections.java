package dev.tokenkeeper.embed.boundary;

import dev.tokenkeeper.embed.control.powerbi.PowerBiConnectionStore;
import dev.tokenkeeper.tenant.boundary.Tenants;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import java.util.Locale;
import java.util.Optional;

/** Facade and transaction boundary for a tenant's Power BI connection. */
@ApplicationScoped
@Transactional
public class PowerBiConnections {

    @Inject
    Tenants tenants;

    @Inject
    PowerBiConnectionStore store;

    public PowerBiConnectionView get(String slug) {
        return store.find(tenants.idOf(slug)).map(PowerBiConnectionView::of)
                .orElseThrow(() -> new NotFoundException("Tenant '" + slug + "' has no Power BI connection yet: set one with PUT"));
    }

    public PowerBiConnectionView set(String slug, PowerBiConnectionInput input) {
        // GUIDs in lower case, so that a re-typed id in other case counts as the same app
        return PowerBiConnectionView.of(store.save(tenants.idOf(slug), input.entraTenantId.toLowerCase(Locale.ROOT),
                input.clientId.toLowerCase(Locale.ROOT), Optional.ofNullable(input.clientSecret)));
    }
}
