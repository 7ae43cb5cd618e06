package dev.tokenkeeper.platform.boundary;

import dev.tokenkeeper.platform.control.DatabaseFailures;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.UUID;

/**
 * The last line: a database that cannot be reached is a 503 with {@code Retry-After} (the client
 * retries; nothing was written, no token was spent); anything else unexpected is logged in full with
 * an id and answered with that id only, never with a stack trace.
 */
@Provider
public class ServerErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = System.getLogger(ServerErrorMapper.class.getName());
    public static final String RETRY_AFTER_SECONDS = "5";

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof WebApplicationException web) {
            return new ClientErrorMapper().toResponse(web);
        }
        if (DatabaseFailures.isUnavailable(failure)) {
            LOG.log(Level.WARNING, "Database unavailable, answering 503: {0}", rootMessage(failure));
            return json(Response.status(503).header("Retry-After", RETRY_AFTER_SECONDS), "temporarily_unavailable",
                    "The database cannot be reached right now; nothing was changed. Retry after " + RETRY_AFTER_SECONDS + " s");
        }
        String id = UUID.randomUUID().toString().substring(0, 8);
        LOG.log(Level.ERROR, "Unexpected failure " + id, failure);
        return json(Response.serverError(), "server_error",
                "Something went wrong on our side (error id " + id + "); it has been logged. Retry, and report the id if it persists");
    }

    /** {@code {error, error_description}} as JSON, not cached: the shape of every error we answer. */
    public static Response json(Response.ResponseBuilder builder, String error, String description) {
        return builder.type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .entity(JsonBuilders.object().add("error", error).add("error_description", description).build().toString())
                .build();
    }

    /** The innermost cause, as "Type: message": what a log line about a failure needs. */
    public static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
