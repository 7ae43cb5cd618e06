package dev.tokenkeeper.demo.boundary;

import dev.tokenkeeper.demo.entity.SalesReport;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What the {@code embedUrl} of a builtin embed token points at: {@code GET /embed/reports/{id}} is
 * the report alone (a page meant for an iframe; it takes its embed token from the URL fragment or
 * from the parent page by {@code postMessage}, never from the query), and
 * {@code GET /embed/reports/{id}/data} its figures, for a valid embed token only
 * ({@code Authorization: EmbedToken <token>}, see {@code EmbedTokenCheck} for why not Bearer).
 */
@Path("embed/reports/{reportId}")
@Tag(name = "Embed")
@APIResponse(responseCode = "401", description = "TokenExpired for a lapsed embed token, invalid_token for anything else",
        content = @Content(mediaType = "application/json"))
public class BuiltinReportResource {

    /** Under WEB-INF so it is served only here, at a path whose depth its relative links are written for. */
    static final String PAGE = "/WEB-INF/embed/report.html";

    @Inject
    Demo demo;

    @Context
    ServletContext servletContext;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @APIResponse(responseCode = "200", description = "The report alone, a page for an iframe", content = @Content(mediaType = "text/html"))
    public Response page(@PathParam("reportId") @Pattern(regexp = "[A-Za-z0-9._-]{1,100}", message = "not a report id") String reportId) {
        InputStream page = servletContext.getResourceAsStream(PAGE);
        if (page == null) {
            throw new NotFoundException("The builtin report page is missing from this build");
        }
        return Response.ok(page, MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                // Payara sends X-Frame-Options: SAMEORIGIN; a customer's portal on another origin must be able to
                // frame the report, and CSP frame-ancestors takes precedence over that header in browsers.
                .header("Content-Security-Policy", "frame-ancestors *")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }

    @GET
    @Path("data")
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The report's figures", content = @Content(mediaType = "application/json"))
    public Response data(@PathParam("reportId") String reportId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        SalesReport figures = demo.reportData(authorization, reportId);
        return Response.ok(figures).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
