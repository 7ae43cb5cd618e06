package dev.tokenkeeper.admin.boundary;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Adds {@code SameSite} and, behind TLS, {@code Secure} to the session cookie the container has
 * just set (it is HttpOnly through web.xml). Done on the header because Payara 6 writes neither the
 * Servlet 6 cookie attribute {@code SameSite} from web.xml nor {@code Secure} for a request that
 * reached it as plain HTTP from a TLS-terminating proxy. Honouring {@code X-Forwarded-Proto: https}
 * from anyone is safe here: at worst a client makes its own cookie stop working over plain HTTP.
 */
final class SessionCookie {

    static final String SAME_SITE = "Lax";

    private SessionCookie() {
    }

    static void harden(HttpServletRequest request, HttpServletResponse response) {
        List<String> cookies = new ArrayList<>(response.getHeaders("Set-Cookie"));
        if (cookies.isEmpty()) {
            return;
        }
        String name = request.getServletContext().getSessionCookieConfig().getName();
        String prefix = (name == null ? "JSESSIONID" : name) + "=";
        boolean secure = request.isSecure() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
        boolean first = true;
        for (String cookie : cookies) {
            String value = cookie.startsWith(prefix) ? hardened(cookie, secure) : cookie;
            if (first) {
                response.setHeader("Set-Cookie", value);
                first = false;
            } else {
                response.addHeader("Set-Cookie", value);
            }
        }
    }

    static String hardened(String cookie, boolean secure) {
        String lower = cookie.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(cookie);
        if (!lower.contains("httponly")) {
            out.append("; HttpOnly");
        }
        if (!lower.contains("samesite=")) {
            out.append("; SameSite=").append(SAME_SITE);
        }
        if (secure && !lower.matches(".*;\\s*secure(\\s*;.*|\\s*)$")) {
            out.append("; Secure");
        }
        return out.toString();
    }
}
