package dev.tokenkeeper.platform.boundary;

import dev.tokenkeeper.platform.entity.InvalidInputException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

@Provider
public class InvalidInputMapper implements ExceptionMapper<InvalidInputException> {

    @Override
    public Response toResponse(InvalidInputException e) {
        return ValidationErrorMapper.badRequest(e.fields());
    }
}
