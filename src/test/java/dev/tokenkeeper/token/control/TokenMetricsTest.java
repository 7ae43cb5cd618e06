package dev.tokenkeeper.token.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tokenkeeper.token.control.TokenMetrics.GrantType;
import dev.tokenkeeper.token.entity.OAuthException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenMetricsTest {

    @Test
    void grantTypeTagsComeFromAClosedSet() {
        assertEquals(GrantType.REFRESH_TOKEN, GrantType.of(Map.of("grant_type", "refresh_token")));
        assertEquals(GrantType.TOKEN_EXCHANGE, GrantType.of(Map.of("grant_type", TokenExchangeGrant.GRANT_TYPE)));
        assertEquals(GrantType.DEVICE_CODE, GrantType.of(Map.of("grant_type", DeviceFlow.GRANT_TYPE)));
        assertEquals(GrantType.AUTHORIZATION_CODE, GrantType.of(Map.of("code", "abc")), "GitHub's bare code");
        assertEquals(GrantType.MISSING, GrantType.of(Map.of()));
        assertEquals(GrantType.OTHER, GrantType.of(Map.of("grant_type", "x".repeat(500))), "a client cannot grow the registry");
    }

    @Test
    void withoutRegistryAGrantRunsUncountedAndItsRefusalPassesThrough() {
        TokenMetrics cut = new TokenMetrics();
        Object answer = new Object();
        assertSame(answer, cut.grant(Map.of("grant_type", "refresh_token"), "client", () -> answer));
        OAuthException refusal = OAuthException.invalidRequest("no");
        assertSame(refusal, assertThrows(OAuthException.class,
                () -> cut.grant(Map.of("grant_type", "refresh_token"), "client", () -> {
                    throw refusal;
                })));
    }

    @Test
    void aClientIdIsLoggedOnOneLine() {
        assertEquals("evil?INFO forged", TokenMetrics.printable("evil\nINFO forged"));
        assertEquals(101, TokenMetrics.printable("a".repeat(300)).length());
        assertEquals("-", TokenMetrics.printable(null));
    }
}
