package dev.tokenkeeper.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs last (its own failsafe execution, after every other): no line the test servers logged
 * during the whole IT run contains a token or secret the server issued to the tests
 * ({@link IssuedSecrets}). The servers' output reaches failsafe's per-class output files because
 * the Arquillian adapter copies Payara Micro's console into the test JVM and failsafe redirects
 * test output to files; the servers log at FINE for our packages during the tests, so the grant
 * outcome lines are checked too.
 *
 * <p>It fails, rather than passes with nothing to check, when no token was recorded or no server
 * log was found.
 */
class LogHygieneIT {

    static final Path REPORTS = Path.of("target/failsafe-reports");
    /** Characters found in no token or secret of ours (base64url, JWT dots, our prefixes' underscores stay inside a piece). */
    static final Pattern SEPARATORS = Pattern.compile("[\\s\"'`,;:=&?()\\[\\]{}<>|\\\\]+");

    @Test
    void noIssuedTokenOrSecretAppearsInAnyServerLog() throws IOException {
        assertTrue(Files.exists(IssuedSecrets.FILE), "no tokens were recorded: run the other ITs first (" + IssuedSecrets.FILE + ")");
        Set<String> secrets = new LinkedHashSet<>(Files.readAllLines(IssuedSecrets.FILE, StandardCharsets.UTF_8));
        secrets.removeIf(secret -> secret.length() < IssuedSecrets.MIN_LENGTH);
        assertFalse(secrets.isEmpty(), "no tokens were recorded in " + IssuedSecrets.FILE);

        List<Path> logs;
        try (Stream<Path> files = Files.list(REPORTS)) {
            logs = files.filter(file -> file.getFileName().toString().endsWith("-output.txt")).sorted().toList();
        }
        List<Path> serverLogs = new ArrayList<>();
        List<String> leaks = new ArrayList<>();
        for (Path log : logs) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1); // any bytes: a log is not always UTF-8
            if (lines.stream().anyMatch(line -> line.contains("dev.tokenkeeper"))) {
                serverLogs.add(log);
            }
            for (int i = 0; i < lines.size(); i++) {
                // one pass per line: cut it where no token of ours has a character, look each piece up
                for (String piece : SEPARATORS.split(lines.get(i))) {
                    String bare = piece.replaceAll("\\.+$", ""); // a sentence's full stop after a token
                    if (piece.length() >= IssuedSecrets.MIN_LENGTH && (secrets.contains(piece) || secrets.contains(bare))) {
                        leaks.add(log.getFileName() + ":" + (i + 1) + " contains an issued credential starting "
                                + piece.substring(0, 8) + "…");
                    }
                }
            }
        }
        assertFalse(serverLogs.isEmpty(), "no server log with a dev.tokenkeeper line under " + REPORTS + " among " + logs);
        assertTrue(leaks.isEmpty(), leaks.size() + " log line(s) carry a token or secret:\n" + String.join("\n", leaks));
    }
}
