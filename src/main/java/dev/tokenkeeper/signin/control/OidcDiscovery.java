package dev.tokenkeeper.signin.control;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import dev.tokenkeeper.platform.boundary.JsonBuilders;
import dev.tokenkeeper.signin.entity.ProviderMetadata;
import dev.tokenkeeper.signin.entity.SignInFailedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Providers' discovery documents (OpenID Connect Discovery 1.0 §4) and signing keys, cached for a
 * bounded time so that a sign-in does not fetch them, yet a provider's changed endpoints or rotated
 * keys are picked up: discovery for {@code tokenkeeper.signin.discovery-cache-seconds}, keys by
 * Nimbus' caching source for {@code tokenkeeper.signin.jwks-cache-seconds} (it refetches at once when
 * a token names a key it does not know, so a rotation does not wait for the cache).
 */
@ApplicationScoped
public class OidcDiscovery {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tokenkeeper.signin.discovery-cache-seconds", defaultValue = "3600")
    long discoverySeconds;

    @Inject
    @ConfigProperty(name = "tokenkeeper.signin.jwks-cache-seconds", defaultValue = "3600")
    long jwksSeconds;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, Cached> documents = new ConcurrentHashMap<>();
    private final Map<String, JWKSource<SecurityContext>> keys = new ConcurrentHashMap<>();

    private record Cached(ProviderMetadata metadata, Instant fetchedAt) {
    }

    public ProviderMetadata metadata(String issuer) {
        Instant now = clock.instant();
        Cached cached = documents.get(issuer);
        if (cached != null && now.isBefore(cached.fetchedAt().plusSeconds(discoverySeconds))) {
            return cached.metadata();
        }
        ProviderMetadata fresh = fetch(issuer);
        documents.put(issuer, new Cached(fresh, now));
        return fresh;
    }

    public JWKSource<SecurityContext> keys(String jwksUri) {
        return keys.computeIfAbsent(jwksUri, uri -> {
            try {
                long ttl = Duration.ofSeconds(jwksSeconds).toMillis();
                return JWKSourceBuilder.create(URI.create(uri).toURL())
                        .cache(ttl, Math.min(ttl, TIMEOUT.toMillis()))
                        .retrying(true)
                        .build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new SignInFailedException("The provider's jwks_uri is not a URL: " + uri, e);
            }
        });
    }

    private ProviderMetadata fetch(String issuer) {
        // OpenID Connect Discovery §4.1: issuer + "/.well-known/openid-configuration", without a doubled slash
        String url = (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + "/.well-known/openid-configuration";
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | IllegalArgumentException e) {
            throw new SignInFailedException("The identity provider's discovery document could not be fetched from " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignInFailedException("Interrupted while fetching " + url, e);
        }
        if (response.statusCode() != 200) {
            throw new SignInFailedException("The identity provider answered HTTP " + response.statusCode() + " for its discovery document " + url);
        }
        JsonObject document;
        try (JsonReader reader = JsonBuilders.reader(response.body())) {
            document = reader.readObject();
        } catch (RuntimeException e) {
            throw new SignInFailedException("The identity provider's discovery document at " + url + " is not a JSON object", e);
        }
        String announced = string(document, "issuer", url);
        // OpenID Connect Discovery §4.3: the issuer in the document MUST be identical to the one it was fetched for
        if (!issuer.equals(announced)) {
            throw new SignInFailedException("The discovery document at " + url + " names issuer '" + announced
                    + "', not the configured '" + issuer + "': fix the tenant's identityProvider.oidc.issuer");
        }
        return new ProviderMetadata(announced, string(document, "authorization_endpoint", url), string(document, "token_endpoint", url),
                string(document, "jwks_uri", url));
    }

    private static String string(JsonObject document, String name, String url) {
        if (!(document.get(name) instanceof JsonString value) || value.getString().isBlank()) {
            throw new SignInFailedException("The discovery document at " + url + " has no " + name);
        }
        return value.getString();
    }
}
