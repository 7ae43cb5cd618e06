package dev.tokenkeeper.tenant.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** An OAuth client of one tenant. Its secret exists only as a keyed hash. */
@Entity
@Table(name = "app")
@NamedQuery(name = App.OF_TENANT, query = "SELECT a FROM App a WHERE a.tenantId = :tenantId ORDER BY a.createdAt")
@NamedQuery(name = App.WITH_ROLE_IN_TENANT, query = "SELECT a FROM App a WHERE a.tenantId = :tenantId AND a.roles LIKE :rolePattern")
public class App {

    public static final String OF_TENANT = "App.ofTenant";
    public static final String WITH_ROLE_IN_TENANT = "App.withRoleInTenant";
    /** GitHub's defaults: 8 hours and 6 months. */
    public static final Duration DEFAULT_ACCESS_LIFETIME = Duration.ofSeconds(28_800);
    public static final Duration DEFAULT_REFRESH_LIFETIME = Duration.ofSeconds(15_811_200);

    @Id
    @Column(name = "client_id")
    private String clientId;
    @Column(name = "tenant_id")
    private String tenantId;
    private String name;
    @Column(name = "secret_hash")
    private String secretHash;
    /** Comma-separated: small, fixed vocabulary, always read with the app. */
    private String roles;
    @Column(name = "expiring_user_tokens")
    private boolean expiringUserTokens;
    @Column(name = "access_token_seconds")
    private long accessTokenSeconds;
    @Column(name = "refresh_token_seconds")
    private long refreshTokenSeconds;
    @Column(name = "created_at")
    private long createdAt;
    @Column(name = "secret_rotated_at")
    private Long secretRotatedAt;
    /** RFC 8628 device flow for this app (a TV, a CLI): off by default, as on GitHub. */
    @Column(name = "device_flow")
    private boolean deviceFlow;
    /** The web flow's registered redirect URIs, one per line (checked on registration: none holds a line break). */
    @Column(name = "redirect_uris")
    private String redirectUris;

    protected App() {
    }

    public App(String clientId, String tenantId, String name, String secretHash, Set<String> roles,
            boolean expiringUserTokens, Instant createdAt) {
        this.clientId = clientId;
        this.tenantId = tenantId;
        this.name = name;
        this.secretHash = secretHash;
        this.roles = String.join(",", roles);
        this.expiringUserTokens = expiringUserTokens;
        this.accessTokenSeconds = DEFAULT_ACCESS_LIFETIME.toSeconds();
        this.refreshTokenSeconds = DEFAULT_REFRESH_LIFETIME.toSeconds();
        this.createdAt = createdAt.toEpochMilli();
    }

    public void replaceSecret(String newSecretHash, Instant now) {
        this.secretHash = newSecretHash;
        this.secretRotatedAt = now.toEpochMilli();
    }

    public void rename(String newName) {
        this.name = newName;
    }

    public void expireUserTokens(boolean expiring) {
        this.expiringUserTokens = expiring;
    }

    public void lifetimes(Duration access, Duration refresh) {
        this.accessTokenSeconds = access.toSeconds();
        this.refreshTokenSeconds = refresh.toSeconds();
    }

    public void allowDeviceFlow(boolean allowed) {
        this.deviceFlow = allowed;
    }

    public void registerRedirectUris(List<String> uris) {
        this.redirectUris = uris.isEmpty() ? null : String.join("\n", uris);
    }

    /** In registration order: the first is the default when an authorization request names none, as on GitHub. */
    public List<String> redirectUris() {
        return redirectUris == null || redirectUris.isBlank() ? List.of() : List.of(redirectUris.split("\n"));
    }

    public void grantRoles(Set<String> newRoles) {
        this.roles = String.join(",", newRoles);
    }

    public String clientId() {
        return clientId;
    }

    public String tenantId() {
        return tenantId;
    }

    public String name() {
        return name;
    }

    public String secretHash() {
        return secretHash;
    }

    public Set<String> roles() {
        if (roles == null || roles.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public boolean expiringUserTokens() {
        return expiringUserTokens;
    }

    public Duration accessTokenLifetime() {
        return Duration.ofSeconds(accessTokenSeconds);
    }

    public Duration refreshTokenLifetime() {
        return Duration.ofSeconds(refreshTokenSeconds);
    }

    public boolean deviceFlow() {
        return deviceFlow;
    }

    public Instant createdAt() {
        return Instant.ofEpochMilli(createdAt);
    }

    public Instant secretRotatedAt() {
        return secretRotatedAt == null ? null : Instant.ofEpochMilli(secretRotatedAt);
    }
}
