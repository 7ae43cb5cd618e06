package dev.tokenkeeper.viewer.control;

import dev.tokenkeeper.settings.entity.SettingsChanged;
import fish.payara.micro.cdi.Outbound;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells the other nodes of the cluster that a tenant's settings changed, through Payara's clustered
 * CDI events, so that every node reschedules its timer at once ({@link TimedRefreshSchedule} observes
 * them as {@code @Inbound}). Only the node's own changes ({@code @Default}) are relayed, never an event
 * that came from another node. If the message is lost, the schedule's database reconciliation
 * brings the change within 30 s anyway.
 */
@ApplicationScoped
public class SettingsRelay {

    private static final Logger LOG = Logger.getLogger(SettingsRelay.class.getName());

    @Inject
    @Outbound
    Event<SettingsChanged> otherNodes;

    void relay(@Observes(during = TransactionPhase.AFTER_SUCCESS) @Default SettingsChanged change) {
        try {
            otherNodes.fire(change);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not tell the other nodes about tenant " + change.tenantId()
                    + "'s new settings; they pick it up from the database within 30 s", e);
        }
    }
}
