package dev.tokenkeeper.testsupport;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Only in test deployments. {@code GET /test-support/container-errors}: how many records with an
 * exception the container (anything but our own packages) logged at WARNING or above since the
 * deployment started, and the last few. Such a record is a fault of the platform's request handling
 * that a client may never see (it is logged after the response went out), such as pooled request
 * objects recycled under a running request.
 */
@Path("test-support/container-errors")
@ApplicationScoped
public class ContainerErrorsResource {

    private static final int KEPT = 5;

    private final Deque<String> last = new ArrayDeque<>();
    private long count;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue() && record.getThrown() != null
                    && (record.getLoggerName() == null || !record.getLoggerName().startsWith("dev.tokenkeeper"))) {
                counted(record.getLoggerName() + ": " + record.getThrown());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        Logger.getLogger("").addHandler(handler);
    }

    @PreDestroy
    void stop() {
        Logger.getLogger("").removeHandler(handler);
    }

    private synchronized void counted(String summary) {
        count++;
        last.addLast(summary);
        if (last.size() > KEPT) {
            last.removeFirst();
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public synchronized String errors() {
        JsonArrayBuilder recent = Json.createArrayBuilder();
        last.forEach(recent::add);
        return Json.createObjectBuilder().add("count", count).add("last", recent).build().toString();
    }
}
