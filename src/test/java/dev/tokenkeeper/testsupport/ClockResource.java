package dev.tokenkeeper.testsupport;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/** Only in test deployments: {@code POST /test-support/clock?advanceSeconds=N} moves the server's time. */
@Path("test-support/clock")
public class ClockResource {

    @Inject
    MovableClockProducer producer;

    @POST
    public Response move(@QueryParam("advanceSeconds") long seconds, @QueryParam("reset") boolean reset) {
        if (reset) {
            producer.clock().reset();
        } else {
            producer.clock().advance(Duration.ofSeconds(seconds));
        }
        return Response.noContent().build();
    }
}
