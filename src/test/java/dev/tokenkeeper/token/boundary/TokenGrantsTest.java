package dev.tokenkeeper.token.boundary;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.token.entity.OAuthError;
import dev.tokenkeeper.token.entity.OAuthException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The grant-type check the token endpoint makes before a grant's transaction opens. */
class TokenGrantsTest {

    @ParameterizedTest
    @ValueSource(strings = {"refresh_token", "urn:ietf:params:oauth:grant-type:token-exchange", "client_credentials",
            "authorization_code", "urn:ietf:params:oauth:grant-type:device_code"})
    void everyGrantTheServiceHasPasses(String grantType) {
        assertDoesNotThrow(() -> TokenGrants.requireGrantType(Map.of("grant_type", grantType)));
    }

    @Test
    void githubsBareCodePassesWithoutAGrantType() {
        assertDoesNotThrow(() -> TokenGrants.requireGrantType(Map.of("code", "abc", "client_id", "x")));
    }

    @Test
    void aMissingOrBlankGrantTypeIsAnInvalidRequestThatNamesTheGrants() {
        for (Map<String, String> parameters : List.of(Map.of("client_id", "x"), Map.of("grant_type", " "))) {
            OAuthException refusal = assertThrows(OAuthException.class, () -> TokenGrants.requireGrantType(parameters));
            assertEquals(OAuthError.INVALID_REQUEST, refusal.error());
            assertTrue(refusal.getMessage().contains("refresh_token"), refusal.getMessage());
        }
    }

    @Test
    void anUnknownGrantTypeIsUnsupported() {
        OAuthException refusal = assertThrows(OAuthException.class, () -> TokenGrants.requireGrantType(Map.of("grant_type", "password")));

        assertEquals(OAuthError.UNSUPPORTED_GRANT_TYPE, refusal.error());
        assertTrue(refusal.getMessage().contains("'password'"), refusal.getMessage());
    }
}
