package dev.tokenkeeper.platform.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SHA-256 of a Liquibase changelog and of the files it includes, in the order it includes them.
 * The same fingerprint as the one recorded after the last full update means Liquibase would find
 * nothing to do, so a start can skip it.
 *
 * <p>Only the shape our changelog has is fingerprinted: a master file of
 * {@code <include file="…" relativeToChangelogFile="true"/>} lines whose files include nothing
 * themselves. Anything else ({@code includeAll}, nested or absolute includes, a missing file) gives
 * no fingerprint, and Liquibase always runs: a wrong "nothing changed" would leave a schema behind,
 * a missing fingerprint only costs a second.
 */
final class ChangelogFingerprint {

    private static final Pattern INCLUDE_TAG = Pattern.compile("<include(All)?\\b[^>]*>");
    private static final Pattern RELATIVE_INCLUDE = Pattern.compile(
            "<include\\s+file=\"([^\"]+)\"\\s+relativeToChangelogFile=\"true\"\\s*/>");

    private ChangelogFingerprint() {
    }

    /** The fingerprint of {@code changelog} (a class path resource) and its includes, if it has the shape above. */
    static Optional<String> of(ClassLoader loader, String changelog) {
        try {
            byte[] master = read(loader, changelog);
            if (master == null) {
                return Optional.empty();
            }
            String folder = changelog.contains("/") ? changelog.substring(0, changelog.lastIndexOf('/') + 1) : "";
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            digest(sha256, changelog, master);
            Matcher tag = INCLUDE_TAG.matcher(new String(master, StandardCharsets.UTF_8));
            while (tag.find()) {
                Matcher include = RELATIVE_INCLUDE.matcher(tag.group());
                if (!include.matches()) {
                    return Optional.empty();
                }
                String path = folder + include.group(1);
                byte[] included = read(loader, path);
                if (included == null || INCLUDE_TAG.matcher(new String(included, StandardCharsets.UTF_8)).find()) {
                    return Optional.empty();
                }
                digest(sha256, path, included);
            }
            return Optional.of(HexFormat.of().formatHex(sha256.digest()));
        } catch (IOException | NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }

    /** The name and length go in too, so that moving bytes from one file to the next changes the fingerprint. */
    private static void digest(MessageDigest sha256, String path, byte[] content) {
        sha256.update((path + "\n" + content.length + "\n").getBytes(StandardCharsets.UTF_8));
        sha256.update(content);
    }

    private static byte[] read(ClassLoader loader, String path) throws IOException {
        try (InputStream in = loader.getResourceAsStream(path)) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
