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
        assertTrue(TokenResponses.wantsJson("application/json"));
        assertTrue(TokenResponses.wantsJson("application/vnd.github+json"));
        assertTrue(TokenResponses.wantsJson("text/html, application/vnd.github.v3+json;q=0.5"));
        assertTrue(TokenResponses.wantsJson("Application/JSON; charset=utf-8"));
    }

    @Test
    void formIsAnsweredOtherwise() {
        assertFalse(TokenResponses.wantsJson((String) null));
        assertFalse(TokenResponses.wantsJson("*/*"));
        assertFalse(TokenResponses.wantsJson("application/*"));
        assertFalse(TokenResponses.wantsJson("application/x-www-form-urlencoded"));
        assertFalse(TokenResponses.wantsJson("application/json;q=0"));
    }
}
