package dev.tokenkeeper.viewer.boundary;

import dev.tokenkeeper.viewer.entity.ViewerSummary;
import java.time.Instant;

/** A viewer as an admin sees it, with the node that holds its socket: never the token itself, only its id and life. */
public record ViewerView(String id, String node, String user, String reportId, String state, Instant openedAt, String tokenId,
        Instant tokenExpiresAt, String lastReason) {

    static ViewerView of(ViewerSummary viewer) {
        return new ViewerView(viewer.id(), viewer.node(), viewer.user(), viewer.reportId(), viewer.state(), viewer.openedAt(),
                viewer.tokenId(), viewer.tokenExpiresAt(), viewer.lastReason());
    }
}
