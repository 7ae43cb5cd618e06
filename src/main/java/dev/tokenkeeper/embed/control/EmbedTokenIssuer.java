package dev.tokenkeeper.embed.control;

import dev.tokenkeeper.embed.entity.EffectiveIdentity;
import dev.tokenkeeper.embed.entity.EmbedToken;
import dev.tokenkeeper.embed.entity.Report;
import dev.tokenkeeper.embed.entity.ReportProvider;
import dev.tokenkeeper.embed.entity.ReportRefusedException;
import dev.tokenkeeper.embed.entity.ReportRefusedException.Reason;
import dev.tokenkeeper.settings.boundary.TenantSettingsFacade;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who gets an embed token for which report: a signed-in user, for a report of the tenant their
 * access token belongs to, for the tenant's {@code embedTokenMinutes}. Tenants are kept apart here.
 * Viewers with the same effective identity get the same token while it is fresh ({@link SharedEmbedTokens}).
 */
@ApplicationScoped
public class EmbedTokenIssuer {

    @Inject
    ReportRegistry reports;

    @Inject
    TenantSettingsFacade settings;

    @Inject
    @Any
    Instance<EmbedTokenProvider> providers;

    /** Filled once from the CDI beans; unit tests set it directly. */
    Map<ReportProvider, EmbedTokenProvider> byKind = new EnumMap<>(ReportProvider.class);

    @Inject
    Clock clock;

    @Inject
    SharedEmbedTokens shared;

    /** Counts nothing until CDI injects the real one (unit tests build this class with new). */
    @Inject
    EmbedMetrics metrics = new EmbedMetrics();

    @PostConstruct
    void collectProviders() {
        providers.forEach(provider -> byKind.put(provider.kind(), provider));
    }

    public EmbedToken issue(String tenantId, String tenantSlug, String user, String reportId) {
        Report report = reports.find(tenantId, reportId).orElseThrow(() -> refusal(reportId));
        Duration lifetime = Duration.ofMinutes(settings.current(tenantId).embedTokenMinutes());
        Optional<EffectiveIdentity> identity = report.identityFor(user);
        EmbedTokenProvider provider = provider(report);
        String key = String.join("|", tenantId, report.reportId(), Long.toString(lifetime.toMinutes()), EffectiveIdentity.keyOf(identity));
        return shared.get(key, () -> metrics.mint(report.provider(), () -> provider.mint(report, tenantSlug, identity, lifetime, clock.instant())));
    }

    /**
     * The contract asks for 403 on another tenant's report, so a 404 means the id exists nowhere.
     * That tells a user whether an id is taken elsewhere, nothing more: not which tenant, not the name.
     */
    private ReportRefusedException refusal(String reportId) {
        if (reports.existsInAnyTenant(reportId)) {
            return new ReportRefusedException(Reason.OTHER_TENANT,
                    "Report '" + reportId + "' belongs to another tenant: you may view only your own tenant's reports");
        }
        return new ReportRefusedException(Reason.UNKNOWN_REPORT, "There is no report '" + reportId + "'");
    }

    private EmbedTokenProvider provider(Report report) {
        return Optional.ofNullable(byKind.get(report.provider()))
                .orElseThrow(() -> new IllegalStateException("No embed token provider for " + report.provider().code()
                        + " (report " + report.reportId() + ")"));
    }
}
