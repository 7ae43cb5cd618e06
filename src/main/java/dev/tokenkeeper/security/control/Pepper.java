package dev.tokenkeeper.security.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The server-side secret that keys every hash and at-rest encryption of Tokenkeeper. It never
 * enters the database, so a stolen database alone reveals no client secret and no signing key.
 *
 * <p>From {@code tokenkeeper.pepper} when set (required for a cluster: every node needs the same
 * one); otherwise generated once into {@code <data-dir>/pepper}, which suits a single node.
 * Purpose-specific keys are derived with HMAC-SHA-256, so one pepper serves many uses without
 * one use weakening another.
 */
@ApplicationScoped
public class Pepper {

    private static final Logger LOG = System.getLogger(Pepper.class.getName());

    @Inject
    @ConfigProperty(name = "tokenkeeper.pepper")
    Optional<String> configured;

    @Inject
    @ConfigProperty(name = "tokenkeeper.data-dir", defaultValue = "./data")
    String dataDir;

    private byte[] secret;

    public Pepper() {
    }

    /** For unit tests: a pepper from known bytes. */
    public Pepper(byte[] secret) {
        this.secret = secret.clone();
    }

    @PostConstruct
    void load() {
        if (configured.isPresent() && !configured.get().isBlank()) {
            secret = configured.get().getBytes(StandardCharsets.UTF_8);
            if (secret.length < 16) {
                throw new IllegalStateException("tokenkeeper.pepper is too short: use at least 16 characters (32 random bytes, base64, is best)");
            }
            return;
        }
        secret = readOrCreate(Path.of(dataDir, "pepper"));
    }

    private static byte[] readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            Files.createDirectories(file.getParent());
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            Files.writeString(file, Base64.getEncoder().encodeToString(fresh));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                LOG.log(Level.DEBUG, "File system has no POSIX permissions; {0} keeps its defaults", file);
            }
            LOG.log(Level.WARNING, "tokenkeeper.pepper is not set: generated one into {0}. "
                    + "Back it up with the database; a cluster must set the same tokenkeeper.pepper on every node.", file.toAbsolutePath());
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the pepper file " + file.toAbsolutePath(), e);
        }
    }

    /** A 256-bit key for one purpose, e.g. {@code "client-secret"} or {@code "signing-key-seal"}. */
    public byte[] keyFor(String purpose) {
        return hmac(secret, purpose.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
