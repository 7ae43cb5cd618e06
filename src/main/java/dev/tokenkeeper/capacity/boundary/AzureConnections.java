package dev.tokenkeeper.capacity.boundary;

import dev.tokenkeeper.capacity.control.CapacityEngine;
import dev.tokenkeeper.capacity.control.CapacityStore;
import dev.tokenkeeper.capacity.control.SimulatedDriver;
import dev.tokenkeeper.capacity.control.azure.AzureConnectionStore;
import dev.tokenkeeper.capacity.control.azure.AzureDriver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.util.Locale;
import java.util.Optional;

/**
 * A tenant's Azure capacity connection. Setting one makes the tenant's capacity use the
 * {@code azure} driver from its next transition on; removing it goes back to {@code simulated}.
 * The state Tokenkeeper holds is not read from Azure when the connection is set: set it while the
 * real capacity is in the state the API shows (or pause / resume once after setting it).
 */
@ApplicationScoped
public class AzureConnections {

    @Inject
    AzureConnectionStore store;

    @Inject
    CapacityStore capacities;

    @Inject
    CapacityEngine engine;

    public AzureConnectionView get(String tenantId, String slug) {
        return store.find(tenantId).map(AzureConnectionView::of)
                .orElseThrow(() -> new NotFoundException("Tenant '" + slug + "' has no Azure capacity connection: its capacity is simulated. "
                        + "Set one with PUT"));
    }

    public AzureConnectionView set(String tenantId, AzureConnectionInput input, String actor) {
        // GUIDs in lower case, so a re-typed id in other case counts as the same
        AzureConnectionView view = AzureConnectionView.of(store.save(tenantId, input.subscriptionId.toLowerCase(Locale.ROOT), input.resourceGroup,
                input.capacityName, input.entraTenantId.toLowerCase(Locale.ROOT), input.clientId.toLowerCase(Locale.ROOT),
                Optional.ofNullable(input.clientSecret), actor));
        engine.ensureRow(tenantId);
        capacities.setDriver(tenantId, AzureDriver.NAME);
        engine.refresh(tenantId);
        return view;
    }

    public void delete(String tenantId, String slug, String actor) {
        if (!store.delete(tenantId, actor)) {
            throw new NotFoundException("Tenant '" + slug + "' has no Azure capacity connection");
        }
        engine.ensureRow(tenantId);
        capacities.setDriver(tenantId, SimulatedDriver.NAME);
        engine.refresh(tenantId);
    }
}
