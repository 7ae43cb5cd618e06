package dev.tokenkeeper.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every token and secret the server handed to a test, one per line in {@code target/it-issued-secrets.txt}
 * (appended across the whole IT run, every class and fork), so {@link LogHygieneIT} can look for each of
 * them in the servers' logs afterwards. Reads JSON and form answers alike; values shorter than 16
 * characters are no credential of ours and would only match by chance.
 */
final class IssuedSecrets {

    static final Path FILE = Path.of(System.getProperty("it.secrets.file", "target/it-issued-secrets.txt"));
    static final int MIN_LENGTH = 16;

    /** The fields that carry a credential in any of our answers (OAuth, GitHub's, the admin API, embed tokens, device flow). */
    private static final Pattern FIELD = Pattern.compile(
            "\"?(access_token|refresh_token|id_token|client_secret|clientSecret|device_code|token)\"?\\s*[:=]\\s*\"?([^\"&,}\\s]+)");

    private IssuedSecrets() {
    }

    static void recordFrom(String body) {
        if (body == null || body.isEmpty()) {
            return;
        }
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = FIELD.matcher(body);
        while (matcher.find()) {
            String value = java.net.URLDecoder.decode(matcher.group(2), StandardCharsets.UTF_8);
            if (value.length() >= MIN_LENGTH) {
                found.add(value);
            }
        }
        if (!found.isEmpty()) {
            append(found);
        }
    }

    private static synchronized void append(Set<String> values) {
        try {
            Files.createDirectories(FILE.toAbsolutePath().getParent());
            Files.writeString(FILE, String.join("\n", values) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
