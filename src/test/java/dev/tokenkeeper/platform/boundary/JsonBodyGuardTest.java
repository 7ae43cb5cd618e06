package dev.tokenkeeper.platform.boundary;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonBodyGuardTest {

    private static int statusOf(String body, boolean oneObject) {
        JsonBodyGuard.Refusal refusal = JsonBodyGuard.checkShape(body.getBytes(StandardCharsets.UTF_8), oneObject);
        return refusal == null ? 0 : refusal.status();
    }

    @Test
    void oneObjectPassesAndBrokenJsonIsLeftToTheReader() {
        assertEquals(0, statusOf("{\"name\":\"x\",\"roles\":[\"admin\"],\"n\":{\"a\":[1,2]}}  \n", true));
        assertEquals(0, statusOf("", true), "an empty body is the route's business");
        assertEquals(0, statusOf("{\"name\":", true), "unterminated: JSON-B answers its own 400");
    }

    @Test
    void anArrayOrABareValueWhereOneObjectIsExpectedIsRefused() {
        assertEquals(400, statusOf("[{\"name\":\"x\"}]", true));
        assertEquals(400, statusOf("\"x\"", true));
        assertEquals(400, statusOf("42", true));
        assertEquals(0, statusOf("[{\"name\":\"x\"}]", false), "a route that reads a list takes an array");
    }

    @Test
    void anythingAfterTheValueIsRefused() {
        assertEquals(400, statusOf("{\"name\":\"glued\"} {\"name\":\"twice\"}", true));
        assertEquals(400, statusOf("{\"a\":1}x", true));
        assertEquals(400, statusOf("[1] [2]", false));
    }

    @Test
    void aNulInAKeyOrAStringIsRefused() {
        assertEquals(400, statusOf("{\"name\":\"a\\u0000b\"}", true));
        assertEquals(400, statusOf("{\"na\\u0000me\":\"x\"}", true));
        assertEquals(0, statusOf("{\"name\":\"a\\u0001b\"}", true), "other escapes are the fields' own validation");
    }

    @Test
    void onlyRoutesReadingOneObjectAreHeldToOne() {
        assertTrue(JsonBodyGuard.expectsOneObject(Map.class));
        assertTrue(JsonBodyGuard.expectsOneObject(Record.class));
        assertFalse(JsonBodyGuard.expectsOneObject(List.class));
        assertFalse(JsonBodyGuard.expectsOneObject(String.class));
        assertFalse(JsonBodyGuard.expectsOneObject(String[].class));
    }

    @Test
    void parseObjectTakesExactlyOneObject() {
        assertEquals("x", JsonBuilders.parseObject(" {\"a\":\"x\"} \n").getString("a"));
        assertThrows(JsonException.class, () -> JsonBuilders.parseObject("{\"a\":1} junk"));
        assertThrows(JsonException.class, () -> JsonBuilders.parseObject("{\"a\":1}{\"b\":2}"));
        assertThrows(JsonException.class, () -> JsonBuilders.parseObject("[1]"));
        assertThrows(JsonException.class, () -> JsonBuilders.parseObject(""));
        assertDoesNotThrow(() -> JsonBuilders.parseObject("{}"));
    }
}
