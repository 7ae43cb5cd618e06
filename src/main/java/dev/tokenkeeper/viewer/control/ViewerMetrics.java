package dev.tokenkeeper.viewer.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The viewer channel's metrics: viewers connected per tenant on this node (a gauge read from the
 * registry at scrape time, so connecting costs nothing more than the first time a tenant is seen),
 * and each timed round's size and duration (from the round's start to its last slice sent: the lag a
 * viewer of the last slice sees beyond the timer).
 *
 * <p>A bean built with {@code new} (a unit test) has no registry and counts nothing.
 */
@ApplicationScoped
public class ViewerMetrics {

    static final String CONNECTED = "tokenkeeper.viewers.connected";
    static final String ROUND_SIZE = "tokenkeeper.viewer.round.size";
    static final String ROUND_DURATION = "tokenkeeper.viewer.round.duration";

    @Inject
    MetricRegistry registry;

    /** Names this node in the per-node series, as the viewers list names it. */
    @Inject
    NodeName nodeName;

    private final Set<String> tenantsWatched = ConcurrentHashMap.newKeySet();
    private Histogram roundSize;
    private Timer roundDuration;
    private Tag node;

    /** Created at start, so every series exists (at zero) from the first scrape. */
    void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // nothing to do: observing the event makes CDI create this bean and run register()
    }

    @PostConstruct
    void register() {
        node = new Tag("node", nodeName.get());
        synchronized (registry) { // Payara's registry makes timers and histograms unsafely: see TokenMetrics.register
            roundSize = registry.histogram(Metadata.builder().withName(ROUND_SIZE)
                    .withDescription("Viewers reached by one timed refresh round on this node").build(), node);
            roundDuration = registry.timer(Metadata.builder().withName(ROUND_DURATION)
                    .withDescription("From a timed round's start to its last slice sent on this node: the lag of its last viewer")
                    .withUnit(MetricUnits.SECONDS).build(), node);
        }
    }

    /**
     * A viewer of {@code tenantId} joined: the tenant's gauge exists from now on, reading {@code count}.
     * Labelled with the slug, the name an operator knows the tenant by (admin pages, API paths).
     */
    void tenantJoined(String tenantId, String tenantSlug, ToIntFunction<String> count) {
        if (registry != null && tenantId != null && tenantsWatched.add(tenantId)) {
            registry.gauge(Metadata.builder().withName(CONNECTED)
                    .withDescription("Viewers connected to this node, by tenant").build(),
                    () -> count.applyAsInt(tenantId), new Tag("tenant", tenantSlug == null ? tenantId : tenantSlug), node);
        }
    }

    /** A round begins over {@code viewers} viewers in {@code slices} slices; call {@link Round#sliceSent} after each. */
    Round roundStarted(int viewers, int slices) {
        if (registry == null) {
            return new Round(null, slices);
        }
        roundSize.update(viewers);
        return new Round(roundDuration, slices);
    }

    /** One round's clock: the last slice sent stops it. */
    static final class Round {
        private final Timer timer;
        private final long started = System.nanoTime();
        private final AtomicInteger left;

        Round(Timer timer, int slices) {
            this.timer = timer;
            this.left = new AtomicInteger(slices);
            if (slices == 0) {
                stop();
            }
        }

        void sliceSent() {
            if (left.decrementAndGet() == 0) {
                stop();
            }
        }

        private void stop() {
            if (timer != null) {
                timer.update(Duration.ofNanos(System.nanoTime() - started));
            }
        }
    }
}
