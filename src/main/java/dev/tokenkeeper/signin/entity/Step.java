package dev.tokenkeeper.signin.entity;

import java.net.URI;
import java.util.Map;

/**
 * What the browser gets next: a redirect (to the provider, or back to the app) or a page; and
 * possibly the sign-in cookie to set. Pages are named by {@link PageKind}, with their values
 * unescaped (the page writer escapes them).
 */
public record Step(URI redirect, PageKind page, int status, Map<String, String> values, String setCookie) {

    public enum PageKind {
        ERROR, CONSENT, DEVICE_ENTRY, DEVICE_CONFIRM, DEVICE_DECIDE, DEVICE_DONE
    }

    /** 302 after a GET (as GitHub answers /login/oauth/authorize), 303 after a form POST. */
    public static Step redirect(URI to, int status) {
        return new Step(to, null, status, Map.of(), null);
    }

    public static Step redirect(URI to, int status, String cookie) {
        return new Step(to, null, status, Map.of(), cookie);
    }

    public static Step page(PageKind kind, Map<String, String> values) {
        return new Step(null, kind, 200, values, null);
    }

    public static Step error(int status, String message) {
        return new Step(null, PageKind.ERROR, status, Map.of("message", message), null);
    }
}
