package dev.tokenkeeper.tenant.control;

import dev.tokenkeeper.security.control.OpaqueTokens;
import dev.tokenkeeper.security.control.SecretHasher;
import dev.tokenkeeper.security.entity.TokenKind;
import dev.tokenkeeper.tenant.boundary.TenantAccessFilter;
import dev.tokenkeeper.tenant.entity.AdminAccount;
import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.tenant.entity.Tenant;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * First start: the platform tenant, its admin app and the first admin-page account.
 *
 * <p>When {@code tokenkeeper.bootstrap.client-id}/{@code .client-secret} are set they are the
 * platform admin app's credentials (set again to change the secret). When unset and there is no
 * platform admin app yet, one is generated and its credentials are printed once, in a banner in the
 * log: the only moment they can be read. The admin-page password works the same way.
 */
@Startup
@Singleton
@DependsOn("SchemaMigration")
public class PlatformBootstrap {

    private static final Logger LOG = System.getLogger(PlatformBootstrap.class.getName());
    static final String ADMIN_USERNAME = "admin";
    static final int MIN_SECRET_LENGTH = 24;

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    @Inject
    SecretHasher secrets;

    @Inject
    OpaqueTokens opaqueTokens;

    @Inject
    Pbkdf2PasswordHash passwordHash;

    @Inject
    Clock clock;

    @Inject
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "tokenkeeper.bootstrap.client-id")
    Optional<String> configuredClientId;

    @Inject
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "tokenkeeper.bootstrap.client-secret")
    Optional<String> configuredSecret;

    @Inject
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "tokenkeeper.bootstrap.admin-password")
    Optional<String> configuredPassword;

    @PostConstruct
    void bootstrap() {
        Instant now = clock.instant();
        Tenant platform = em.createNamedQuery(Tenant.BY_SLUG, Tenant.class).setParameter("slug", Tenant.PLATFORM_SLUG)
                .getResultStream().findFirst().orElseGet(() -> {
                    Tenant created = new Tenant(Tenant.PLATFORM_SLUG, "Platform", now);
                    em.persist(created);
                    // Foreign keys are not JPA relationships here: write the parent before its children.
                    em.flush();
                    return created;
                });
        ensureAdminApp(platform, now);
        ensureAdminAccount(platform, now);
    }

    private void ensureAdminApp(Tenant platform, Instant now) {
        LinkedHashSet<String> roles = new LinkedHashSet<>(List.of(TenantAccessFilter.TENANT_ADMIN, TenantAccessFilter.PLATFORM_ADMIN));
        String clientId = present(configuredClientId);
        String secret = present(configuredSecret);
        if (clientId != null || secret != null) {
            if (clientId == null || secret == null || secret.length() < MIN_SECRET_LENGTH) {
                throw new IllegalStateException("Set both tokenkeeper.bootstrap.client-id and tokenkeeper.bootstrap.client-secret "
                        + "(the secret at least " + MIN_SECRET_LENGTH + " characters), or neither to have them generated");
            }
            App existing = em.find(App.class, clientId);
            if (existing == null) {
                em.persist(new App(clientId, platform.id(), "Platform admin", secrets.hash(secret), roles, true, now));
                LOG.log(Level.INFO, "Platform admin app {0} created from configuration", clientId);
            } else if (!secrets.matches(secret, existing.secretHash())) {
                existing.replaceSecret(secrets.hash(secret), now);
                LOG.log(Level.INFO, "Platform admin app {0}: secret replaced by the configured one", clientId);
            }
            return;
        }
        boolean hasPlatformAdmin = em.createNamedQuery(App.WITH_ROLE_IN_TENANT, App.class)
                .setParameter("tenantId", platform.id())
                .setParameter("rolePattern", "%" + TenantAccessFilter.PLATFORM_ADMIN + "%")
                .getResultStream().findAny().isPresent();
        if (hasPlatformAdmin) {
            return;
        }
        byte[] idBytes = new byte[10];
        new SecureRandom().nextBytes(idBytes);
        String generatedId = "Tk1." + HexFormat.of().formatHex(idBytes);
        String generatedSecret = opaqueTokens.generate(TokenKind.CLIENT_SECRET);
        em.persist(new App(generatedId, platform.id(), "Platform admin", secrets.hash(generatedSecret), roles, true, now));
        LOG.log(Level.WARNING, banner("Platform admin app created. Its secret is shown this once: store it now.",
                "client_id:     " + generatedId, "client_secret: " + generatedSecret,
                "(set tokenkeeper.bootstrap.client-id / .client-secret to choose them yourself)"));
    }

    private void ensureAdminAccount(Tenant platform, Instant now) {
        passwordHash.initialize(Map.of("Pbkdf2PasswordHash.Iterations", "210000", "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256"));
        String password = present(configuredPassword);
        AdminAccount existing = em.find(AdminAccount.class, ADMIN_USERNAME);
        if (password != null) {
            if (password.length() < 12) {
                throw new IllegalStateException("tokenkeeper.bootstrap.admin-password is too short: use at least 12 characters");
            }
            if (existing == null) {
                em.persist(new AdminAccount(ADMIN_USERNAME, platform.id(), passwordHash.generate(password.toCharArray()), now));
            } else if (!passwordHash.verify(password.toCharArray(), existing.passwordHash())) {
                existing.changePasswordHash(passwordHash.generate(password.toCharArray()));
            }
            return;
        }
        if (existing != null) {
            return;
        }
        String generated = opaqueTokens.generate(TokenKind.CLIENT_SECRET).substring(4, 24);
        em.persist(new AdminAccount(ADMIN_USERNAME, platform.id(), passwordHash.generate(generated.toCharArray()), now));
        LOG.log(Level.WARNING, banner("Admin page account created. Its password is shown this once: store it now.",
                "username: " + ADMIN_USERNAME, "password: " + generated,
                "(set tokenkeeper.bootstrap.admin-password to choose it yourself)"));
    }

    private static String present(Optional<String> value) {
        return value.filter(v -> !v.isBlank()).map(String::trim).orElse(null);
    }

    private static String banner(String... lines) {
        StringBuilder text = new StringBuilder("\n").append("=".repeat(72)).append('\n');
        for (String line : lines) {
            text.append("  ").append(line).append('\n');
        }
        return text.append("=".repeat(72)).toString();
    }
}
