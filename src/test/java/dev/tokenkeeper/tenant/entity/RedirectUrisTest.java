package dev.tokenkeeper.tenant.entity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedirectUrisTest {

    @Test
    void httpsAndLoopbackHttpAreAccepted() {
        assertTrue(RedirectUris.problem("https://app.example/callback").isEmpty());
        assertTrue(RedirectUris.problem("https://app.example:8443/cb?tenant=a").isEmpty());
        assertTrue(RedirectUris.problem("http://localhost:3000/cb").isEmpty());
        assertTrue(RedirectUris.problem("http://127.0.0.1:1/cb").isEmpty());
        assertTrue(RedirectUris.problem("http://[::1]:8080/cb").isEmpty());
    }

    @Test
    void plainHttpOnARealHostIsRefused() {
        assertTrue(RedirectUris.problem("http://app.example/callback").isPresent());
        assertTrue(RedirectUris.problem("http://localhost.evil.example/cb").isPresent());
    }

    @Test
    void relativeFragmentUserInfoOtherSchemesAndControlCharactersAreRefused() {
        assertTrue(RedirectUris.problem("/callback").isPresent());
        assertTrue(RedirectUris.problem("https://app.example/cb#x").isPresent());
        assertTrue(RedirectUris.problem("https://user@app.example/cb").isPresent());
        assertTrue(RedirectUris.problem("javascript:alert(1)").isPresent());
        assertTrue(RedirectUris.problem("https://app.example/a\nb").isPresent());
        assertTrue(RedirectUris.problem("").isPresent());
        assertTrue(RedirectUris.problem(null).isPresent());
    }

    @Test
    void matchingIsExactNotByPrefixOrCase() {
        List<String> registered = List.of("https://app.example/cb");
        assertTrue(RedirectUris.registered(registered, "https://app.example/cb"));
        assertFalse(RedirectUris.registered(registered, "https://app.example/cb/../evil"));
        assertFalse(RedirectUris.registered(registered, "https://app.example/cb?x=1"));
        assertFalse(RedirectUris.registered(registered, "https://APP.example/cb"));
        assertFalse(RedirectUris.registered(registered, "https://app.example/cb/"));
        assertFalse(RedirectUris.registered(registered, null));
    }
}
