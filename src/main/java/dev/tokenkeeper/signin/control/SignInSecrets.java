package dev.tokenkeeper.signin.control;

import dev.tokenkeeper.security.control.Pepper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The random values of a sign-in: the state sent to the provider, the browser cookie, the consent
 * token. Stored only as SHA-256 hashes. The nonce and the PKCE verifier toward the provider are
 * derived from the state with a pepper-keyed HMAC, so nothing more needs storing and a database
 * reader cannot compute them.
 */
@ApplicationScoped
public class SignInSecrets {

    private static final Pattern RANDOM_FORM = Pattern.compile("[A-Za-z0-9_-]{43}");
    private final SecureRandom random = new SecureRandom();

    @Inject
    Pepper pepper;

    /** 256 random bits, base64url: 43 characters. */
    public String random() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static boolean looksRandom(String value) {
        return value != null && RANDOM_FORM.matcher(value).matches();
    }

    public static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public String nonce(String state) {
        return derive("signin-nonce", state);
    }

    /** RFC 7636 code_verifier toward the provider: 43 base64url characters. */
    public String verifier(String state) {
        return derive("signin-pkce", state);
    }

    private String derive(String purpose, String state) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                Pepper.hmac(pepper.keyFor(purpose), state.getBytes(StandardCharsets.UTF_8)));
    }
}
