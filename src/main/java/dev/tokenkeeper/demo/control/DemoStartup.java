package dev.tokenkeeper.demo.control;

import dev.tokenkeeper.demo.control.DemoProvisioning.Outcome;
import dev.tokenkeeper.platform.boundary.ServerErrorMapper;
import dev.tokenkeeper.platform.entity.Urls;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * At start, when {@code tokenkeeper.demo.enabled}: makes sure the demo exists and says once where
 * to open it. A failure here is logged, never thrown: the demo must not keep the service from
 * starting, and the sign-in tries the set-up again.
 */
@Startup
@Singleton
@DependsOn("SchemaMigration")
public class DemoStartup {

    private static final Logger LOG = System.getLogger(DemoStartup.class.getName());
    /** The first attempt can lose a race with another node, the second finds the winner's demo; a third is for luck. */
    static final int ATTEMPTS = 3;

    @Inject
    @ConfigProperty(name = "tokenkeeper.demo.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "tokenkeeper.issuer")
    String issuer;

    @Inject
    DemoProvisioning provisioning;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void start() {
        if (!enabled) {
            LOG.log(Level.INFO, "Demo is off (tokenkeeper.demo.enabled=false)");
            return;
        }
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                Outcome outcome = provisioning.ensure();
                if (outcome == Outcome.TENANT_TAKEN) {
                    LOG.log(Level.WARNING, "Demo is unavailable: a tenant ''{0}'' exists that the demo did not create. "
                            + "Set tokenkeeper.demo.enabled=false to silence this", DemoProvisioning.TENANT_SLUG);
                    return;
                }
                // the demo tenant's settings page is one sign-in away: say where, and with which account
                LOG.log(Level.INFO, "Demo viewer: {0}/demo/ (tenant ''{1}'', report ''{2}''{3}; turn it off in production: "
                        + "tokenkeeper.demo.enabled=false). Its settings: {0}/admin/settings.xhtml?tenant={1} "
                        + "(admin pages at {0}/admin/; sign in as ''admin'' with the password printed once at first start, "
                        + "or the one set by TOKENKEEPER_BOOTSTRAP_ADMIN_PASSWORD)", baseUrl(), DemoProvisioning.TENANT_SLUG,
                        DemoProvisioning.REPORT_ID, outcome == Outcome.CREATED ? ", created now" : "");
                return;
            } catch (RuntimeException e) {
                // typically another node creating the demo at this very moment: its commit makes our next attempt find it
                LOG.log(attempt < ATTEMPTS ? Level.INFO : Level.WARNING, "Demo set-up attempt {0} of {1} did not complete ({2}){3}",
                        attempt, ATTEMPTS, ServerErrorMapper.rootMessage(e), attempt < ATTEMPTS ? "; trying again" : "; the demo sign-in will try again");
            }
        }
    }

    /**
     * The port Payara Micro really listens on (it may differ from the configured issuer's, e.g.
     * with {@code --port}), read through its own API; the issuer when that is unavailable.
     */
    private String baseUrl() {
        try {
            Class<?> micro = Class.forName("fish.payara.micro.PayaraMicro");
            Object instance = micro.getMethod("getInstance").invoke(null);
            Object port = instance.getClass().getMethod("getHttpPort").invoke(instance);
            if (port instanceof Integer number && number > 0) {
                return "http://localhost:" + number;
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError notPayaraMicro) {
            LOG.log(Level.DEBUG, "HTTP port not available from Payara Micro; showing the issuer instead", notPayaraMicro);
        }
        return Urls.withoutTrailingSlash(issuer);
    }
}
