package dev.tokenkeeper.demo.boundary;

import dev.tokenkeeper.demo.control.DemoProvisioning;
import dev.tokenkeeper.demo.control.DemoSignIn;
import dev.tokenkeeper.demo.control.EmbedTokenCheck;
import dev.tokenkeeper.demo.control.SalesFigures;
import dev.tokenkeeper.demo.entity.SalesReport;
import dev.tokenkeeper.demo.entity.VerifiedEmbedToken;
import dev.tokenkeeper.token.entity.IssuedTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The demo feature's facade: the demo sign-in, and the data of builtin reports. */
@ApplicationScoped
public class Demo {

    @Inject
    @ConfigProperty(name = "tokenkeeper.demo.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    DemoSignIn signIn;

    @Inject
    EmbedTokenCheck embedTokens;

    @Inject
    SalesFigures figures;

    @Inject
    Clock clock;

    public SignInView signIn(String user) {
        if (!enabled) {
            throw new NotFoundException("The demo is turned off on this server (tokenkeeper.demo.enabled=false)");
        }
        IssuedTokens issued = signIn.signIn(user);
        Instant now = clock.instant();
        return new SignInView(issued.accessToken(), "bearer",
                issued.accessExpiresAt() == null ? null : IssuedTokens.secondsLeft(issued.accessExpiresAt(), now),
                issued.refreshToken(),
                issued.refreshExpiresAt() == null ? null : IssuedTokens.secondsLeft(issued.refreshExpiresAt(), now),
                user, DemoProvisioning.TENANT_SLUG, DemoProvisioning.REPORT_ID);
    }

    @Inject
    DemoProvisioning provisioning;

    /** What the "show on a TV" page needs to run the device flow: only the demo app's public client id. */
    public TvView tv() {
        if (!enabled) {
            throw new NotFoundException("The demo is turned off on this server (tokenkeeper.demo.enabled=false)");
        }
        String clientId = provisioning.clientId().orElseThrow(() -> new NotFoundException("The demo is not set up yet: try again in a moment"));
        return new TvView(clientId, DemoProvisioning.TENANT_SLUG, DemoProvisioning.REPORT_ID);
    }

    public record TvView(String clientId, String tenant, String reportId) {
    }

    /** Builtin reports are served whether or not the demo is on: any tenant may register one. */
    public SalesReport reportData(String authorization, String reportId) {
        VerifiedEmbedToken token = embedTokens.verify(authorization, reportId, clock.instant());
        return figures.of(token.tenant(), token.reportId());
    }
}
