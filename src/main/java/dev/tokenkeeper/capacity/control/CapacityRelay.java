package dev.tokenkeeper.capacity.control;

import dev.tokenkeeper.capacity.entity.CapacityChanged;
import dev.tokenkeeper.settings.entity.SettingsChanged;
import fish.payara.micro.cdi.Inbound;
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
 * Tells the other nodes of a capacity transition through Payara's clustered CDI events (as
 * {@code viewer.control.SettingsRelay} does for settings), and keeps this node's snapshot in step
 * with theirs and with settings changes. Only this node's own events ({@code @Default}) are relayed,
 * never one that came from another node. A lost message is healed by the evaluator's next pass,
 * which reads every row.
 */
@ApplicationScoped
public class CapacityRelay {

    private static final Logger LOG = Logger.getLogger(CapacityRelay.class.getName());

    @Inject
    @Outbound
    Event<CapacityChanged> otherNodes;

    @Inject
    CapacityEngine engine;

    @Inject
    CapacityEvaluator evaluator;

    void relay(@Observes(during = TransactionPhase.AFTER_SUCCESS) @Default CapacityChanged change) {
        try {
            otherNodes.fire(change);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not tell the other nodes that tenant " + change.tenantId() + "'s capacity is "
                    + change.status().state().json() + "; their evaluators read it from the database within seconds", e);
        }
    }

    void heard(@Observes @Inbound CapacityChanged change) {
        engine.heard(change);
    }

    /** This node's settings change: the rules apply at once (a mode switched to scheduled outside its window pauses now). */
    void settingsChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) @Default SettingsChanged change) {
        engine.settingsChanged(change.tenantId(), change.settings().capacity());
        evaluator.settingsChanged(change.tenantId());
    }

    void settingsChangedElsewhere(@Observes @Inbound SettingsChanged change) {
        engine.settingsChanged(change.tenantId(), change.settings().capacity());
    }
}
