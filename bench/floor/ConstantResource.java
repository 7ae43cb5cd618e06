package floor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;

/** The platform's floor for JAX-RS: the same constant answer from an application-scoped resource. */
@ApplicationScoped
@Path("jaxrs")
public class ConstantResource {

    @ApplicationPath("/rest")
    public static class Rest extends Application {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String constant() {
        return "{\"issuer\":\"http://127.0.0.1\",\"constant\":true}";
    }
}
