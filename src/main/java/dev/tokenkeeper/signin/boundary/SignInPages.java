package dev.tokenkeeper.signin.boundary;

import dev.tokenkeeper.signin.entity.Step;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What the two page resources share: the sign-in cookie, the callback URI and turning a {@link Step} into a response. */
final class SignInPages {

    static final String COOKIE = "tk_signin";

    private SignInPages() {
    }

    static Response respond(Step step, HttpHeaders headers, HttpServletRequest request) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        noStore.setNoCache(true);
        Response.ResponseBuilder response;
        if (step.redirect() != null) {
            response = Response.status(step.status()).location(step.redirect());
        } else {
            response = Response.status(step.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(Pages.render(step, locale(headers), request.getContextPath()))
                    // the pages carry consent tokens: no framing (clickjacking on Approve), no caching
                    .header("X-Frame-Options", "DENY")
                    .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
                    .header("X-Content-Type-Options", "nosniff");
        }
        response.cacheControl(noStore).header("Referrer-Policy", "no-referrer");
        if (step.setCookie() != null) {
            // Lax: sent on the provider's top-level redirect back to the callback, not on cross-site posts
            response.header("Set-Cookie", COOKIE + "=" + step.setCookie() + "; Path=" + cookiePath(request) + "; Max-Age=3600; HttpOnly; SameSite=Lax"
                    + (request.isSecure() ? "; Secure" : ""));
        }
        return response.build();
    }

    static String callbackUri(Optional<String> configuredBase, UriInfo uri) {
        String base = configuredBase.filter(b -> !b.isBlank()).orElse(uri.getBaseUri().toString());
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/login/oauth/callback";
    }

    private static String cookiePath(HttpServletRequest request) {
        return request.getContextPath() + "/login";
    }

    private static Locale locale(HttpHeaders headers) {
        List<Locale> wanted = headers.getAcceptableLanguages();
        for (Locale locale : wanted) {
            if ("pt".equals(locale.getLanguage()) || "en".equals(locale.getLanguage())) {
                return locale;
            }
        }
        return Locale.ENGLISH;
    }
}
