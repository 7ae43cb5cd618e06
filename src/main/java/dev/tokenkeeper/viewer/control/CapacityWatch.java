package dev.tokenkeeper.viewer.control;

import dev.tokenkeeper.capacity.entity.CapacityChanged;
import fish.payara.micro.cdi.Inbound;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands every capacity change, of this node or another ({@code @Inbound}, Payara's clustered CDI
 * events), to {@link ViewerChannel#capacityChanged}. On the managed executor: the change is observed in
 * the thread that committed it (an admin's request, a viewer's resume), and resuming fetches tokens for
 * every waiting viewer. Events handled late or out of order do no harm: the channel acts on the capacity as it is now.
 */
@ApplicationScoped
public class CapacityWatch {

    private static final Logger LOG = Logger.getLogger(CapacityWatch.class.getName());

    @Inject
    ViewerChannel channel;

    @Resource
    ManagedExecutorService executor;

    void changedHere(@Observes(during = TransactionPhase.AFTER_SUCCESS) @Default CapacityChanged change) {
        handOver(change);
    }

    void changedElsewhere(@Observes @Inbound CapacityChanged change) {
        handOver(change);
    }

    private void handOver(CapacityChanged change) {
        Runnable apply = () -> {
            try {
                channel.capacityChanged(change.status());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Viewers of tenant " + change.tenantId() + " were not all told of its capacity "
                        + change.status().state() + " (a waiting viewer is resumed by the sweep, a lapse while paused is told as a pause)", e);
            }
        };
        try {
            executor.execute(apply);
        } catch (RejectedExecutionException e) {
            apply.run(); // a saturated executor must not lose a pause or a resume
        }
    }
}
