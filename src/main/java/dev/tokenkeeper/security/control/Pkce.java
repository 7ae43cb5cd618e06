package dev.tokenkeeper.security.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * RFC 7636 PKCE, S256 only: {@code plain} gives no protection when the authorization request can be
 * read, and RFC 9700 §2.1.1 says to use S256. Pure rules, no state.
 */
public final class Pkce {

    public static final String S256 = "S256";
    /** RFC 7636 §4.1: 43 to 128 unreserved characters. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");
    /** BASE64URL(SHA-256(verifier)) without padding: exactly 43 characters. */
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9\\-_]{43}");

    private Pkce() {
    }

    /** @return what is wrong with the authorization request's PKCE parameters, or empty when they are acceptable */
    public static Optional<String> problem(String challenge, String method) {
        if (challenge == null) {
            return method == null ? Optional.empty() : Optional.of("code_challenge_method was sent without code_challenge");
        }
        if (method == null || method.isEmpty()) {
            // RFC 7636 §4.3 would default to plain, which we do not accept: ask for the method outright
            return Optional.of("code_challenge_method is missing: send code_challenge_method=S256 (plain is not accepted)");
        }
        if (!S256.equals(method)) {
            return Optional.of("code_challenge_method '" + method + "' is not supported: use S256");
        }
        if (!CHALLENGE.matcher(challenge).matches()) {
            return Optional.of("code_challenge must be BASE64URL(SHA-256(code_verifier)) without padding: 43 characters");
        }
        return Optional.empty();
    }

    public static boolean wellFormedVerifier(String verifier) {
        return verifier != null && VERIFIER.matcher(verifier).matches();
    }

    public static String challengeOf(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Constant-time comparison of the verifier's challenge with the stored one. */
    public static boolean matches(String verifier, String challenge) {
        return wellFormedVerifier(verifier) && MessageDigest.isEqual(challengeOf(verifier).getBytes(StandardCharsets.US_ASCII),
                challenge.getBytes(StandardCharsets.US_ASCII));
    }
}
