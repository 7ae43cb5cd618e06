package dev.tokenkeeper.viewer.control;

import dev.tokenkeeper.platform.control.DatabaseFailures;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Once a second: lapsed tokens are told, quiet sockets pinged, dead ones dropped ({@link ViewerChannel#sweep()}). */
@Singleton
@Startup
public class ViewerSweeper {

    private static final Logger LOG = Logger.getLogger(ViewerSweeper.class.getName());

    @Inject
    ViewerChannel channel;

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void sweep() {
        try {
            channel.sweep();
        } catch (RuntimeException e) {
            // every second: while the database is away, one line each time, not a stack trace each time
            DatabaseFailures.unreachable(e).ifPresentOrElse(
                    why -> LOG.log(Level.WARNING, "Viewer sweep failed; the next runs in a second: " + why),
                    () -> LOG.log(Level.WARNING, "Viewer sweep failed; the next runs in a second", e));
        }
    }
}
