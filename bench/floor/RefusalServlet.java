package floor;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The platform's floor for a refusal: a POST whose small form body is read, answered with the status
 * in the path ({@code /refuse/400}, {@code /refuse/401}) and a constant JSON error. Grizzly closes the
 * connection after every 400 (HttpCodecFilter.statusDropsConnection), so a client pays a new
 * connection per 400 on any application of this platform.
 */
@WebServlet("/refuse/*")
public class RefusalServlet extends HttpServlet {

    private static final byte[] BODY = "{\"error\":\"invalid_request\",\"error_description\":\"refused\"}".getBytes(StandardCharsets.UTF_8);

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.getInputStream().readAllBytes();
        response.setStatus("/400".equals(request.getPathInfo()) ? 400 : 401);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setContentLength(BODY.length);
        response.getOutputStream().write(BODY);
    }
}
