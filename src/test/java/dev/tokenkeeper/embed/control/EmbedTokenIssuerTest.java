package dev.tokenkeeper.embed.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tokenkeeper.embed.entity.EffectiveIdentity;
import dev.tokenkeeper.embed.entity.EmbedToken;
import dev.tokenkeeper.embed.entity.Report;
import dev.tokenkeeper.embed.entity.ReportProvider;
import dev.tokenkeeper.embed.entity.ReportRefusedException;
import dev.tokenkeeper.embed.entity.ReportRefusedException.Reason;
import dev.tokenkeeper.settings.boundary.TenantSettingsFacade;
import dev.tokenkeeper.settings.entity.ViewerSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmbedTokenIssuerTest {

    private static final Instant NOW = Instant.parse("2026-11-25T11:00:00Z");

    private EmbedTokenIssuer cut;
    private final List<Report> stored = new ArrayList<>();
    private final List<Duration> lifetimes = new ArrayList<>();
    private int embedTokenMinutes = 60;

    @BeforeEach
    void issuer() {
        stored.add(new Report("acme-id", "sales", "Sales", ReportProvider.BUILTIN, NOW));
        stored.add(new Report("globex-id", "theirs", "Theirs", ReportProvider.BUILTIN, NOW));
        cut = new EmbedTokenIssuer();
        cut.reports = new ReportRegistry() {
            @Override
            public Optional<Report> find(String tenantId, String reportId) {
                return stored.stream().filter(r -> r.tenantId().equals(tenantId) && r.reportId().equals(reportId)).findFirst();
            }

            @Override
            public boolean existsInAnyTenant(String reportId) {
                return stored.stream().anyMatch(r -> r.reportId().equals(reportId));
            }
        };
        cut.settings = new TenantSettingsFacade() {
            @Override
            public ViewerSettings current(String tenantId) {
                return new ViewerSettings(0, embedTokenMinutes, true);
            }
        };
        cut.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        cut.shared = new SharedEmbedTokens();
        cut.shared.store = new InMemorySharedTokenStore();
        cut.shared.clock = cut.clock;
        cut.shared.shareSeconds = 30;
        cut.byKind = Map.of(ReportProvider.BUILTIN, new EmbedTokenProvider() {
            @Override
            public ReportProvider kind() {
                return ReportProvider.BUILTIN;
            }

            @Override
            public EmbedToken mint(Report report, String tenant, Optional<EffectiveIdentity> identity, Duration lifetime, Instant now) {
                lifetimes.add(lifetime);
                return new EmbedToken("t", "id", now.plus(lifetime), report.reportId(), "url");
            }
        });
    }

    @Test
    void reportOfTheCallersTenantGetsATokenForTheTenantsLifetime() {
        embedTokenMinutes = 15;
        EmbedToken token = cut.issue("acme-id", "acme", "ada", "sales");
        assertEquals("sales", token.reportId());
        assertEquals(List.of(Duration.ofMinutes(15)), lifetimes);
        assertEquals(NOW.plus(Duration.ofMinutes(15)), token.expiration());
    }

    @Test
    void viewersOfOneReportShareTheTokenButALifetimeChangeMintsANewOne() {
        EmbedToken first = cut.issue("acme-id", "acme", "ada", "sales");
        assertEquals(first, cut.issue("acme-id", "acme", "grace", "sales"), "no row-level security: one token for all viewers");
        embedTokenMinutes = 15;
        cut.issue("acme-id", "acme", "ada", "sales");
        assertEquals(List.of(Duration.ofMinutes(60), Duration.ofMinutes(15)), lifetimes);
    }

    @Test
    void reportOfAnotherTenantIsForbidden() {
        ReportRefusedException refused = assertThrows(ReportRefusedException.class, () -> cut.issue("acme-id", "acme", "ada", "theirs"));
        assertEquals(Reason.OTHER_TENANT, refused.reason());
        assertEquals(List.of(), lifetimes, "nothing minted");
    }

    @Test
    void reportThatExistsNowhereIsNotFound() {
        ReportRefusedException refused = assertThrows(ReportRefusedException.class, () -> cut.issue("acme-id", "acme", "ada", "nowhere"));
        assertEquals(Reason.UNKNOWN_REPORT, refused.reason());
    }
}
