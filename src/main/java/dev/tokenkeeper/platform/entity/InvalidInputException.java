package dev.tokenkeeper.platform.entity;

import java.util.Map;
import java.util.TreeMap;

/** Input that passed Bean Validation but breaks a rule only the control layer knows (a JWK set that does not parse, a taken slug). */
public class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final Map<String, String> fields;

    public InvalidInputException(String field, String message) {
        super(field + ": " + message, null, false, false);
        this.fields = new TreeMap<>(Map.of(field, message));
    }

    /** Several bad fields at once: the whole request is refused with every message. */
    public InvalidInputException(Map<String, String> fields) {
        super(String.join(", ", new TreeMap<>(fields).keySet()) + " invalid", null, false, false);
        this.fields = new TreeMap<>(fields);
    }

    public Map<String, String> fields() {
        return fields;
    }
}
