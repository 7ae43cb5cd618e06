package dev.tokenkeeper.testsupport;

import dev.tokenkeeper.token.boundary.DeviceAuthorizations;
import dev.tokenkeeper.token.entity.PendingDevice;
import dev.tokenkeeper.token.entity.TooManyUserCodesException;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * Only in test deployments: stands in for the page {@code /login/device} (helper D1's, not merged
 * yet) and drives the same facade it uses, {@link DeviceAuthorizations}. The user is whoever the
 * test names: the page would have signed them in at the tenant's identity provider.
 * {@code POST /test-support/device?user_code=…&decision=approve|deny|lookup&subject=…&address=…}.
 */
@Path("test-support/device")
public class DeviceSupportResource {

    @Inject
    DeviceAuthorizations devices;

    @POST
    public Response decide(@QueryParam("user_code") String userCode, @QueryParam("decision") String decision,
            @QueryParam("subject") String subject, @QueryParam("address") String address) {
        Optional<PendingDevice> pending;
        try {
            pending = devices.lookup(userCode, address == null ? "test-support" : address);
        } catch (TooManyUserCodesException e) {
            return Response.status(429).header("Retry-After", e.retryAfterSeconds()).build();
        }
        if (pending.isEmpty()) {
            return Response.status(404).build();
        }
        PendingDevice device = pending.get();
        boolean done = switch (decision == null ? "lookup" : decision) {
            case "approve" -> devices.approve(userCode, device.tenantId(), subject);
            case "deny" -> devices.deny(userCode);
            default -> true;
        };
        if (!done) {
            return Response.status(409).build();
        }
        return Response.ok(Json.createObjectBuilder().add("userCode", device.userCode()).add("clientId", device.clientId())
                .add("appName", device.appName()).add("tenantSlug", device.tenantSlug()).add("tenantName", device.tenantName())
                .add("expiresAt", device.expiresAt().toString()).build().toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
