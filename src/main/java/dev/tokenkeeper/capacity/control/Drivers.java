package dev.tokenkeeper.capacity.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/** Finds the driver a capacity row names; an unknown name (a driver removed since) falls back to the simulated one. */
@ApplicationScoped
public class Drivers {

    @Inject
    @Any
    Instance<CapacityDriver> all;

    @Inject
    SimulatedDriver simulated;

    public CapacityDriver named(String name) {
        for (CapacityDriver driver : all) {
            if (driver.name().equals(name)) {
                return driver;
            }
        }
        return simulated;
    }
}
