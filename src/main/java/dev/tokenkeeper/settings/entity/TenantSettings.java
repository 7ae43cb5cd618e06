package dev.tokenkeeper.settings.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** A tenant's settings row. A tenant without a row has {@link ViewerSettings#DEFAULTS}. */
@Entity
@Table(name = "tenant_settings")
@NamedQuery(name = TenantSettings.WITH_TIMED_REFRESH, query = "SELECT s FROM TenantSettings s WHERE s.timedRefreshMinutes > 0")
public class TenantSettings {

    public static final String WITH_TIMED_REFRESH = "TenantSettings.withTimedRefresh";

    @Id
    @Column(name = "tenant_id")
    private String tenantId;
    @Column(name = "timed_refresh_minutes")
    private int timedRefreshMinutes;
    @Column(name = "embed_token_minutes")
    private int embedTokenMinutes;
    @Column(name = "refresh_on_interaction")
    private boolean refreshOnInteraction;
    @Column(name = "updated_at")
    private long updatedAt;

    protected TenantSettings() {
    }

    public TenantSettings(String tenantId, ViewerSettings settings, Instant now) {
        this.tenantId = tenantId;
        apply(settings, now);
    }

    public final void apply(ViewerSettings settings, Instant now) {
        this.timedRefreshMinutes = settings.timedRefreshMinutes();
        this.embedTokenMinutes = settings.embedTokenMinutes();
        this.refreshOnInteraction = settings.refreshOnInteraction();
        this.updatedAt = now.toEpochMilli();
    }

    public ViewerSettings viewerSettings() {
        return new ViewerSettings(timedRefreshMinutes, embedTokenMinutes, refreshOnInteraction);
    }

    public String tenantId() {
        return tenantId;
    }
}
