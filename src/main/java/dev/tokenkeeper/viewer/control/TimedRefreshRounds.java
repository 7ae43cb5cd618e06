package dev.tokenkeeper.viewer.control;

import dev.tokenkeeper.capacity.boundary.Capacities;
import dev.tokenkeeper.capacity.entity.Activity;
import dev.tokenkeeper.capacity.entity.CapacityStatus;
import dev.tokenkeeper.viewer.entity.TokenReason;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One timed-refresh round for a tenant: every live viewer of this node gets exactly one {@code timed}
 * token, idle or not. A big tenant is served in slices spread over a short window, so the sends do
 * not leave in one burst; embed tokens are shared, so a round mints once per (report, identity).
 *
 * <p>Capacity-aware: a tenant whose capacity is not serving gets no round (its viewers were told
 * {@code CapacityPaused} and wait for a resumed token), and a round is reported to the capacity as
 * activity once per distinct user, off the send path; the capacity counts it only for users allowed to
 * keep it awake, so forgotten tabs of everyone else let it pause.
 */
@ApplicationScoped
public class TimedRefreshRounds {

    private static final Logger LOG = Logger.getLogger(TimedRefreshRounds.class.getName());
    /** Time between slices of a spread round. */
    static final long SLICE_MILLIS = 50;
    /** Fewer viewers than this in a slice is not worth a slice of its own. */
    static final int MIN_SLICE = 100;

    @Resource
    ManagedScheduledExecutorService executor;

    @Inject
    ViewerRegistry registry;

    @Inject
    ViewerChannel channel;

    @Inject
    Capacities capacities;

    /** Counts nothing until CDI injects the real one (unit tests build this class with new). */
    @Inject
    ViewerMetrics metrics = new ViewerMetrics();

    /**
     * The window a big round is spread over. Its last slice leaves {@code spread - SLICE_MILLIS} after
     * the first, so the spread is a floor under the time to the last viewer: 500 ms leaves room for the
     * sends inside the 1 s target (bench/fanout.sh), and 10 slices still avoid a single burst.
     */
    @Inject
    @ConfigProperty(name = "tokenkeeper.viewer.timed-spread-millis", defaultValue = "500")
    long spreadMillis;

    private final AtomicLong rounds = new AtomicLong();

    /** Starts a round and returns at once; the slices run on the managed executor. @return the viewers it will reach */
    public int run(String tenantId) {
        CapacityStatus capacity = channel.capacityOf(tenantId);
        if (capacity != null && !capacity.serving()) {
            LOG.info(() -> "Timed refresh round for tenant " + tenantId + " skipped: its capacity is " + capacity.state());
            return 0;
        }
        long round = rounds.incrementAndGet();
        List<ViewerSession> viewers = List.copyOf(channel.stillSignedIn(registry.liveOf(tenantId)));
        Set<String> users = new LinkedHashSet<>();
        viewers.forEach(viewer -> users.add(viewer.user()));
        if (!users.isEmpty()) {
            executor.execute(() -> countAsActivity(tenantId, users));
        }
        List<List<ViewerSession>> slices = slices(viewers, spreadMillis);
        ViewerChannel.RoundTokens tokens = new ViewerChannel.RoundTokens(channel::oneTokenForAll); // one fetch per (report, identity)
        ViewerMetrics.Round clock = metrics.roundStarted(viewers.size(), slices.size());
        for (int i = 0; i < slices.size(); i++) {
            List<ViewerSession> slice = slices.get(i);
            Runnable send = () -> {
                slice.forEach(session -> {
                    if (session.firstTimeIn(round)) {
                        channel.refresh(session, TokenReason.TIMED, tokens);
                    }
                });
                clock.sliceSent();
            };
            if (i == 0) {
                executor.execute(send);
            } else {
                executor.schedule(send, i * SLICE_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
        // one line per round and tenant: what an operator checks when a TV says its token expired
        LOG.info(() -> "Timed refresh round " + round + " for tenant " + tenantId + " started: " + viewers.size()
                + " viewer(s) in " + slices.size() + " slice(s)");
        return viewers.size();
    }

    /** One TIMED_REFRESH per distinct user of the round, not per viewer: the capacity decides whose counts. */
    void countAsActivity(String tenantId, Set<String> users) {
        for (String user : users) {
            try {
                capacities.activity(tenantId, user, Activity.TIMED_REFRESH);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A timed round's activity for tenant " + tenantId + " could not be recorded", e);
                return; // the facade is failing: the rest would fail too
            }
        }
    }

    /** Cuts the viewers into at most {@code spread / SLICE_MILLIS} slices of at least {@link #MIN_SLICE}. */
    static <T> List<List<T>> slices(List<T> viewers, long spreadMillis) {
        if (viewers.isEmpty()) {
            return List.of();
        }
        long bySpread = Math.max(1, spreadMillis / SLICE_MILLIS);
        long bySize = Math.max(1, (viewers.size() + MIN_SLICE - 1) / MIN_SLICE);
        int count = (int) Math.min(bySpread, bySize);
        int size = (viewers.size() + count - 1) / count;
        java.util.ArrayList<List<T>> slices = new java.util.ArrayList<>(count);
        for (int from = 0; from < viewers.size(); from += size) {
            slices.add(viewers.subList(from, Math.min(viewers.size(), from + size)));
        }
        return slices;
    }
}
