package dev.tokenkeeper.platform.boundary;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;

/**
 * JSON-P builders from one provider looked up once. {@code jakarta.json.JsonBuilders.object()}
 * runs a ServiceLoader scan of the web application's class path on every call: measured, it capped
 * a constant JSON endpoint at about 200 requests/s on 2 cores. The provider is immutable and
 * thread-safe, so a constant is not shared state.
 */
public final class JsonBuilders {

    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private JsonBuilders() {
    }

    public static JsonObjectBuilder object() {
        return PROVIDER.createObjectBuilder();
    }

    public static JsonArrayBuilder array() {
        return PROVIDER.createArrayBuilder();
    }

    /** A reader of {@code json}, from the same provider (not {@code Json.createReader}, which looks it up again). */
    public static JsonReader reader(String json) {
        return PROVIDER.createReader(new StringReader(json));
    }

    /**
     * Parses one JSON object, e.g. the answer of a remote service; anything after it but whitespace is
     * refused, so {@code {…} junk} is not taken for {@code {…}}.
     *
     * @throws jakarta.json.JsonException (or a subclass) when {@code json} is not exactly one JSON object
     */
    public static JsonObject parseObject(String json) {
        try (JsonParser parser = PROVIDER.createParser(new StringReader(json))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new JsonParsingException("not a JSON object", parser.getLocation());
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) {
                throw new JsonParsingException("content after the JSON object", parser.getLocation());
            }
            return object;
        }
    }
}
