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
        String jwks = input.identityProvider.jwks == null ? null : input.identityProvider.jwks.toString();
        return TenantView.of(tenants.create(input.slug, input.name.trim(), input.identityProvider.issuer.trim(), jwks,
                input.identityProvider.jwksUri));
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
                input.refreshTokenSeconds == null ? null : Duration.ofSeconds(input.refreshTokenSeconds));
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
                changes.accessTokenSeconds, changes.refreshTokenSeconds);
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
