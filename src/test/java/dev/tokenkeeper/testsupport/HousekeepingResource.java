package dev.tokenkeeper.testsupport;

import dev.tokenkeeper.token.control.TokenHousekeeping;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** Only in test deployments: {@code POST /test-support/housekeeping} runs the hourly purge now. */
@Path("test-support/housekeeping")
public class HousekeepingResource {

    @Inject
    TokenHousekeeping housekeeping;

    @POST
    public Response run() {
        while (housekeeping.purgeDeadSignIns() == TokenHousekeeping.BATCH) {
            // drain everything: the test wants the end state
        }
        housekeeping.purgeEndedRevocations();
        return Response.noContent().build();
    }
}
