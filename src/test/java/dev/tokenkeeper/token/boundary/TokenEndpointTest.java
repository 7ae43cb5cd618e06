package dev.tokenkeeper.token.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.token.entity.OAuthError;
import dev.tokenkeeper.token.entity.OAuthException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The token endpoint servlet's own parsing: what JAX-RS did for it before. */
class TokenEndpointTest {

    @Test
    void formDecodesPlusPercentAndRepeatedNames() {
        Map<String, List<String>> values = TokenEndpoint.query("grant_type=refresh_token&scope=a+b&x=%C3%A9&x=2&empty=&flag");

        assertEquals(List.of("refresh_token"), values.get("grant_type"));
        assertEquals(List.of("a b"), values.get("scope"));
        assertEquals(List.of("é", "2"), values.get("x"));
        assertEquals(List.of(""), values.get("empty"));
        assertEquals(List.of(""), values.get("flag"));
    }

    @Test
    void emptyOrMissingQueryHasNoParameters() {
        assertTrue(TokenEndpoint.query(null).isEmpty());
        assertTrue(TokenEndpoint.query("").isEmpty());
        assertTrue(TokenEndpoint.query("&&").isEmpty());
    }

    @Test
    void brokenPercentEncodingIsAnInvalidRequest() {
        OAuthException refusal = assertThrows(OAuthException.class, () -> TokenEndpoint.query("client_id=%zz"));

        assertEquals(OAuthError.INVALID_REQUEST, refusal.error());
    }

    @Test
    void jsonIsAnsweredWhenTheClientNamesJsonOrAJsonSuffix() {
        assertTrue(TokenEndpoint.wantsJson("application/json"));
        assertTrue(TokenEndpoint.wantsJson("application/vnd.github+json"));
        assertTrue(TokenEndpoint.wantsJson("text/html, application/vnd.github.v3+json;q=0.5"));
        assertTrue(TokenEndpoint.wantsJson("Application/JSON; charset=utf-8"));
    }

    @Test
    void formIsAnsweredOtherwise() {
        assertFalse(TokenEndpoint.wantsJson(null));
        assertFalse(TokenEndpoint.wantsJson("*/*"));
        assertFalse(TokenEndpoint.wantsJson("application/*"));
        assertFalse(TokenEndpoint.wantsJson("application/x-www-form-urlencoded"));
        assertFalse(TokenEndpoint.wantsJson("application/json;q=0"));
    }
}
