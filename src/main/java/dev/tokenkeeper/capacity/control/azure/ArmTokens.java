package dev.tokenkeeper.capacity.control.azure;

import dev.tokenkeeper.capacity.control.CapacityDriver.DriverException;
import dev.tokenkeeper.platform.boundary.JsonBuilders;
import dev.tokenkeeper.platform.entity.Urls;
import dev.tokenkeeper.security.control.OpaqueTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Entra ID access tokens for Azure Resource Manager, by the client credentials grant (RFC 6749
 * §4.4) with the scope {@code https://management.azure.com/.default}, kept in memory per service
 * principal until five minutes before they expire. A capacity is suspended or resumed a few times
 * a day, so there is none of the Power BI provider's care about an embed token's lifetime here; the
 * grant itself is the same, and so are the retry rules ({@link ArmHttp}).
 */
@ApplicationScoped
public class ArmTokens {

    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);

    @Inject
    @ConfigProperty(name = "tokenkeeper.capacity.azure.authority-url", defaultValue = "https://login.microsoftonline.com")
    String authorityUrl;

    @Inject
    @ConfigProperty(name = "tokenkeeper.capacity.azure.scope", defaultValue = "https://management.azure.com/.default")
    String scope;

    @Inject
    ArmHttp http;

    @Inject
    OpaqueTokens hashes;

    @Inject
    Clock clock;

    /** The secret's fingerprint is in the key: ids are not secret, and a changed secret takes effect at once. */
    private record Key(String entraTenantId, String clientId, String secretFingerprint) {
    }

    private record Cached(String accessToken, Instant renewAt) {
    }

    private final ConcurrentMap<Key, Cached> tokens = new ConcurrentHashMap<>();

    public String accessToken(ArmTarget target) {
        Key key = new Key(target.entraTenantId(), target.clientId(), hashes.hash(target.clientSecret()));
        Cached cached = tokens.get(key);
        if (cached != null && clock.instant().isBefore(cached.renewAt())) {
            return cached.accessToken();
        }
        Cached fresh = signIn(target);
        tokens.put(key, fresh);
        return fresh.accessToken();
    }

    private Cached signIn(ArmTarget target) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", target.clientId());
        form.put("client_secret", target.clientSecret());
        form.put("scope", scope);
        URI uri = URI.create(Urls.withoutTrailingSlash(authorityUrl) + "/" + target.entraTenantId() + "/oauth2/v2.0/token");
        HttpRequest request = http.request(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build();
        Instant askedAt = clock.instant();
        String what = "Entra ID sign-in of client " + target.clientId() + " in Entra tenant " + target.entraTenantId();
        String body = http.send(request, what, Set.of(), status -> "Check the tenant's Azure capacity connection (Entra tenant id, client id, "
                + "client secret and its expiry) with PUT /api/tenants/{tenant}/capacity/azure").body();
        try {
            JsonObject json = JsonBuilders.parseObject(body);
            String accessToken = json.getString("access_token", "");
            long expiresIn = json.get("expires_in") instanceof JsonNumber number ? number.longValue()
                    : Long.parseLong(json.getString("expires_in", "-1").trim());
            if (!"bearer".equalsIgnoreCase(json.getString("token_type", "")) || accessToken.isEmpty() || expiresIn <= 0) {
                throw new IllegalArgumentException("token_type " + json.getString("token_type", "") + ", expires_in " + expiresIn);
            }
            Instant expiresAt = askedAt.plusSeconds(expiresIn);
            Instant renewAt = expiresAt.minus(RENEW_BEFORE_EXPIRY);
            return new Cached(accessToken, renewAt.isAfter(askedAt) ? renewAt : askedAt.plusSeconds(expiresIn / 2));
        } catch (RuntimeException e) {
            throw new DriverException(what + " answered something that is not a bearer token: " + e.getMessage(), e);
        }
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
