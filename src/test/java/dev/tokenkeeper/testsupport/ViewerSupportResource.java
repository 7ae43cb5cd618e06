package dev.tokenkeeper.testsupport;

import dev.tokenkeeper.tenant.boundary.Tenants;
import dev.tokenkeeper.viewer.control.TimedRefreshSchedule;
import dev.tokenkeeper.viewer.control.ViewerChannel;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * Only in test deployments. {@code POST /test-support/viewers/timed-round/{tenant}} runs the tenant's
 * timed round now through its real timer (404 when it has none), so tests need not wait minutes;
 * {@code POST /test-support/viewers/disconnect} closes every viewer socket as a restarting node would.
 */
@Path("test-support/viewers")
public class ViewerSupportResource {

    @Inject
    TimedRefreshSchedule schedule;

    @Inject
    ViewerChannel channel;

    @Inject
    Tenants tenants;

    @POST
    @Path("timed-round/{tenant}")
    public Response timedRound(@PathParam("tenant") String tenant) {
        return schedule.roundNow(tenants.idOf(tenant)) ? Response.noContent().build() : Response.status(404).build();
    }

    @POST
    @Path("disconnect")
    public Response disconnect() {
        return Response.ok("{\"closed\":" + channel.disconnectAll(ViewerChannel.SERVICE_RESTART, "server restarting") + "}")
                .type("application/json").build();
    }
}
