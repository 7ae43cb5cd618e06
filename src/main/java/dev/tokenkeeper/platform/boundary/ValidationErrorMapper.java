package dev.tokenkeeper.platform.boundary;

import jakarta.json.JsonObjectBuilder;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import java.util.TreeMap;

/** Bean Validation failures as 400 with one message per field; nothing was changed. */
@Provider
public class ValidationErrorMapper implements ExceptionMapper<ConstraintViolationException> {

    @Override
    public Response toResponse(ConstraintViolationException e) {
        Map<String, String> fields = new TreeMap<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            fields.merge(fieldName(violation.getPropertyPath().toString()), violation.getMessage(), (a, b) -> a + "; " + b);
        }
        return badRequest(fields);
    }

    static Response badRequest(Map<String, String> fields) {
        JsonObjectBuilder fieldJson = JsonBuilders.object();
        fields.forEach(fieldJson::add);
        String summary = fields.isEmpty() ? "The request body is missing or invalid"
                : "Invalid values: " + String.join(", ", fields.keySet()) + ". Nothing was changed";
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JsonBuilders.object()
                        .add("error", "invalid_request")
                        .add("error_description", summary)
                        .add("fields", fieldJson)
                        .build().toString())
                .build();
    }

    /** "create.arg0.identityProvider.issuer" → "identityProvider.issuer": drop the method and parameter segments. */
    private static String fieldName(String path) {
        String[] parts = path.split("\\.");
        return parts.length <= 2 ? "body" : String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length));
    }
}
