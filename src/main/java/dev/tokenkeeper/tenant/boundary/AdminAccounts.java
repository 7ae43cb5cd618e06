package dev.tokenkeeper.tenant.boundary;

import dev.tokenkeeper.audit.boundary.AuditLog;
import dev.tokenkeeper.audit.entity.AuditEventType;
import dev.tokenkeeper.platform.entity.InvalidInputException;
import dev.tokenkeeper.security.control.OpaqueTokens;
import dev.tokenkeeper.security.entity.TokenKind;
import dev.tokenkeeper.tenant.control.TenantRegistry;
import dev.tokenkeeper.tenant.entity.AdminAccount;
import dev.tokenkeeper.tenant.entity.Tenant;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tenant feature's facade for admin-page accounts: checking a password at sign-in and creating
 * a tenant's admin accounts. An account of the platform tenant is the platform admin.
 */
@ApplicationScoped
@Transactional
public class AdminAccounts {

    /** The same parameters as the bootstrap account (PlatformBootstrap); verify reads them from each hash anyway. */
    static final Map<String, String> HASH_PARAMETERS = Map.of("Pbkdf2PasswordHash.Iterations", "210000",
            "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256");
    public static final int MIN_PASSWORD_LENGTH = 12;
    static final String USERNAME_PATTERN = "[a-z0-9][a-z0-9._@-]{2,99}";

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    @Inject
    Pbkdf2PasswordHash passwordHash;

    @Inject
    TenantRegistry tenants;

    @Inject
    OpaqueTokens opaqueTokens;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /** Checked against so that an unknown username costs as much time as a known one (no user enumeration by timing). */
    private String decoyHash;

    @PostConstruct
    void init() {
        passwordHash.initialize(HASH_PARAMETERS);
        decoyHash = passwordHash.generate("decoy-password-never-used".toCharArray());
    }

    /** The account when the password is right; empty otherwise, for an unknown name as slowly as for a wrong password. */
    public Optional<AdminAccountView> authenticate(String username, char[] password) {
        AdminAccount account = username == null ? null : em.find(AdminAccount.class, username);
        if (account == null) {
            passwordHash.verify(password, decoyHash);
            return Optional.empty();
        }
        if (!passwordHash.verify(password, account.passwordHash())) {
            return Optional.empty();
        }
        return Optional.of(view(account, null));
    }

    /** The admin-page accounts that administer the tenant. */
    public List<AdminAccountView> ofTenant(String slug) {
        Tenant tenant = tenant(slug);
        return em.createQuery("SELECT a FROM AdminAccount a WHERE a.tenantId = :tenantId ORDER BY a.username", AdminAccount.class)
                .setParameter("tenantId", tenant.id()).getResultStream().map(a -> view(a, tenant, null)).toList();
    }

    /**
     * A new account that administers only this tenant. With a blank password one is generated and
     * returned once in {@link AdminAccountView#passwordShownOnce()}; it is stored only as a hash.
     */
    public AdminAccountView createTenantAdmin(String slug, String username, String chosenPassword) {
        Tenant tenant = tenant(slug);
        if (Tenant.PLATFORM_SLUG.equals(slug)) {
            throw new InvalidInputException("tenant", "choose a customer tenant: platform admins are configured at start");
        }
        String name = username == null ? "" : username.trim();
        if (!name.matches(USERNAME_PATTERN)) {
            throw new InvalidInputException("username", "3 to 100 lower-case letters, digits, '.', '_', '@' or '-'");
        }
        boolean generated = chosenPassword == null || chosenPassword.isEmpty();
        String password = generated ? opaqueTokens.generate(TokenKind.CLIENT_SECRET).substring(4, 24) : chosenPassword;
        if (password.length() < MIN_PASSWORD_LENGTH) {
            throw new InvalidInputException("password", "at least " + MIN_PASSWORD_LENGTH + " characters, or leave it empty to have one generated");
        }
        if (em.find(AdminAccount.class, name) != null) {
            throw new ClientErrorException("An account named '" + name + "' exists already: choose another name", 409);
        }
        Instant now = clock.instant();
        AdminAccount account = new AdminAccount(name, tenant.id(), passwordHash.generate(password.toCharArray()), now);
        em.persist(account);
        audit.record(tenant.id(), now, AuditEventType.ADMIN_ACCOUNT_CREATED, null, name, null, null,
                "admin page account '" + name + "' created for tenant " + slug + (generated ? " (generated password)" : ""));
        return view(account, tenant, generated ? password : null);
    }

    /** A sign-in or a refused one, in the account's tenant's audit log; unknown names go nowhere (no tenant to file them under). */
    public void recordSignIn(String username, boolean succeeded, String address) {
        AdminAccount account = username == null ? null : em.find(AdminAccount.class, username);
        if (account == null) {
            return;
        }
        audit.record(account.tenantId(), clock.instant(), succeeded ? AuditEventType.ADMIN_SIGNED_IN : AuditEventType.ADMIN_SIGN_IN_REFUSED,
                null, username, null, null, (succeeded ? "signed in to the admin pages" : "wrong password") + " from " + address);
    }

    private AdminAccountView view(AdminAccount account, String shownOnce) {
        Tenant tenant = em.find(Tenant.class, account.tenantId());
        return view(account, tenant, shownOnce);
    }

    private static AdminAccountView view(AdminAccount account, Tenant tenant, String shownOnce) {
        boolean platform = tenant != null && Tenant.PLATFORM_SLUG.equals(tenant.slug());
        return new AdminAccountView(account.username(), tenant == null ? null : tenant.slug(), platform, shownOnce);
    }

    private Tenant tenant(String slug) {
        return tenants.bySlug(slug).orElseThrow(() -> new NotFoundException("There is no tenant '" + slug + "'"));
    }
}
