package dev.tokenkeeper.capacity.control;

import dev.tokenkeeper.capacity.entity.Capacity;
import jakarta.enterprise.context.ApplicationScoped;

/** The default driver: the state is only ours (the demo, the tests, and a tenant with no Azure capacity). Every transition finishes at once. */
@ApplicationScoped
public class SimulatedDriver implements CapacityDriver {

    public static final String NAME = "simulated";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Progress pause(Capacity row) {
        return Progress.finished();
    }

    @Override
    public Progress resume(Capacity row) {
        return Progress.finished();
    }

    @Override
    public Progress check(Capacity row) {
        return Progress.finished();
    }
}
