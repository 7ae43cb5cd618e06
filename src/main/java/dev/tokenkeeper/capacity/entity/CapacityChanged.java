package dev.tokenkeeper.capacity.entity;

import java.io.Serializable;

/**
 * Fired on every node after a capacity transition committed: locally (observe with
 * {@code @Observes(during = TransactionPhase.AFTER_SUCCESS)} or plainly, it is fired after the
 * commit) and, through Payara's clustered CDI events, on the other nodes. An unqualified
 * {@code @Observes CapacityChanged} hears both; {@code @Default} only this node's,
 * {@code @fish.payara.micro.cdi.Inbound} only the other nodes'.
 *
 * @param actor who caused it (an admin's sub or client id, a viewer's user), or null for the rules
 */
public record CapacityChanged(String tenantId, CapacityStatus status, String actor) implements Serializable {
}
