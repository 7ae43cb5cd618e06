package dev.tokenkeeper.admin.boundary;

import dev.tokenkeeper.platform.boundary.JsonBuilders;
import dev.tokenkeeper.platform.entity.InvalidInputException;
import dev.tokenkeeper.tenant.boundary.AdminAccountView;
import dev.tokenkeeper.tenant.boundary.AdminAccounts;
import dev.tokenkeeper.tenant.boundary.NewTenant;
import dev.tokenkeeper.tenant.boundary.TenantView;
import dev.tokenkeeper.tenant.boundary.Tenants;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.ClientErrorException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** The tenant list; for the platform admin also a new tenant and a tenant's admin accounts. */
@Named
@ViewScoped
public class TenantsPage implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Map<String, String> TENANT_FIELDS = Map.of("slug", "newTenant:slug", "name", "newTenant:name",
            "identityProvider.issuer", "newTenant:issuer", "identityProvider.jwksUri", "newTenant:jwksUri",
            "identityProvider.jwks", "newTenant:jwks", "identityProvider.oneKeySource", "newTenant:jwksUri");

    @Inject
    AdminSession session;

    @Inject
    Tenants tenants;

    @Inject
    AdminAccounts accounts;

    @Inject
    transient Validator validator;

    private List<TenantView> list;
    private String slug;
    private String name;
    private String issuer;
    private String jwksUri;
    private String jwks;
    private String accountTenant;
    private String accountUsername;
    private String accountPassword;
    private AdminAccountView createdAccount;

    public List<TenantView> getList() {
        if (list == null) {
            list = session.isPlatformAdmin() ? tenants.list()
                    : tenants.list().stream().filter(t -> session.mayAdminister(t.slug())).toList();
        }
        return list;
    }

    public void create() {
        requirePlatformAdmin();
        NewTenant input = new NewTenant();
        input.slug = slug;
        input.name = name;
        input.identityProvider = new NewTenant.IdentityProvider();
        input.identityProvider.issuer = issuer;
        input.identityProvider.jwksUri = blankToNull(jwksUri);
        if (jwks != null && !jwks.isBlank()) {
            try (var reader = JsonBuilders.reader(jwks)) {
                input.identityProvider.jwks = reader.readObject();
            } catch (JsonException | IllegalStateException e) {
                Pages.error("newTenant:jwks", Pages.text("tenants.jwksNotJson"));
                return;
            }
        }
        boolean valid = true;
        for (ConstraintViolation<NewTenant> violation : validator.validate(input)) {
            Pages.error(TENANT_FIELDS.get(violation.getPropertyPath().toString()), violation.getMessage());
            valid = false;
        }
        if (!valid) {
            return;
        }
        try {
            TenantView created = tenants.create(input);
            Pages.info(Pages.text("tenants.created", created.slug()));
            slug = name = issuer = jwksUri = jwks = null;
            list = null;
        } catch (InvalidInputException | ClientErrorException refused) {
            TenantPage.show(refused, TENANT_FIELDS);
        }
    }

    public void createAccount() {
        requirePlatformAdmin();
        try {
            createdAccount = accounts.createTenantAdmin(accountTenant, accountUsername, accountPassword);
            accountUsername = accountPassword = null;
        } catch (InvalidInputException | ClientErrorException refused) {
            TenantPage.show(refused, Map.of("username", "newAccount:username", "password", "newAccount:password",
                    "tenant", "newAccount:tenant"));
        }
    }

    private void requirePlatformAdmin() {
        if (!session.isPlatformAdmin()) {
            throw new dev.tokenkeeper.admin.entity.TenantNotVisibleException();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    public AdminAccountView getCreatedAccount() {
        return createdAccount;
    }

    public String getSlug() { return slug; }
    public void setSlug(String slug) { this.slug = slug; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getIssuer() { return issuer; }
    public void setIssuer(String issuer) { this.issuer = issuer; }
    public String getJwksUri() { return jwksUri; }
    public void setJwksUri(String jwksUri) { this.jwksUri = jwksUri; }
    public String getJwks() { return jwks; }
    public void setJwks(String jwks) { this.jwks = jwks; }
    public String getAccountTenant() { return accountTenant; }
    public void setAccountTenant(String accountTenant) { this.accountTenant = accountTenant; }
    public String getAccountUsername() { return accountUsername; }
    public void setAccountUsername(String accountUsername) { this.accountUsername = accountUsername; }
    public String getAccountPassword() { return accountPassword; }
    public void setAccountPassword(String accountPassword) { this.accountPassword = accountPassword; }
}
