package dev.tokenkeeper.viewer.boundary;

import dev.tokenkeeper.viewer.control.ViewerSession;
import java.time.Instant;

/** A viewer as an admin sees it: never the token itself, only its id and life. */
public record ViewerView(String id, String user, String reportId, String state, Instant openedAt, String tokenId,
        Instant tokenExpiresAt, String lastReason) {

    static ViewerView of(ViewerSession session) {
        return new ViewerView(session.id(), session.user(), session.reportId(), session.state().name().toLowerCase(java.util.Locale.ROOT),
                session.openedAt(), session.tokenId(), session.tokenLife() == null ? null : session.tokenLife().expiresAt(),
                session.lastReason() == null ? null : session.lastReason().code());
    }
}
