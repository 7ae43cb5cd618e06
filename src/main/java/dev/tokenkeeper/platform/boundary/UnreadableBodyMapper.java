package dev.tokenkeeper.platform.boundary;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A JSON body that cannot be read into the route's type (broken JSON, a string where a number
 * belongs, an object for a boolean) is the client's mistake: 400, not the 500 the last-line mapper
 * gave it (BadInputIT). Nothing was written: the body is read before the resource method runs.
 */
@Provider
public class UnreadableBodyMapper implements ExceptionMapper<ProcessingException> {

    @Override
    public Response toResponse(ProcessingException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof JsonbException || cause instanceof JsonException) {
                return ServerErrorMapper.json(Response.status(400), "invalid_request",
                        "The body is not JSON of the expected shape (check brackets, quotes and each field's type); nothing was changed");
            }
        }
        return new ServerErrorMapper().toResponse(e);
    }
}
