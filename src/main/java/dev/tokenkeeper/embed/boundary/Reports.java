package dev.tokenkeeper.embed.boundary;

import dev.tokenkeeper.embed.control.EmbedTokenIssuer;
import dev.tokenkeeper.embed.control.ReportRegistry;
import dev.tokenkeeper.embed.entity.ReportProvider;
import dev.tokenkeeper.embed.entity.ReportRefusedException;
import dev.tokenkeeper.tenant.boundary.Tenants;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.util.List;

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
        return ReportView.of(registry.register(tenants.idOf(slug), input.id, input.name.trim(), provider), slug);
    }

    public List<ReportView> list(String slug) {
        return registry.of(tenants.idOf(slug)).stream().map(report -> ReportView.of(report, slug)).toList();
    }

    public ReportView get(String slug, String reportId) {
        return registry.find(tenants.idOf(slug), reportId).map(report -> ReportView.of(report, slug))
                .orElseThrow(() -> new NotFoundException("Tenant '" + slug + "' has no report '" + reportId + "'"));
    }

    public EmbedTokenView embedToken(String tenantSlug, String user, String reportId) {
        try {
            return EmbedTokenView.of(issuer.issue(tenants.idOf(tenantSlug), tenantSlug, user, reportId));
        } catch (ReportRefusedException e) {
            // ClientErrorMapper writes these as {error, error_description}
            throw switch (e.reason()) {
                case OTHER_TENANT -> new ForbiddenException(e.getMessage());
                case UNKNOWN_REPORT -> new NotFoundException(e.getMessage());
            };
        }
    }
}
