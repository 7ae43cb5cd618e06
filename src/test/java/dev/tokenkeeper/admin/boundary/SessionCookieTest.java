package dev.tokenkeeper.admin.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SessionCookieTest {

    @Test
    void plainHttpGetsSameSiteButNotSecure() {
        assertEquals("JSESSIONID=abc; Path=/; HttpOnly; SameSite=Lax", SessionCookie.hardened("JSESSIONID=abc; Path=/; HttpOnly", false));
    }

    @Test
    void behindTlsTheCookieIsSecure() {
        assertEquals("JSESSIONID=abc; Path=/; HttpOnly; SameSite=Lax; Secure", SessionCookie.hardened("JSESSIONID=abc; Path=/; HttpOnly", true));
    }

    @Test
    void attributesAlreadyThereAreNotRepeated() {
        String cookie = "JSESSIONID=abc; Path=/; Secure; HttpOnly; SameSite=Strict";
        assertEquals(cookie, SessionCookie.hardened(cookie, true));
    }

    @Test
    void aMissingHttpOnlyIsAdded() {
        assertEquals("JSESSIONID=abc; Path=/; HttpOnly; SameSite=Lax", SessionCookie.hardened("JSESSIONID=abc; Path=/", false));
    }
}
