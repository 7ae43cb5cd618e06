package dev.tokenkeeper.embed.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static final Instant NOW = Instant.parse("2026-11-25T11:00:00Z");
    private static final PowerBiReportIds IDS = new PowerBiReportIds("f089354e-8366-4e18-aea3-4cb4a3a50b48",
            "5b218778-e7a5-4d73-8187-f10824047715", "cfafbeb1-8037-4d0c-896e-a46fb27ff229");

    @Test
    void reportWithRolesFiltersForTheUserWithThoseRoles() {
        Report report = new Report("t", "sales", "Sales", ReportProvider.POWERBI, IDS, List.of("Sales EMEA", "Viewer, read-only"), NOW);
        assertEquals(Optional.of(new EffectiveIdentity("ada", List.of("Sales EMEA", "Viewer, read-only"))), report.identityFor("ada"));
        assertEquals(Optional.of(IDS), report.powerBi());
    }

    @Test
    void reportWithoutRolesHasNoIdentitySoOneTokenServesEveryone() {
        Report report = new Report("t", "sales", "Sales", ReportProvider.BUILTIN, NOW);
        assertEquals(Optional.empty(), report.identityFor("ada"));
        assertEquals(List.of(), report.rlsRoles());
        assertEquals(Optional.empty(), report.powerBi());
    }

    @Test
    void roleWithALineBreakIsRefusedBecauseRolesAreStoredOnePerLine() {
        assertThrows(IllegalArgumentException.class,
                () -> new Report("t", "sales", "Sales", ReportProvider.BUILTIN, null, List.of("a\nb"), NOW));
    }
}
