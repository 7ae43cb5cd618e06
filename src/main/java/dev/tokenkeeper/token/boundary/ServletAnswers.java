package dev.tokenkeeper.token.boundary;

import dev.tokenkeeper.platform.boundary.JsonBuilders;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** How the OAuth routes that are servlets (the token endpoint, the metadata) write an answer: as the JAX-RS routes do. */
final class ServletAnswers {

    private ServletAnswers() {
    }

    /** {@code {error, error_description}}, the shape of every error of the service. */
    static void error(HttpServletResponse response, int status, String error, String description) throws IOException {
        write(response, status, "application/json",
                JsonBuilders.object().add("error", error).add("error_description", description).build().toString());
    }

    /** RFC 6749 §5.1: nothing the token endpoint answers may be cached, nor any error. */
    static void write(HttpServletResponse response, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setContentType(contentType);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
