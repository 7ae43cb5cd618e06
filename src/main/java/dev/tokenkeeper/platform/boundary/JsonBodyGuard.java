package dev.tokenkeeper.platform.boundary;

import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every JSON body a JAX-RS route reads passes here first (the admin API, the embed-token and demo
 * routes): bigger than {@code tokenkeeper.api.max-body-bytes} is 413, not a 4 MiB string for
 * validation to look at; a NUL anywhere is 400 before it reaches PostgreSQL (which refuses it with
 * a 500-shaped error); an array where one object is expected is 400 (JSON-B would quietly read
 * the object inside it); anything after the value is 400 (a truncated paste or two bodies glued
 * together). Nothing has been written when any of these answers: the body is read before the
 * resource method runs. The token endpoint is a servlet with its own limits.
 */
@Provider
public class JsonBodyGuard implements ReaderInterceptor {

    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    @ConfigProperty(name = "tokenkeeper.api.max-body-bytes", defaultValue = "65536")
    int maxBodyBytes;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (!MediaType.APPLICATION_JSON_TYPE.isCompatible(context.getMediaType()) || context.getMediaType().isWildcardType()) {
            return context.proceed();
        }
        byte[] body = readAtMost(context.getInputStream(), maxBodyBytes);
        Refusal refusal = checkShape(body, expectsOneObject(context.getType()));
        if (refusal != null) {
            throw refusal.asException();
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    /** Routes that read a list, an array, raw text or any JSON value take what they asked for. */
    static boolean expectsOneObject(Class<?> type) {
        return !(Collection.class.isAssignableFrom(type) || type.isArray() || CharSequence.class.isAssignableFrom(type)
                || JsonArray.class.isAssignableFrom(type) || type == JsonValue.class || type == InputStream.class
                || type == Object.class);
    }

    private byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] body = in.readNBytes(limit + 1);
        if (body.length > limit) {
            throw new Refusal(413, "payload_too_large", "The body is larger than " + limit + " bytes, the most this API reads;"
                    + " nothing was changed").asException();
        }
        return body;
    }

    /** Why a body is refused before it is read: an answer for the client, as the error family's JSON. */
    record Refusal(int status, String error, String description) {
        WebApplicationException asException() {
            return new WebApplicationException(ServerErrorMapper.json(Response.status(status), error, description));
        }
    }

    /**
     * Walks the JSON once: NULs, the top-level shape and trailing content. Broken JSON is left to the
     * reader's own 400. @return why the body is refused, or null
     */
    static Refusal checkShape(byte[] body, boolean oneObject) {
        if (body.length == 0) {
            return null; // an empty body is the route's business (required or not)
        }
        try (JsonParser parser = JSON.createParser(new ByteArrayInputStream(body))) {
            int depth = 0;
            boolean first = true;
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                if (first && oneObject && event != JsonParser.Event.START_OBJECT) {
                    return new Refusal(400, "invalid_request", "The body must be one JSON object ({…}), not "
                            + (event == JsonParser.Event.START_ARRAY ? "an array" : "a bare value") + "; nothing was changed");
                }
                first = false;
                switch (event) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case KEY_NAME, VALUE_STRING -> {
                        if (parser.getString().indexOf('\u0000') >= 0) {
                            return new Refusal(400, "invalid_request", "The body holds a NUL character (\\u0000), which no field"
                                    + " may contain; nothing was changed");
                        }
                    }
                    default -> {
                    }
                }
                if (depth == 0) {
                    break; // the top-level value is complete
                }
            }
            if (!first && hasMore(parser)) {
                return new Refusal(400, "invalid_request", "The body has more after its JSON value (two bodies, or a stray"
                        + " character?); send one JSON value only; nothing was changed");
            }
        } catch (jakarta.json.JsonException broken) {
            // broken JSON: JSON-B's reader answers it with the usual 400 (UnreadableBodyMapper)
        }
        return null;
    }

    private static boolean hasMore(JsonParser parser) {
        try {
            return parser.hasNext();
        } catch (JsonParsingException garbage) {
            return true;
        }
    }
}
