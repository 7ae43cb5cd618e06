package dev.tokenkeeper.capacity.control;

import dev.tokenkeeper.capacity.entity.CapacityState;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Capacity transitions (counted by the node that made the move, so a cluster's sum is the number of
 * moves) and driver failures by driver. Rare events: nothing here is on a hot path.
 *
 * <p>A bean built with {@code new} (a unit test) has no registry and counts nothing.
 */
@ApplicationScoped
public class CapacityMetrics {

    static final String TRANSITIONS = "tokenkeeper.capacity.transitions";
    static final String DRIVER_ERRORS = "tokenkeeper.capacity.driver.errors";

    @Inject
    MetricRegistry registry;

    private final Map<CapacityState, Counter> reached = new EnumMap<>(CapacityState.class);
    private final Map<String, Counter> driverErrors = new ConcurrentHashMap<>();

    /** Created at start, so every series exists (at zero) from the first scrape. */
    void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // nothing to do: observing the event makes CDI create this bean and run register()
    }

    @PostConstruct
    void register() {
        Metadata transitions = Metadata.builder().withName(TRANSITIONS)
                .withDescription("Capacity state changes made by this node, by the state reached (pausing, paused, resuming, active)").build();
        for (CapacityState state : CapacityState.values()) {
            reached.put(state, registry.counter(transitions, new Tag("state", state.json())));
        }
    }

    void reached(CapacityState state) {
        Counter counter = reached.get(state);
        if (counter != null) {
            counter.inc();
        }
    }

    void driverFailed(String driver) {
        if (registry != null) {
            driverErrors.computeIfAbsent(driver, name -> registry.counter(Metadata.builder().withName(DRIVER_ERRORS)
                    .withDescription("Capacity driver calls that failed (the transition is retried), by driver").build(),
                    new Tag("driver", name))).inc();
        }
    }
}
