package dev.tokenkeeper.viewer.control;

import dev.tokenkeeper.platform.boundary.JsonBuilders;
import dev.tokenkeeper.viewer.entity.TokenReason;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The channel's JSON messages, one object each with {@code type} first (PRODUCT.md, "Viewer channel"). */
public final class ViewerMessages {

    public static final String TOKEN_EXPIRED = "ClientError_TokenExpired";
    /** The tenant's capacity is not serving; the viewer waits for a {@code resumed} token (never told TOKEN_EXPIRED meanwhile). */
    public static final String CAPACITY_PAUSED = "CapacityPaused";
    /** A {@code resume} that was not carried out: {@code reason} says why (not-allowed, too-soon, not-paused). */
    public static final String RESUME_REFUSED = "ResumeRefused";
    /** A {@code resume} that was allowed but the capacity could not be started. */
    public static final String RESUME_FAILED = "ResumeFailed";
    static final Set<String> INTERACTION_KINDS = Set.of("filter", "page", "visual");
    /** A report id as the reports API accepts it (embed.boundary.NewReport): anything else names no report, and a NUL would fail the database lookup. */
    private static final Pattern REPORT_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    /** What a close reason may quote back of a client's type: a browser client may show the reason, so never markup or control characters. */
    private static final Pattern ECHOABLE = Pattern.compile("[A-Za-z0-9_.-]{1,40}");

    private ViewerMessages() {
    }

    /** What a viewer may send. */
    public sealed interface Incoming permits Hello, Interaction, Resume {
    }

    public record Hello(String accessToken, String reportId, boolean reconnect) implements Incoming {
    }

    public record Interaction(String kind) implements Incoming {
    }

    /** {@code {"type":"resume"}}: the viewer asks for its paused capacity to be started. */
    public record Resume() implements Incoming {
    }

    /** A message the protocol does not allow; the text says what is wrong, and goes into the close reason. */
    public static final class ProtocolViolation extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProtocolViolation(String message) {
            super(message, null, false, false);
        }
    }

    public static Incoming parse(String text) {
        JsonObject message;
        try {
            message = JsonBuilders.parseObject(text);
        } catch (JsonException | IllegalStateException e) {
            throw new ProtocolViolation("a message must be one JSON object");
        }
        String type = string(message, "type");
        if (type == null) {
            throw new ProtocolViolation("a message needs a \"type\"");
        }
        return switch (type) {
            case "hello" -> hello(message);
            case "interaction" -> interaction(message);
            case "resume" -> new Resume();
            default -> throw new ProtocolViolation(ECHOABLE.matcher(type).matches() ? "unknown message type \"" + type + "\""
                    : "unknown message type: use hello, interaction or resume");
        };
    }

    private static Hello hello(JsonObject message) {
        String accessToken = string(message, "accessToken");
        String reportId = string(message, "reportId");
        if (accessToken == null || accessToken.isBlank()) {
            throw new ProtocolViolation("hello needs your access token in \"accessToken\"");
        }
        if (reportId == null || reportId.isBlank()) {
            throw new ProtocolViolation("hello needs the report in \"reportId\"");
        }
        if (!REPORT_ID.matcher(reportId).matches()) {
            throw new ProtocolViolation("hello's \"reportId\" must be 1 to 100 letters, digits, '.', '_' or '-'");
        }
        return new Hello(accessToken, reportId, message.getBoolean("reconnect", false));
    }

    private static Interaction interaction(JsonObject message) {
        String kind = string(message, "kind");
        if (kind == null || !INTERACTION_KINDS.contains(kind)) {
            throw new ProtocolViolation("interaction \"kind\" must be filter, page or visual");
        }
        return new Interaction(kind);
    }

    public static String token(String token, String tokenId, Instant expiration, String reportId, String embedUrl, TokenReason reason) {
        return JsonBuilders.object()
                .add("type", "token")
                .add("token", token)
                .add("tokenId", tokenId)
                .add("expiration", DateTimeFormatter.ISO_INSTANT.format(expiration))
                .add("reportId", reportId)
                .add("embedUrl", embedUrl)
                .add("reason", reason.code())
                .build().toString();
    }

    public static String error(String code, String message) {
        return JsonBuilders.object().add("type", "error").add("code", code).add("message", message).build().toString();
    }

    /**
     * {@code {"type":"error","code":"CapacityPaused",...}}: what a paused viewer shows. {@code resumableBy}
     * only for a user who may not resume; {@code opensAt} only when a scheduled window is known;
     * {@code adminMustStart} when only an administrator can start it (manual, or nobody else may).
     */
    public static String capacityPaused(String state, String mode, boolean canResume, List<String> resumableBy, Instant opensAt,
            boolean adminMustStart, String text) {
        var json = JsonBuilders.object()
                .add("type", "error")
                .add("code", CAPACITY_PAUSED)
                .add("state", state);
        if (mode != null) {
            json.add("mode", mode);
        }
        json.add("canResume", canResume);
        if (!canResume) {
            var names = JsonBuilders.array();
            resumableBy.forEach(names::add);
            json.add("resumableBy", names);
        }
        if (opensAt != null) {
            json.add("opensAt", DateTimeFormatter.ISO_INSTANT.format(opensAt));
        }
        if (adminMustStart) {
            json.add("adminMustStart", true);
        }
        return json.add("message", text).build().toString();
    }

    /** {@code {"type":"error","code":"ResumeRefused","reason":...,"message":...}}, with the wait when it is a rate limit. */
    public static String resumeRefused(String reason, String text, Long retryAfterSeconds) {
        var json = JsonBuilders.object().add("type", "error").add("code", RESUME_REFUSED).add("reason", reason);
        if (retryAfterSeconds != null) {
            json.add("retryAfterSeconds", retryAfterSeconds);
        }
        return json.add("message", text).build().toString();
    }

    private static String string(JsonObject message, String name) {
        JsonValue value = message.get(name);
        return value instanceof JsonString text ? text.getString() : null;
    }
}
