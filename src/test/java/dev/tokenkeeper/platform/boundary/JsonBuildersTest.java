package dev.tokenkeeper.platform.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class JsonBuildersTest {

    /** {@code Json.createX(...)} looks the provider up with a ServiceLoader scan per call (a quarter of a node's CPU with 10,000 viewers once). */
    private static final Pattern STATIC_FACTORY = Pattern.compile("\\bJson\\.create\\w*\\(");

    @Test
    void noMainSourceCallsTheStaticJsonFactories() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            offenders = files.filter(file -> file.toString().endsWith(".java")).filter(file -> {
                try {
                    // comments may name it; code may not
                    return Files.readAllLines(file).stream().map(String::strip)
                            .filter(line -> !line.startsWith("*") && !line.startsWith("/*") && !line.startsWith("//"))
                            .anyMatch(line -> STATIC_FACTORY.matcher(line).find());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
        }
        assertEquals(List.of(), offenders, "use JsonBuilders (or a JsonProvider looked up once) instead of Json.create…");
    }

    @Test
    void theReaderReadsWhatTheBuildersWrite() {
        String json = JsonBuilders.object().add("a", JsonBuilders.array().add(1).add("two")).build().toString();
        try (var reader = JsonBuilders.reader(json)) {
            var object = reader.readObject();
            assertEquals(2, object.getJsonArray("a").size());
            assertEquals("two", object.getJsonArray("a").getString(1));
        }
    }

    @Test
    void parseObjectRefusesTrailingContent() {
        assertThrows(JsonException.class, () -> JsonBuilders.parseObject("{\"a\":1} junk"));
        assertTrue(JsonBuilders.parseObject(" {\"a\":1} ").containsKey("a"));
    }
}
