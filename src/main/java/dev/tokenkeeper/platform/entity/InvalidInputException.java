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

    public Map<String, String> fields() {
        return fields;
    }
}
