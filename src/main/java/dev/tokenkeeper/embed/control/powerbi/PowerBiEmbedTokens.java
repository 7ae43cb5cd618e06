package dev.tokenkeeper.embed.control.powerbi;

import dev.tokenkeeper.embed.control.EmbedTokenProvider;
import dev.tokenkeeper.embed.control.EmbedTokenUnavailableException;
import dev.tokenkeeper.embed.entity.EffectiveIdentity;
import dev.tokenkeeper.embed.entity.EmbedToken;
import dev.tokenkeeper.embed.entity.PowerBiCredentials;
import dev.tokenkeeper.embed.entity.PowerBiReportIds;
import dev.tokenkeeper.embed.entity.Report;
import dev.tokenkeeper.embed.entity.ReportProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The {@code powerbi} provider: an Entra ID token for the tenant's service principal, then Power
 * BI's GenerateToken for the report (with the viewer's row-level security identity when the report
 * has one). Power BI decides the expiration; we answer exactly what it says.
 */
@ApplicationScoped
public class PowerBiEmbedTokens implements EmbedTokenProvider {

    @Inject
    PowerBiConnectionStore connections;

    @Inject
    EntraTokens entra;

    @Inject
    PowerBiApi api;

    /**
     * A report's embedUrl does not change while the report exists, so it is fetched once per report
     * and node. Keyed by our tenant too: another tenant naming the same Power BI report must fetch it
     * with its own credentials, and be refused if they do not reach it.
     */
    private final ConcurrentMap<EmbedUrlKey, String> embedUrls = new ConcurrentHashMap<>();

    private record EmbedUrlKey(String tenantId, String workspaceId, String reportId) {
    }

    @Override
    public ReportProvider kind() {
        return ReportProvider.POWERBI;
    }

    /** {@code now} is not needed: Power BI sets the expiration, and the Entra token cache reads the clock itself. */
    @Override
    public EmbedToken mint(Report report, String tenant, Optional<EffectiveIdentity> identity, Duration lifetime, Instant now) {
        PowerBiReportIds ids = report.powerBi().orElseThrow(() -> new IllegalStateException(
                "Report " + report.reportId() + " of tenant " + tenant + " has provider powerbi but no Power BI ids"));
        PowerBiCredentials credentials = connections.credentials(report.tenantId()).orElseThrow(() -> new EmbedTokenUnavailableException(
                "Tenant '" + tenant + "' has no Power BI connection: an admin sets it with PUT /api/tenants/" + tenant + "/powerbi",
                PowerBiHttp.AFTER_REFUSAL, null));
        String accessToken = entra.accessToken(credentials, lifetime);
        String embedUrl = embedUrl(report.tenantId(), ids, accessToken);
        GeneratedToken generated = api.generateToken(accessToken, ids, identity, lifetime);
        return new EmbedToken(generated.token(), generated.tokenId(), generated.expiration(), report.reportId(), embedUrl);
    }

    /** Not computeIfAbsent: that would hold a lock of the map across an HTTP call with retries. Two racing fetches are harmless. */
    private String embedUrl(String tenantId, PowerBiReportIds ids, String accessToken) {
        EmbedUrlKey key = new EmbedUrlKey(tenantId, ids.workspaceId(), ids.reportId());
        String known = embedUrls.get(key);
        if (known != null) {
            return known;
        }
        String fetched = api.embedUrl(accessToken, ids);
        String raced = embedUrls.putIfAbsent(key, fetched);
        return raced != null ? raced : fetched;
    }
}
