package dev.tokenkeeper.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangelogFingerprintTest {

    private static final String MASTER = """
            <databaseChangeLog>
                <include file="changes/001-a.xml" relativeToChangelogFile="true"/>
                <include file="changes/002-b.xml" relativeToChangelogFile="true"/>
            </databaseChangeLog>
            """;

    @TempDir
    Path root;

    @Test
    void theShippedChangelogHasAFingerprint() {
        assertTrue(ChangelogFingerprint.of(getClass().getClassLoader(), SchemaMigration.CHANGELOG).isPresent());
    }

    @Test
    void theSameFilesGiveTheSameFingerprintAndAChangeInAnIncludedFileAnother() throws IOException {
        write(MASTER, "<changeSet id='a'/>", "<changeSet id='b'/>");
        String first = fingerprint();
        assertEquals(first, fingerprint());

        write(MASTER, "<changeSet id='a'/>", "<changeSet id='b'><sql>x</sql></changeSet>");
        assertNotEquals(first, fingerprint());
    }

    @Test
    void movingTextFromOneIncludedFileToTheNextChangesTheFingerprint() throws IOException {
        write(MASTER, "<changeSet id='a'/>", "<changeSet id='b'/>");
        String before = fingerprint();
        write(MASTER, "<changeSet id='a'/><changeSet id='b'/>", "");
        assertNotEquals(before, fingerprint());
    }

    @Test
    void aChangelogOfAnotherShapeHasNoFingerprintSoLiquibaseAlwaysRuns() throws IOException {
        write("<databaseChangeLog><includeAll path=\"changes/\"/></databaseChangeLog>", "", "");
        assertEquals("none", fingerprint());

        write("<databaseChangeLog><include file=\"/abs/001-a.xml\"/></databaseChangeLog>", "", "");
        assertEquals("none", fingerprint(), "an include not relative to the changelog");

        write(MASTER, "<include file=\"more.xml\" relativeToChangelogFile=\"true\"/>", "");
        assertEquals("none", fingerprint(), "an included file that includes again");

        write(MASTER.replace("002-b", "003-missing"), "", "");
        assertEquals("none", fingerprint(), "an included file that does not exist");
    }

    private void write(String master, String a, String b) throws IOException {
        Files.createDirectories(root.resolve("db/changes"));
        Files.writeString(root.resolve("db/changelog.xml"), master);
        Files.writeString(root.resolve("db/changes/001-a.xml"), a);
        Files.writeString(root.resolve("db/changes/002-b.xml"), b);
    }

    private String fingerprint() throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
            return ChangelogFingerprint.of(loader, "db/changelog.xml").orElse("none");
        }
    }
}
