package dev.tokenkeeper.embed.control.powerbi;

import dev.tokenkeeper.embed.control.EmbedTokenUnavailableException;
import dev.tokenkeeper.embed.entity.PowerBiCredentials;
import dev.tokenkeeper.platform.boundary.JsonBuilders;
import dev.tokenkeeper.platform.entity.Urls;
import dev.tokenkeeper.security.control.OpaqueTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Entra ID access tokens for the Power BI REST API, by the OAuth 2.0 client credentials grant
 * (RFC 6749 §4.4) at the v2.0 token endpoint, kept in memory and renewed early: see
 * {@link EntraToken#needsRenewal}. Each node keeps its own; an Entra token is cheap to get and
 * never leaves the node, so there is nothing to share.
 */
@ApplicationScoped
public class EntraTokens {

    @Inject
    @ConfigProperty(name = "tokenkeeper.powerbi.authority-url", defaultValue = "https://login.microsoftonline.com")
    String authorityUrl;

    /** The Power BI API's resource with {@code /.default}: the app's granted permissions, as client credentials require. */
    @Inject
    @ConfigProperty(name = "tokenkeeper.powerbi.scope", defaultValue = "https://analysis.windows.net/powerbi/api/.default")
    String scope;

    @Inject
    @ConfigProperty(name = "tokenkeeper.powerbi.entra-renewal-margin-seconds", defaultValue = "300")
    long renewalMarginSeconds;

    @Inject
    PowerBiHttp http;

    @Inject
    Clock clock;

    @Inject
    OpaqueTokens hashes;

    private final ConcurrentMap<Key, EntraToken> tokens = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, Object> locks = new ConcurrentHashMap<>();

    /**
     * The cache key. The secret's fingerprint is part of it because Entra tenant and client ids are
     * not secret: without it, a Tokenkeeper tenant that typed another tenant's ids with any secret at
     * all would be handed that tenant's cached token. It also makes a changed secret take effect at once.
     */
    private record Key(String entraTenantId, String clientId, String secretFingerprint) {
    }

    /**
     * An access token that Power BI will accept for at least {@code lifetime} more (see
     * {@link EntraToken#needsRenewal} for the one exception).
     *
     * @throws EmbedTokenUnavailableException Entra ID refused the credentials or could not be reached
     */
    public String accessToken(PowerBiCredentials credentials, Duration lifetime) {
        Key key = new Key(credentials.entraTenantId(), credentials.clientId(), hashes.hash(credentials.clientSecret()));
        Duration margin = Duration.ofSeconds(renewalMarginSeconds);
        EntraToken cached = tokens.get(key);
        if (cached != null && !cached.needsRenewal(lifetime, margin, clock.instant())) {
            return cached.accessToken();
        }
        // one sign-in per key at a time: viewers arriving together share the renewal instead of each doing one
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            cached = tokens.get(key);
            if (cached != null && !cached.needsRenewal(lifetime, margin, clock.instant())) {
                return cached.accessToken();
            }
            EntraToken fresh = signIn(credentials);
            tokens.put(key, fresh);
            return fresh.accessToken();
        }
    }

    private EntraToken signIn(PowerBiCredentials credentials) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", credentials.clientId());
        form.put("client_secret", credentials.clientSecret());
        form.put("scope", scope);
        // the Entra tenant id is a GUID (checked when the connection was set): safe in a path as it is
        URI uri = URI.create(Urls.withoutTrailingSlash(authorityUrl) + "/" + credentials.entraTenantId() + "/oauth2/v2.0/token");
        HttpRequest request = http.request(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build();
        Instant askedAt = clock.instant();
        String what = "Entra ID sign-in of client " + credentials.clientId() + " in Entra tenant " + credentials.entraTenantId();
        String body = http.send(request, what, status -> "Check the tenant's Power BI connection (Entra tenant id, client id, "
                + "client secret and its expiry) with PUT /api/tenants/{tenant}/powerbi");
        return parse(body, askedAt, what);
    }

    /** {@code {"token_type": "Bearer", "expires_in": 3599, "access_token": "…"}}. */
    private static EntraToken parse(String body, Instant askedAt, String what) {
        try {
            JsonObject json = JsonBuilders.parseObject(body);
            String type = json.getString("token_type", "");
            String accessToken = json.getString("access_token", "");
            long expiresIn = seconds(json.get("expires_in"));
            if (!"bearer".equalsIgnoreCase(type) || accessToken.isEmpty() || expiresIn <= 0) {
                throw new IllegalArgumentException("token_type " + type + ", expires_in " + expiresIn
                        + (accessToken.isEmpty() ? ", no access_token" : ""));
            }
            return new EntraToken(accessToken, askedAt, askedAt.plusSeconds(expiresIn));
        } catch (RuntimeException e) {
            throw new EmbedTokenUnavailableException(what + " answered something that is not a bearer token: " + e.getMessage(),
                    PowerBiHttp.AFTER_REFUSAL, e);
        }
    }

    /** A number in the v2.0 endpoint's answers; the v1.0 endpoint sent a string. Either is read. */
    private static long seconds(JsonValue value) {
        if (value instanceof JsonNumber number) {
            return number.longValue();
        }
        if (value instanceof JsonString text) {
            return Long.parseLong(text.getString().trim());
        }
        return -1;
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
