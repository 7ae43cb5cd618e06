package dev.tokenkeeper.admin.boundary;

import dev.tokenkeeper.audit.boundary.AuditActor;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;

/**
 * The admin pages' own sign-in guard, instead of a second Jakarta Security mechanism: a web module
 * has one, and MP-JWT (the REST API's bearer tokens) is it. Only {@code /admin/*} passes through
 * here, so the API never redirects and keeps answering 401/403 as JSON.
 *
 * <p>Lets the sign-in page and Faces' own resources (CSS, scripts) through; sends everything else to
 * the sign-in page until the session holds a signed-in account. Also: {@code /admin/} itself
 * answers, a cross-site POST is refused before Faces sees it (the view state is the main CSRF
 * defence, this is a second), pages are never cached or framed, and the signed-in account is named
 * as the actor of everything the request audits.
 */
@WebFilter(urlPatterns = {"/admin", "/admin/*"})
public class AdminSessionFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    static final String SIGN_IN = "/signin.xhtml";
    static final String HOME = "/tenants.xhtml";

    @Inject
    AdminSession session;

    @Inject
    AuditActor actor;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String admin = request.getContextPath() + "/admin";
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        if ("POST".equals(request.getMethod()) && crossSite(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Cross-site form posts are refused");
            return;
        }
        boolean resource = path.startsWith("/jakarta.faces.resource/");
        if (!resource) {
            // RFC 9111 §5.2.2.5: pages show secrets shown once and per-account data; no cache may keep them
            response.setHeader("Cache-Control", "no-store");
            // the session now, so that its cookie can be given its attributes before anything is written
            request.getSession(true);
            SessionCookie.harden(request, response);
        }
        if (path.isEmpty() || path.equals("/")) {
            response.sendRedirect(admin + (session.signedIn() ? HOME : SIGN_IN));
            return;
        }
        if (resource || path.equals(SIGN_IN)) {
            chain.doFilter(request, response);
            return;
        }
        if (!session.signedIn()) {
            String signIn = admin + SIGN_IN;
            if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
                // an Ajax request after the session expired: Faces' own script follows this redirect
                response.setContentType("text/xml");
                response.setCharacterEncoding("UTF-8");
                response.getWriter().write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
                        + signIn + "\"/></partial-response>");
                return;
            }
            response.sendRedirect(signIn);
            return;
        }
        actor.set("admin:" + session.getUsername());
        chain.doFilter(request, response);
    }

    /** A browser names the page a form was posted from (Origin); it must be this server. Absent (old browsers, tests): the view state still decides. */
    static boolean crossSite(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null || origin.isBlank()) {
            return false;
        }
        if ("null".equals(origin)) {
            return true;
        }
        try {
            String originHost = URI.create(origin).getAuthority();
            String host = request.getHeader("Host");
            return originHost == null || host == null || !originHost.equalsIgnoreCase(host);
        } catch (IllegalArgumentException malformed) {
            return true;
        }
    }
}
