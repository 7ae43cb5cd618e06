package dev.tokenkeeper.tenant.control;

import dev.tokenkeeper.audit.boundary.AuditLog;
import dev.tokenkeeper.audit.entity.AuditEventType;
import dev.tokenkeeper.platform.entity.InvalidInputException;
import dev.tokenkeeper.security.control.OpaqueTokens;
import dev.tokenkeeper.security.control.SecretHasher;
import dev.tokenkeeper.security.entity.TokenKind;
import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.tenant.entity.RedirectUris;
import dev.tokenkeeper.tenant.entity.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.NotFoundException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/** Apps of a tenant: created with a generated secret shown once, secrets rotated, settings changed. */
@ApplicationScoped
public class AppRegistry {

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    @Inject
    OpaqueTokens opaqueTokens;

    @Inject
    SecretHasher secrets;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    private final SecureRandom random = new SecureRandom();

    public record CreatedApp(App app, String clientSecret) {
    }

    public CreatedApp create(Tenant tenant, String name, boolean expiring, Set<String> roles, Duration access, Duration refresh,
            boolean deviceFlow) {
        Instant now = clock.instant();
        String secret = opaqueTokens.generate(TokenKind.CLIENT_SECRET);
        App app = new App(newClientId(), tenant.id(), name, secrets.hash(secret), roles, expiring, now);
        app.lifetimes(access == null ? App.DEFAULT_ACCESS_LIFETIME : access, refresh == null ? App.DEFAULT_REFRESH_LIFETIME : refresh);
        checkLifetimes(app);
        app.allowDeviceFlow(deviceFlow);
        em.persist(app);
        audit.record(tenant.id(), now, AuditEventType.APP_CREATED, app.clientId(), null, null, null,
                "app '" + name + "' created, expiring user tokens " + (expiring ? "on" : "off") + ", roles " + roles
                        + (deviceFlow ? ", device flow on" : ""));
        return new CreatedApp(app, secret);
    }

    /** The old secret stops working at once; the new one is returned once and never stored. */
    public CreatedApp rotateSecret(Tenant tenant, String clientId) {
        App app = find(tenant, clientId);
        Instant now = clock.instant();
        String secret = opaqueTokens.generate(TokenKind.CLIENT_SECRET);
        app.replaceSecret(secrets.hash(secret), now);
        audit.record(tenant.id(), now, AuditEventType.SECRET_ROTATED, clientId, null, null, null, "client secret rotated");
        return new CreatedApp(app, secret);
    }

    /**
     * Turning expiry on leaves existing non-expiring tokens working and issues expiring ones from
     * then on; turning it off keeps existing families rotating until they end.
     */
    public App change(Tenant tenant, String clientId, String name, Boolean expiring, Long accessSeconds, Long refreshSeconds,
            Boolean deviceFlow) {
        App app = find(tenant, clientId);
        StringBuilder what = new StringBuilder();
        if (name != null) {
            app.rename(name.trim());
            what.append("name; ");
        }
        if (expiring != null) {
            app.expireUserTokens(expiring);
            what.append("expiring user tokens ").append(expiring ? "on" : "off").append("; ");
        }
        if (deviceFlow != null) {
            app.allowDeviceFlow(deviceFlow);
            what.append("device flow ").append(deviceFlow ? "on" : "off").append("; ");
        }
        if (accessSeconds != null || refreshSeconds != null) {
            app.lifetimes(accessSeconds == null ? app.accessTokenLifetime() : Duration.ofSeconds(accessSeconds),
                    refreshSeconds == null ? app.refreshTokenLifetime() : Duration.ofSeconds(refreshSeconds));
            checkLifetimes(app);
            what.append("lifetimes ").append(app.accessTokenLifetime().toSeconds()).append(" s / ")
                    .append(app.refreshTokenLifetime().toSeconds()).append(" s; ");
        }
        audit.record(tenant.id(), clock.instant(), AuditEventType.APP_CHANGED, clientId, null, null, null, what.toString().trim());
        return app;
    }

    public List<App> of(Tenant tenant) {
        return em.createNamedQuery(App.OF_TENANT, App.class).setParameter("tenantId", tenant.id()).getResultList();
    }

    public App find(Tenant tenant, String clientId) {
        App app = em.find(App.class, clientId);
        if (app == null || !app.tenantId().equals(tenant.id())) {
            throw new NotFoundException("Tenant '" + tenant.slug() + "' has no app with client_id " + clientId);
        }
        return app;
    }

    private static void checkLifetimes(App app) {
        if (app.refreshTokenLifetime().compareTo(app.accessTokenLifetime()) <= 0) {
            throw new InvalidInputException("refreshTokenSeconds", "must be longer than accessTokenSeconds ("
                    + app.accessTokenLifetime().toSeconds() + " s): a refresh token outlives the access tokens it renews");
        }
    }

    /** GitHub-like: "Tk1." and 20 hex characters. Public, but unguessable so ids cannot be enumerated. */
    private String newClientId() {
        byte[] bytes = new byte[10];
        random.nextBytes(bytes);
        return "Tk1." + HexFormat.of().formatHex(bytes);
    }

    /** Replaces the app's redirect URIs after checking each (see {@link RedirectUris}); audited. */
    public void registerRedirectUris(Tenant tenant, App app, List<String> uris) {
        List<String> distinct = uris.stream().distinct().toList();
        for (int i = 0; i < distinct.size(); i++) {
            int index = i;
            RedirectUris.problem(distinct.get(i)).ifPresent(problem -> {
                throw new InvalidInputException("redirectUris[" + index + "]", problem);
            });
        }
        app.registerRedirectUris(distinct);
        audit.record(tenant.id(), clock.instant(), AuditEventType.APP_CHANGED, app.clientId(), null, null, null,
                "redirect URIs set: " + distinct);
    }
}
