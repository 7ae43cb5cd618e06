package dev.tokenkeeper.demo.control;

import com.nimbusds.jose.jwk.ECKey;
import dev.tokenkeeper.demo.entity.DemoSetup;
import dev.tokenkeeper.embed.boundary.NewReport;
import dev.tokenkeeper.embed.boundary.Reports;
import dev.tokenkeeper.platform.boundary.JsonBuilders;
import dev.tokenkeeper.security.control.Pepper;
import dev.tokenkeeper.security.control.Sealer;
import dev.tokenkeeper.settings.boundary.TenantSettingsFacade;
import dev.tokenkeeper.settings.entity.ViewerSettings;
import dev.tokenkeeper.platform.entity.Urls;
import dev.tokenkeeper.tenant.boundary.AppChanges;
import dev.tokenkeeper.tenant.boundary.AppView;
import dev.tokenkeeper.tenant.boundary.NewApp;
import dev.tokenkeeper.tenant.boundary.NewTenant;
import dev.tokenkeeper.tenant.boundary.TenantDirectory;
import dev.tokenkeeper.tenant.boundary.Tenants;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates the demo once: tenant {@code demo} trusting the demo identity provider, an app, the
 * builtin report {@code demo-sales} and settings that show refreshes within minutes. Everything is
 * made through the owning features' facades, exactly as the admin API would make it.
 *
 * <p>Safe to run on every start and on several nodes at once: the {@code demo_setup} row is read
 * with a write lock, and when it is missing the first node's insert of tenant {@code demo} (unique
 * slug) makes every other node's transaction fail and roll back whole; they run again and find the
 * demo made. A {@code demo} tenant that the demo did not create is left alone.
 */
@ApplicationScoped
public class DemoProvisioning {

    public static final String TENANT_SLUG = "demo";
    public static final String REPORT_ID = "demo-sales";
    static final String TENANT_NAME = "Demo";
    static final String APP_NAME = "Demo viewer";
    static final String REPORT_NAME = "Demo sales";
    /** Short tokens and a timed round every 3 minutes, so a newcomer sees "timed" and "interaction" refreshes in minutes. */
    static final ViewerSettings DEMO_SETTINGS = new ViewerSettings(3, 5, true);
    private static final String SEAL_PURPOSE = "demo-setup-seal";

    public enum Outcome {
        CREATED, PRESENT, TENANT_TAKEN
    }

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    @Inject
    Tenants tenants;

    @Inject
    TenantDirectory directory;

    @Inject
    Reports reports;

    @Inject
    TenantSettingsFacade settings;

    @Inject
    DemoIdentityProvider identityProvider;

    @Inject
    Sealer sealer;

    @Inject
    Pepper pepper;

    @Inject
    Clock clock;

    @Inject
    DemoOidcProvider demoIdp;

    @Inject
    @ConfigProperty(name = "tokenkeeper.issuer")
    String ourIssuer;

