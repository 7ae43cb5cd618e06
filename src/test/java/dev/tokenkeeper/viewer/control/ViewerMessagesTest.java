package dev.tokenkeeper.viewer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.viewer.control.ViewerMessages.Hello;
import dev.tokenkeeper.viewer.control.ViewerMessages.Interaction;
import dev.tokenkeeper.viewer.control.ViewerMessages.ProtocolViolation;
import dev.tokenkeeper.viewer.entity.TokenReason;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ViewerMessagesTest {

    @Test
    void helloCarriesTokenReportAndWhetherItIsAReconnect() {
        assertEquals(new Hello("eyJ", "sales", false), ViewerMessages.parse("{\"type\":\"hello\",\"accessToken\":\"eyJ\",\"reportId\":\"sales\"}"));
        assertEquals(new Hello("eyJ", "sales", true),
                ViewerMessages.parse("{\"type\":\"hello\",\"accessToken\":\"eyJ\",\"reportId\":\"sales\",\"reconnect\":true}"));
    }

    @Test
    void interactionKindsAreTheThreeOfTheContract() {
        for (String kind : new String[] {"filter", "page", "visual"}) {
            assertEquals(new Interaction(kind), ViewerMessages.parse("{\"type\":\"interaction\",\"kind\":\"" + kind + "\"}"));
        }
        assertViolation("{\"type\":\"interaction\",\"kind\":\"scroll\"}", "filter, page or visual");
    }

    @Test
    void violationsSayWhatIsWrong() {
        assertViolation("not json", "JSON object");
        assertViolation("[1,2]", "JSON object");
        assertViolation("{\"accessToken\":\"x\"}", "\"type\"");
        assertViolation("{\"type\":42}", "\"type\"");
        assertViolation("{\"type\":\"hello\",\"reportId\":\"sales\"}", "accessToken");
        assertViolation("{\"type\":\"hello\",\"accessToken\":\"  \",\"reportId\":\"sales\"}", "accessToken");
        assertViolation("{\"type\":\"hello\",\"accessToken\":\"eyJ\"}", "reportId");
        assertViolation("{\"type\":\"" + "x".repeat(100) + "\"}", "unknown message type");
    }

    @Test
    void tokenMessageHasTypeFirstAndTheContractsFields() {
        String json = ViewerMessages.token("a.b.c", "id-1", Instant.parse("2026-11-27T11:00:00Z"), "sales", "https://x/embed/reports/sales",
                TokenReason.TIMED);
        assertEquals("{\"type\":\"token\",\"token\":\"a.b.c\",\"tokenId\":\"id-1\",\"expiration\":\"2026-11-27T11:00:00Z\","
                + "\"reportId\":\"sales\",\"embedUrl\":\"https://x/embed/reports/sales\",\"reason\":\"timed\"}", json);
    }

    @Test
    void errorMessageCarriesTheCode() {
        assertTrue(ViewerMessages.error(ViewerMessages.TOKEN_EXPIRED, "reload").startsWith("{\"type\":\"error\",\"code\":\"ClientError_TokenExpired\""));
    }

    private static void assertViolation(String text, String mentions) {
        ProtocolViolation violation = assertThrows(ProtocolViolation.class, () -> ViewerMessages.parse(text));
        assertTrue(violation.getMessage().contains(mentions), violation.getMessage());
        assertTrue(violation.getMessage().length() < 120, "fits a close reason");
    }
}
