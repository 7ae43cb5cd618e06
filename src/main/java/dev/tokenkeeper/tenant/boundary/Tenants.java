package dev.tokenkeeper.tenant.boundary;

import dev.tokenkeeper.tenant.control.AppRegistry;
import dev.tokenkeeper.tenant.control.AppRegistry.CreatedApp;
import dev.tokenkeeper.tenant.control.TenantRegistry;
import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.tenant.entity.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

/** The tenant feature's facade and transaction boundary for the admin API. */
@ApplicationScoped
@Transactional
public class Tenants {

    @Inject
    TenantRegistry tenants;

    @Inject
    AppRegistry apps;

    public TenantView create(NewTenant input) {
        NewTenant.IdentityProvider idp = input.identityProvider;
        String jwks = idp.jwks == null ? null : idp.jwks.toString();
        NewTenant.Oidc oidc = idp.oidc;
        return TenantView.of(tenants.create(input.slug, input.name.trim(), idp.issuer.trim(), jwks, idp.jwksUri,
                oidc == null ? null : oidc.issuer.trim(), oidc == null ? null : oidc.clientId.trim(), oidc == null ? null : oidc.clientSecret));
    }

    /** {@code PUT /api/tenants/{tenant}/identity-provider}: the whole provider is replaced; see TenantRegistry#changeIdentityProvider. */
    public TenantView changeIdentityProvider(String slug, NewTenant.IdentityProvider idp) {
        String jwks = idp.jwks == null ? null : idp.jwks.toString();
        NewTenant.Oidc oidc = idp.oidc;
        return TenantView.of(tenants.changeIdentityProvider(tenant(slug), idp.issuer.trim(), jwks, idp.jwksUri,
                oidc == null ? null : oidc.issuer.trim(), oidc == null ? null : oidc.clientId.trim(), oidc == null ? null : oidc.clientSecret));
    }

    public TenantView get(String slug) {
        return TenantView.of(tenant(slug));
    }

    public AppView createApp(String slug, NewApp input) {
        Tenant tenant = tenant(slug);
        CreatedApp created = apps.create(tenant, input.name.trim(),
                input.expiringUserTokens == null || input.expiringUserTokens,
                input.roles == null ? new LinkedHashSet<>() : new LinkedHashSet<>(input.roles),
                input.accessTokenSeconds == null ? null : Duration.ofSeconds(input.accessTokenSeconds),
                input.refreshTokenSeconds == null ? null : Duration.ofSeconds(input.refreshTokenSeconds),
                input.deviceFlow != null && input.deviceFlow);
        if (input.redirectUris != null) {
            apps.registerRedirectUris(tenant, created.app(), input.redirectUris);
        }
        return AppView.of(created.app(), slug, created.clientSecret());
    }

    public List<AppView> apps(String slug) {
        Tenant tenant = tenant(slug);
        return apps.of(tenant).stream().map(app -> AppView.of(app, slug, null)).toList();
    }

    public AppView app(String slug, String clientId) {
        return AppView.of(apps.find(tenant(slug), clientId), slug, null);
    }

    public AppView rotateSecret(String slug, String clientId) {
        CreatedApp rotated = apps.rotateSecret(tenant(slug), clientId);
        return AppView.of(rotated.app(), slug, rotated.clientSecret());
    }

    public AppView change(String slug, String clientId, AppChanges changes) {
        App app = apps.change(tenant(slug), clientId, changes.name, changes.expiringUserTokens,
                changes.accessTokenSeconds, changes.refreshTokenSeconds, changes.deviceFlow);
        if (changes.redirectUris != null) {
            apps.registerRedirectUris(tenant(slug), app, changes.redirectUris);
        }
        return AppView.of(app, slug, null);
    }

    /** Every customer tenant by slug (not the platform's own), for the admin pages' tenant list. */
    public List<TenantView> list() {
        return tenants.all().stream().filter(t -> !Tenant.PLATFORM_SLUG.equals(t.slug())).map(TenantView::of).toList();
    }

    /** The tenant's internal id, for other features' queries. */
    public String idOf(String slug) {
        return tenant(slug).id();
    }

    private Tenant tenant(String slug) {
        return tenants.bySlug(slug).orElseThrow(() -> new NotFoundException("There is no tenant '" + slug + "'"));
    }
}
