package dev.tokenkeeper.demo.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/demo/tv}: the demo app's client id for the "show on a TV" page, which runs the device flow with it. */
@Path("api/demo/tv")
public class DemoTvResource {

    @Inject
    Demo demo;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Demo.TvView tv() {
        return demo.tv();
    }
}
