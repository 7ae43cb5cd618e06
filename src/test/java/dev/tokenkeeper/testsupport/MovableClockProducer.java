package dev.tokenkeeper.testsupport;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** Only in test deployments: replaces the system clock with one the test can move (a globally enabled alternative). */
@Alternative
@Priority(1000)
@ApplicationScoped
public class MovableClockProducer {

    private final MovableClock clock = new MovableClock();

    @Produces
    @ApplicationScoped
    Clock movableClock() {
        return clock;
    }

    MovableClock clock() {
        return clock;
    }
}
