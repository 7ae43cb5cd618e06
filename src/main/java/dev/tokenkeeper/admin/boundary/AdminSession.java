package dev.tokenkeeper.admin.boundary;

import dev.tokenkeeper.tenant.boundary.AdminAccountView;
import jakarta.enterprise.context.SessionScoped;
import jakarta.inject.Named;
import dev.tokenkeeper.admin.entity.TenantNotVisibleException;
import java.io.Serializable;
import java.util.Locale;

/**
 * Who is signed in to the admin pages in this HTTP session, and in which language they read them.
 * Empty until the sign-in page fills it; the session is invalidated at sign-out.
 */
@Named
@SessionScoped
public class AdminSession implements Serializable {

    private static final long serialVersionUID = 1L;

    private AdminAccountView account;
    private Locale locale;

    public boolean signedIn() {
        return account != null;
    }

    void signIn(AdminAccountView signedIn) {
        this.account = signedIn;
    }

    public AdminAccountView getAccount() {
        return account;
    }

    public String getUsername() {
        return account == null ? null : account.username();
    }

    public boolean isPlatformAdmin() {
        return account != null && account.platformAdmin();
    }

    /** Whether the signed-in account may see the tenant: its own, or every one for the platform admin. */
    public boolean mayAdminister(String tenantSlug) {
        return account != null && tenantSlug != null && (account.platformAdmin() || tenantSlug.equals(account.tenantSlug()));
    }

    /**
     * The tenant, when the account may see it. Otherwise "not found" — the same answer whether or
     * not that tenant exists, so a tenant admin cannot learn the names of other tenants.
     */
    public String require(String tenantSlug) {
        if (!mayAdminister(tenantSlug)) {
            throw new TenantNotVisibleException();
        }
        return tenantSlug;
    }

    public Locale getLocale() {
        return locale;
    }

    void setLocale(Locale locale) {
        this.locale = locale;
    }
}
