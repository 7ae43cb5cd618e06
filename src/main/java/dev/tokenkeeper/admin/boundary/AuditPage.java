package dev.tokenkeeper.admin.boundary;

import dev.tokenkeeper.audit.boundary.AuditLog;
import dev.tokenkeeper.audit.entity.AuditEvent;
import dev.tokenkeeper.audit.entity.AuditEventType;
import dev.tokenkeeper.tenant.boundary.Tenants;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Arrays;
import java.util.List;

/** A tenant's audit log, newest first, a page at a time, filtered by event type and person. Bookmarkable: the filters are URL parameters. */
@Named
@ViewScoped
public class AuditPage extends TenantPage {

    private static final long serialVersionUID = 1L;
    static final int PAGE_SIZE = 25;

    @Inject
    AuditLog audit;

    @Inject
    Tenants tenants;

    private String type;
    private String person;
    private int page;
    private List<AuditEvent> events = List.of();
    private boolean more;

    @Override
    protected void refresh() {
        AuditEventType wanted = type == null || type.isBlank() ? null
                : Arrays.stream(AuditEventType.values()).filter(t -> t.name().equals(type)).findFirst().orElse(null);
        String who = person == null || person.isBlank() ? null : person.trim();
        page = Math.max(0, page);
        List<AuditEvent> read = audit.page(tenants.idOf(getTenant()), wanted, who, page * PAGE_SIZE, PAGE_SIZE);
        more = read.size() > PAGE_SIZE;
        events = more ? read.subList(0, PAGE_SIZE) : read;
    }

    public List<String> getTypes() {
        return Arrays.stream(AuditEventType.values()).map(Enum::name).toList();
    }

    public List<AuditEvent> getEvents() { return events; }
    public boolean isMore() { return more; }
    public int getPage() { return page; }
    public void setPage(int page) { this.page = page; }
    public String getType() { return type; }
    public void setType(String type) { this.type = type; }
    public String getPerson() { return person; }
    public void setPerson(String person) { this.person = person; }
}
