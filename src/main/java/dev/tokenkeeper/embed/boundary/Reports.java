package dev.tokenkeeper.embed.boundary;

import dev.tokenkeeper.platform.boundary.ServerErrorMapper;
import dev.tokenkeeper.platform.control.DatabaseFailures;
import dev.tokenkeeper.embed.control.EmbedTokenIssuer;
import dev.tokenkeeper.embed.control.EmbedTokenUnavailableException;
import dev.tokenkeeper.embed.control.ReportRegistry;
import dev.tokenkeeper.embed.entity.PowerBiReportIds;
import dev.tokenkeeper.embed.entity.ReportProvider;
import dev.tokenkeeper.embed.entity.ReportRefusedException;
import dev.tokenkeeper.tenant.boundary.Tenants;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ServiceUnavailableException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/** The embed feature's facade and transaction boundary: reports of a tenant and embed tokens for them. */
@ApplicationScoped
@Transactional
public class Reports {

    @Inject
    Tenants tenants;

    @Inject
    ReportRegistry registry;

    @Inject
    EmbedTokenIssuer issuer;

    public ReportView register(String slug, NewReport input) {
        ReportProvider provider = input.provider == null ? ReportProvider.BUILTIN
                : ReportProvider.ofCode(input.provider).orElseThrow(); // the DTO's @Pattern admits only known codes
        // GUIDs in lower case, as Power BI writes them; roles once each, in the order given
        PowerBiReportIds powerBi = input.powerBi == null ? null : new PowerBiReportIds(input.powerBi.workspaceId.toLowerCase(Locale.ROOT),
                input.powerBi.reportId.toLowerCase(Locale.ROOT), input.powerBi.datasetId.toLowerCase(Locale.ROOT));
        List<String> roles = input.rowLevelSecurity == null ? List.of() : List.copyOf(new LinkedHashSet<>(input.rowLevelSecurity.roles));
        return ReportView.of(registry.register(tenants.idOf(slug), input.id, input.name.trim(), provider, powerBi, roles), slug);
    }

    public List<ReportView> list(String slug) {
        return registry.of(tenants.idOf(slug)).stream().map(report -> ReportView.of(report, slug)).toList();
    }

    public ReportView get(String slug, String reportId) {
        return registry.find(tenants.idOf(slug), reportId).map(report -> ReportView.of(report, slug))
                .orElseThrow(() -> new NotFoundException("Tenant '" + slug + "' has no report '" + reportId + "'"));
    }

    /**
     * Whether every viewer of the report sees the same data (no row-level security), so one embed
     * token serves them all: the viewer channel fetches once per round for such a report.
     */
    public boolean oneTokenForAll(String tenantId, String reportId) {
        return registry.find(tenantId, reportId).map(report -> report.rlsRoles().isEmpty())
                .orElseThrow(() -> new NotFoundException("There is no report '" + reportId + "' in this tenant"));
    }

    /**
     * Outside any transaction: a provider may wait seconds on Power BI (retries, throttling), and a
     * transaction would hold a pooled database connection all that time, so a slow Power BI could
     * drain the pool and stall the token endpoint with it. Every read below runs on its own.
     */
    @Transactional(TxType.NOT_SUPPORTED)
    public EmbedTokenView embedToken(String tenantSlug, String user, String reportId) {
        return embedToken(tenants.idOf(tenantSlug), tenantSlug, user, reportId);
    }

    /** As {@link #embedToken(String, String, String)}, for callers that hold the tenant's id already (a viewer session). */
    @Transactional(TxType.NOT_SUPPORTED)
    public EmbedTokenView embedToken(String tenantId, String tenantSlug, String user, String reportId) {
        try {
            return EmbedTokenView.of(issuer.issue(tenantId, tenantSlug, user, reportId));
        } catch (ReportRefusedException e) {
            // ClientErrorMapper writes these as {error, error_description}
            throw switch (e.reason()) {
                case OTHER_TENANT -> new ForbiddenException(e.getMessage());
                case UNKNOWN_REPORT -> new NotFoundException(e.getMessage());
            };
        } catch (EmbedTokenUnavailableException e) {
            // 503 + Retry-After (RFC 9110 §15.6.4): nothing is wrong with the request, ask again later
            throw new ServiceUnavailableException(e.getMessage(), Math.max(1, e.retryAfter().toSeconds()));
        } catch (RuntimeException e) {
            if (DatabaseFailures.isUnavailable(e)) {
                // the same answer as a provider outage: a viewer keeps its token and logs one line, not a stack per viewer
                throw new ServiceUnavailableException("The database cannot be reached right now; retry in a few seconds",
                        Long.parseLong(ServerErrorMapper.RETRY_AFTER_SECONDS));
            }
            throw e;
        }
    }
}
