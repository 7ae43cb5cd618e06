package dev.tokenkeeper.tenant.boundary;

import dev.tokenkeeper.tenant.entity.App;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** An app as the admin API shows it. {@code client_secret} is present only right after creation or rotation. */
@JsonbNillable(false)
public record AppView(
        @JsonbProperty("client_id") String clientId,
        @JsonbProperty("client_secret") String clientSecret,
        String name,
        String tenant,
        boolean expiringUserTokens,
        Set<String> roles,
        long accessTokenSeconds,
        long refreshTokenSeconds,
        Instant createdAt,
        Instant secretRotatedAt,
        boolean deviceFlow,
        List<String> redirectUris) {

    static AppView of(App app, String tenantSlug, String secretShownOnce) {
        return new AppView(app.clientId(), secretShownOnce, app.name(), tenantSlug, app.expiringUserTokens(), app.roles(),
                app.accessTokenLifetime().toSeconds(), app.refreshTokenLifetime().toSeconds(), app.createdAt(), app.secretRotatedAt(),
                app.deviceFlow(), app.redirectUris());
    }
}
