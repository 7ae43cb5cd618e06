package dev.tokenkeeper.viewer.entity;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * A viewer session as the other nodes of the cluster see it: what an admin is shown, and the node
 * that holds its socket. Never the token itself. Travels through the cluster-wide cache as a JSON
 * string, so no class of the application has to be deserialised by the data grid.
 */
public record ViewerSummary(String node, String id, String user, String reportId, String state, Instant openedAt,
        String tokenId, Instant tokenExpiresAt, String lastReason) {

    /** Looked up once: {@code Json.createObjectBuilder()} runs a ServiceLoader scan of the class path per call (see JsonBuilders). */
    private static final JsonProvider JSON = JsonProvider.provider();

    public static String encode(Collection<ViewerSummary> viewers) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        for (ViewerSummary viewer : viewers) {
            JsonObjectBuilder object = JSON.createObjectBuilder();
            put(object, "node", viewer.node);
            put(object, "id", viewer.id);
            put(object, "user", viewer.user);
            put(object, "reportId", viewer.reportId);
            put(object, "state", viewer.state);
            put(object, "openedAt", viewer.openedAt == null ? null : viewer.openedAt.toString());
            put(object, "tokenId", viewer.tokenId);
            put(object, "tokenExpiresAt", viewer.tokenExpiresAt == null ? null : viewer.tokenExpiresAt.toString());
            put(object, "lastReason", viewer.lastReason);
            array.add(object);
        }
        return array.build().toString();
    }

    /** @throws jakarta.json.JsonException or a runtime exception on text that {@link #encode} did not write */
    public static List<ViewerSummary> decode(String json) {
        try (var reader = JSON.createReader(new StringReader(json))) {
            JsonArray array = reader.readArray();
            return array.getValuesAs(JsonObject.class).stream()
                    .map(o -> new ViewerSummary(text(o, "node"), text(o, "id"), text(o, "user"), text(o, "reportId"), text(o, "state"),
                            instant(o, "openedAt"), text(o, "tokenId"), instant(o, "tokenExpiresAt"), text(o, "lastReason")))
                    .toList();
        }
    }

    private static void put(JsonObjectBuilder object, String name, String value) {
        if (value != null) {
            object.add(name, value);
        }
    }

    private static String text(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value == null || value.getValueType() != JsonValue.ValueType.STRING ? null : object.getString(name);
    }

    private static Instant instant(JsonObject object, String name) {
        String value = text(object, name);
        return value == null ? null : Instant.parse(value);
    }
}
