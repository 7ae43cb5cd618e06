package dev.tokenkeeper.settings.boundary;

import dev.tokenkeeper.platform.boundary.ServerErrorMapper;
import dev.tokenkeeper.settings.entity.StaleSettingsException;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** RFC 9110 §13.1.1: an If-Match that no longer matches is 412 Precondition Failed; the answer names the current ETag. */
@Provider
public class StaleSettingsMapper implements ExceptionMapper<StaleSettingsException> {

    @Override
    public Response toResponse(StaleSettingsException e) {
        return ServerErrorMapper.json(Response.status(Response.Status.PRECONDITION_FAILED).tag(new EntityTag(e.currentVersion())),
                "precondition_failed", e.getMessage());
    }
}
