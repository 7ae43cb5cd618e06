package dev.tokenkeeper.token.control;

import dev.tokenkeeper.audit.boundary.AuditLog;
import dev.tokenkeeper.audit.entity.AuditEvent;
import dev.tokenkeeper.audit.entity.AuditEventType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps audit events in memory instead of the database; safe for concurrent grants. */
final class RecordingAuditLog extends AuditLog {

    final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditEvent event) {
        events.add(event);
    }

    List<AuditEventType> types() {
        return events.stream().map(AuditEvent::type).toList();
    }

    List<AuditEvent> ofType(AuditEventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    AuditEvent last() {
        return events.get(events.size() - 1);
    }
}