    /** One attempt in its own transaction; a lost race surfaces as an exception and the caller tries again. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Outcome ensure() {
        DemoSetup setup = em.find(DemoSetup.class, DemoSetup.ID, LockModeType.PESSIMISTIC_WRITE);
        Outcome outcome = Outcome.PRESENT;
        if (setup == null) {
            if (directory.tenantBySlug(TENANT_SLUG).isPresent()) {
                return Outcome.TENANT_TAKEN;
            }
            create();
            outcome = Outcome.CREATED;
        }
        signInAtTheDemoProvider(setup != null ? setup.clientId() : null);
        // outside the creation branch: a report registered later than the rest (or removed) is made again
        if (reports.list(TENANT_SLUG).stream().noneMatch(report -> REPORT_ID.equals(report.id()))) {
            NewReport report = new NewReport();
            report.id = REPORT_ID;
            report.name = REPORT_NAME;
            report.provider = "builtin";
            reports.register(TENANT_SLUG, report);
        }
        return outcome;
    }

    /**
     * The web and device flows need an OpenID Connect provider: the demo tenant signs in at the demo's
     * own ({@code {tokenkeeper.issuer}/demo-idp}), and the demo app may use the device flow (the "show on
     * a TV" page). Done on every start when missing or when tokenkeeper.issuer changed, so a demo made
     * before these flows existed gains them.
     */
    private void signInAtTheDemoProvider(String knownClientId) {
        String issuer = Urls.withoutTrailingSlash(ourIssuer) + "/" + DemoOidcProvider.PATH;
        var tenant = directory.tenantBySlug(TENANT_SLUG).orElseThrow();
        if (issuer.equals(tenant.oidcIssuer())) {
            return;
        }
        NewTenant.IdentityProvider idp = new NewTenant.IdentityProvider();
        idp.issuer = tenant.idpIssuer();
        idp.jwks = tenant.idpJwks() == null ? null : JsonBuilders.parseObject(tenant.idpJwks());
        idp.jwksUri = tenant.idpJwksUri();
        idp.oidc = new NewTenant.Oidc();
        idp.oidc.issuer = issuer;
        idp.oidc.clientId = DemoOidcProvider.CLIENT_ID;
        idp.oidc.clientSecret = demoIdp.clientSecret();
        tenants.changeIdentityProvider(TENANT_SLUG, idp);
        String clientId = knownClientId != null ? knownClientId : em.find(DemoSetup.class, DemoSetup.ID).clientId();
        AppChanges device = new AppChanges();
        device.deviceFlow = true;
        tenants.change(TENANT_SLUG, clientId, device);
    }

    /** The demo app's client id, for the TV page (a device knows only its client id). */
    @Transactional
    public Optional<String> clientId() {
        return Optional.ofNullable(em.find(DemoSetup.class, DemoSetup.ID)).map(DemoSetup::clientId);
    }

    @Transactional
    public Optional<DemoCredentials> credentials() {
        DemoSetup setup = em.find(DemoSetup.class, DemoSetup.ID);
        if (setup == null) {
            return Optional.empty();
        }
        return Optional.of(new DemoCredentials(setup.tenantId(), setup.clientId(),
                open(setup.clientSecretSealed(), "client-secret"), identityProvider.parse(open(setup.idpKeySealed(), "idp-key"))));
    }

    private void create() {
        Instant now = clock.instant();
        ECKey key = identityProvider.newKey();

        NewTenant tenant = new NewTenant();
        tenant.slug = TENANT_SLUG;
        tenant.name = TENANT_NAME;
        tenant.identityProvider = new NewTenant.IdentityProvider();
        tenant.identityProvider.issuer = DemoIdentityProvider.ISSUER;
        tenant.identityProvider.jwks = JsonBuilders.parseObject(identityProvider.publicJwks(key));
        tenants.create(tenant);
        // foreign keys are plain columns, not JPA relationships: the parent row goes first
        em.flush();
        String tenantId = tenants.idOf(TENANT_SLUG);

        NewApp app = new NewApp();
        app.name = APP_NAME;
        app.expiringUserTokens = true;
        app.roles = List.of();
        AppView created = tenants.createApp(TENANT_SLUG, app);
        em.flush();

        settings.change(tenantId, DEMO_SETTINGS);
        em.persist(new DemoSetup(tenantId, created.clientId(), seal(created.clientSecret(), "client-secret"),
                seal(key.toJSONString(), "idp-key"), now));
        em.flush();
    }

    private String seal(String plaintext, String part) {
        return sealer.seal(pepper.keyFor(SEAL_PURPOSE), plaintext.getBytes(StandardCharsets.UTF_8), associatedData(part));
    }

    private String open(String sealed, String part) {
        try {
            return new String(sealer.open(pepper.keyFor(SEAL_PURPOSE), sealed, associatedData(part)), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("The demo's sealed " + part + " does not open: tokenkeeper.pepper changed since the demo was set up", e);
        }
    }

    private static byte[] associatedData(String part) {
        return ("demo_setup:" + DemoSetup.ID + ":" + part).getBytes(StandardCharsets.UTF_8);
    }
}
