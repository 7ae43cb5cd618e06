package dev.tokenkeeper.tenant.entity;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;

/**
 * The rules of an app's registered redirect URIs (RFC 6749 §3.1.2, RFC 9700 §4.1.3 and RFC 8252 §7.3):
 * absolute {@code https} URLs, or {@code http} on a loopback host ({@code localhost}, {@code 127.0.0.1},
 * {@code [::1]}) for native apps and development; no fragment; matched exactly, character for character,
 * so that no prefix or pattern can be turned into an open redirect.
 */
public final class RedirectUris {

    public static final int MAX_COUNT = 10;
    public static final int MAX_LENGTH = 2000;

    private RedirectUris() {
    }

    /** @return what is wrong with {@code uri} as a registered redirect URI, or empty when it is acceptable */
    public static Optional<String> problem(String uri) {
        if (uri == null || uri.isBlank()) {
            return Optional.of("is empty: give an absolute URL such as https://app.example/callback");
        }
        if (uri.length() > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        if (uri.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            return Optional.of("holds a space or control character: percent-encode it");
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL: " + e.getReason());
        }
        if (!parsed.isAbsolute() || parsed.getHost() == null) {
            return Optional.of("must be an absolute URL with a host, e.g. https://app.example/callback");
        }
        if (parsed.getRawFragment() != null) {
            return Optional.of("must not have a fragment (#…): RFC 6749 §3.1.2");
        }
        if (parsed.getRawUserInfo() != null) {
            return Optional.of("must not carry user information (user@host)");
        }
        String scheme = parsed.getScheme().toLowerCase();
        if ("https".equals(scheme)) {
            return Optional.empty();
        }
        if ("http".equals(scheme) && isLoopback(parsed.getHost())) {
            return Optional.empty();
        }
        return Optional.of("must use https (http is allowed only for localhost, 127.0.0.1 or [::1])");
    }

    /** Exact string comparison: RFC 9700 §4.1.3 asks for it, and it leaves nothing to interpretation. */
    public static boolean registered(List<String> registered, String presented) {
        return presented != null && registered.contains(presented);
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase();
        return "localhost".equals(h) || "127.0.0.1".equals(h) || "[::1]".equals(h) || "::1".equals(h);
    }
}
