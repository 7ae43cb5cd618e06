package dev.tokenkeeper.platform.boundary;

import jakarta.servlet.ServletContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Serves the files under {@code src/main/webapp} that browsers load: the demo page ({@code /demo/}),
 * the browser clients ({@code /js/}) and the icon every browser asks for ({@code /favicon.ico}). Needed because JAX-RS sits at {@code /} (the contract's
 * root paths), which as a servlet mapping {@code /*} takes every request the container's own file
 * servlet would otherwise answer; a longer path mapping wins over {@code /*} (Servlet spec §12.1).
 */
@WebServlet(name = "StaticFiles", urlPatterns = {"/demo/*", "/js/*", "/favicon.ico"})
public class StaticFiles extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (request.getPathInfo() == null && !path.equals("/favicon.ico")) {
            // "/demo" → "/demo/", so that the page's relative links resolve inside its folder
            response.sendRedirect(request.getContextPath() + path + "/");
            return;
        }
        if (path.endsWith("/")) {
            path += "index.html";
        }
        ServletContext context = getServletContext();
        if (path.contains("..") || path.contains("\\") || path.toUpperCase().contains("WEB-INF")) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (InputStream file = context.getResourceAsStream(path)) {
            if (file == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            String type = context.getMimeType(path);
            response.setContentType(type == null ? "application/octet-stream" : type);
            if (type != null && (type.startsWith("text/") || type.contains("javascript"))) {
                response.setCharacterEncoding("UTF-8");
            }
            // small files that change with each release: always revalidate rather than run yesterday's client
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Content-Type-Options", "nosniff");
            if ("HEAD".equals(request.getMethod())) {
                return;
            }
            try (OutputStream out = response.getOutputStream()) {
                file.transferTo(out);
            }
        }
    }
}
