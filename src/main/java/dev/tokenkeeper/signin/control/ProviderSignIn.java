package dev.tokenkeeper.signin.control;

import dev.tokenkeeper.platform.boundary.JsonBuilders;
import dev.tokenkeeper.signin.entity.ProviderMetadata;
import dev.tokenkeeper.signin.entity.SignInFailedException;
import dev.tokenkeeper.tenant.entity.OidcClient;
import dev.tokenkeeper.security.control.Pkce;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.ws.rs.core.UriBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Tokenkeeper as an OpenID Connect relying party (Core §3.1, authorization code flow): the URL that
 * sends the browser to the tenant's provider, and the back-channel exchange of the provider's code
 * for a verified id_token, with client_secret_basic and PKCE.
 */
@ApplicationScoped
public class ProviderSignIn {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    OidcDiscovery discovery;

    @Inject
    SignInSecrets secrets;

    @Inject
    Clock clock;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    private IdTokenVerifier idTokens;

    @PostConstruct
    void init() {
        idTokens = new IdTokenVerifier(clock);
    }

    /** @param loginHint GitHub's {@code login}, passed on as OIDC {@code login_hint}; may be null */
    public URI authorizationUrl(OidcClient client, String callbackUri, String state, String loginHint, boolean selectAccount) {
        ProviderMetadata provider = discovery.metadata(client.issuer());
        UriBuilder url = UriBuilder.fromUri(provider.authorizationEndpoint())
                .queryParam("response_type", "code")
                .queryParam("client_id", client.clientId())
                .queryParam("redirect_uri", callbackUri)
                .queryParam("scope", "openid")
                .queryParam("state", state)
                .queryParam("nonce", secrets.nonce(state))
                .queryParam("code_challenge", Pkce.challengeOf(secrets.verifier(state)))
                .queryParam("code_challenge_method", Pkce.S256);
        if (loginHint != null && !loginHint.isBlank()) {
            url.queryParam("login_hint", loginHint);
        }
        if (selectAccount) {
            url.queryParam("prompt", "select_account");
        }
        return url.build();
    }

    /** The provider's code → its token endpoint → the id_token's verified {@code sub}. */
    public String subject(OidcClient client, String callbackUri, String state, String code) {
        ProviderMetadata provider = discovery.metadata(client.issuer());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", callbackUri);
        form.put("code_verifier", secrets.verifier(state));
        // RFC 6749 §2.3.1: client_secret_basic, each part form-urlencoded first
        String basic = Base64.getEncoder().encodeToString((encode(client.clientId()) + ":" + encode(client.clientSecret()))
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(provider.tokenEndpoint())).timeout(TIMEOUT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .header("Authorization", "Basic " + basic)
                    .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"))))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | IllegalArgumentException e) {
            throw new SignInFailedException("The identity provider's token endpoint could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignInFailedException("Interrupted while calling the identity provider", e);
        }
        JsonObject body = parse(response.body());
        if (response.statusCode() != 200) {
            String error = body != null && body.get("error") instanceof JsonString s ? s.getString() : "HTTP " + response.statusCode();
            throw new SignInFailedException("The identity provider refused the sign-in code: " + error);
        }
        if (body == null || !(body.get("id_token") instanceof JsonString idToken)) {
            throw new SignInFailedException("The identity provider's token response has no id_token: is the 'openid' scope allowed for our client?");
        }
        return idTokens.verifiedSubject(idToken.getString(), discovery.keys(provider.jwksUri()), provider.issuer(), client.clientId(),
                secrets.nonce(state));
    }

    private static JsonObject parse(String body) {
        try (JsonReader reader = JsonBuilders.reader(body == null ? "" : body)) {
            return reader.readObject();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
