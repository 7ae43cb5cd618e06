package dev.tokenkeeper.token.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.token.entity.ClientCredentials;
import dev.tokenkeeper.token.entity.OAuthError;
import dev.tokenkeeper.token.entity.OAuthException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OAuthParametersTest {

    @Test
    void queryAndBodyAreMerged() {
        Map<String, String> merged = OAuthParameters.merge(
                Map.of("grant_type", List.of("refresh_token")),
                Map.of("refresh_token", List.of("tkr_x"), "client_id", List.of("Tk1.app")));

        assertEquals(Map.of("grant_type", "refresh_token", "refresh_token", "tkr_x", "client_id", "Tk1.app"), merged);
    }

    @Test
    void missingQueryOrBodyIsAllowed() {
        assertEquals(Map.of("a", "1"), OAuthParameters.merge(null, Map.of("a", List.of("1"))));
        assertEquals(Map.of("a", "1"), OAuthParameters.merge(Map.of("a", List.of("1")), null));
    }

    @Test
    void parameterInQueryAndBodyIsRefused() {
        OAuthException refusal = assertThrows(OAuthException.class, () -> OAuthParameters.merge(
                Map.of("client_id", List.of("Tk1.app")), Map.of("client_id", List.of("Tk1.app"))));

        assertInvalidRequest(refusal, "client_id");
    }

    @Test
    void parameterTwiceInTheBodyIsRefused() {
        OAuthException refusal = assertThrows(OAuthException.class, () -> OAuthParameters.merge(
                Map.of(), Map.of("refresh_token", List.of("tkr_a", "tkr_b"))));

        assertInvalidRequest(refusal, "refresh_token");
    }

    @Test
    void overlongValueIsRefused() {
        String huge = "x".repeat(OAuthParameters.MAX_VALUE_LENGTH + 1);

        OAuthException refusal = assertThrows(OAuthException.class,
                () -> OAuthParameters.merge(Map.of(), Map.of("subject_token", List.of(huge))));

        assertInvalidRequest(refusal, "subject_token");
    }

    @Test
    void jsonBodyGivesStringsNumbersAndBooleansAsText() {
        JsonObject json = Json.createObjectBuilder()
                .add("grant_type", "refresh_token")
                .add("expires_in", 3600)
                .add("ratio", 1.5)
                .add("flag", true)
                .addNull("scope")
                .build();

        assertEquals(Map.of("grant_type", List.of("refresh_token"), "expires_in", List.of("3600"),
                "ratio", List.of("1.5"), "flag", List.of("true")), OAuthParameters.fromJson(json));
    }

    @Test
    void jsonObjectValueIsRefused() {
        JsonObject json = Json.createObjectBuilder()
                .add("client_id", Json.createObjectBuilder().add("nested", "x"))
                .build();

        OAuthException refusal = assertThrows(OAuthException.class, () -> OAuthParameters.fromJson(json));

        assertInvalidRequest(refusal, "client_id");
    }

    @Test
    void withoutBasicTheCredentialsComeFromTheParameters() {
        ClientCredentials credentials = OAuthParameters.credentials(null,
                Map.of("client_id", "Tk1.app", "client_secret", "tks_secret"));

        assertEquals(new ClientCredentials("Tk1.app", "tks_secret", false), credentials);
    }

    @Test
    void basicCredentialsAreParsed() {
        ClientCredentials credentials = OAuthParameters.credentials(basic("Tk1.app:tks_secret"), Map.of());

        assertEquals(new ClientCredentials("Tk1.app", "tks_secret", true), credentials);
    }

    @Test
    void basicSchemeIsCaseInsensitive() {
        String header = "basic " + base64("Tk1.app:tks_secret");

        assertEquals(new ClientCredentials("Tk1.app", "tks_secret", true), OAuthParameters.credentials(header, Map.of()));
    }

    @Test
    void basicSecretMayContainAColon() {
        ClientCredentials credentials = OAuthParameters.credentials(basic("Tk1.app:tks_a:b:c"), Map.of());

        assertEquals("Tk1.app", credentials.clientId());
        assertEquals("tks_a:b:c", credentials.clientSecret());
    }

    @Test
    void basicCredentialsAreFormDecoded() {
        // RFC 6749 §2.3.1: client_id and secret are application/x-www-form-urlencoded before base64
        ClientCredentials credentials = OAuthParameters.credentials(basic("my%20app:s%3Ac%2Bt+x%25"), Map.of());

        assertEquals("my app", credentials.clientId());
        assertEquals("s:c+t x%", credentials.clientSecret());
    }

    @Test
    void basicWithTheSameClientIdInTheBodyIsAccepted() {
        ClientCredentials credentials = OAuthParameters.credentials(basic("Tk1.app:tks_secret"), Map.of("client_id", "Tk1.app"));

        assertEquals(new ClientCredentials("Tk1.app", "tks_secret", true), credentials);
    }

    @Test
    void basicWithAnotherClientIdInTheBodyIsRefused() {
        OAuthException refusal = assertThrows(OAuthException.class,
                () -> OAuthParameters.credentials(basic("Tk1.app:tks_secret"), Map.of("client_id", "Tk1.other")));

        assertInvalidRequest(refusal, "client_id");
    }

    @Test
    void basicPlusClientSecretInTheBodyIsRefused() {
        OAuthException refusal = assertThrows(OAuthException.class, () -> OAuthParameters.credentials(
                basic("Tk1.app:tks_secret"), Map.of("client_id", "Tk1.app", "client_secret", "tks_secret")));

        assertInvalidRequest(refusal, "once");
    }

    @Test
    void malformedBase64IsAnInvalidClientAnsweredForBasic() {
        OAuthException refusal = assertThrows(OAuthException.class,
                () -> OAuthParameters.credentials("Basic %%%not-base64%%%", Map.of()));

        assertEquals(OAuthError.INVALID_CLIENT, refusal.error());
        assertTrue(refusal.basicAuthUsed());
    }

    @Test
    void basicWithABrokenPercentEscapeIsAnInvalidClientAnsweredForBasic() {
        OAuthException refusal = assertThrows(OAuthException.class,
                () -> OAuthParameters.credentials(basic("Tk1.app:tks_50%zz"), Map.of()));

        assertEquals(OAuthError.INVALID_CLIENT, refusal.error());
        assertTrue(refusal.basicAuthUsed());
    }

    @Test
    void basicWithoutColonIsAnInvalidClientAnsweredForBasic() {
        OAuthException refusal = assertThrows(OAuthException.class,
                () -> OAuthParameters.credentials(basic("Tk1.app-without-secret"), Map.of()));

        assertEquals(OAuthError.INVALID_CLIENT, refusal.error());
        assertTrue(refusal.basicAuthUsed());
    }

    @Test
    void otherAuthorizationSchemeLeavesTheParametersInCharge() {
        ClientCredentials credentials = OAuthParameters.credentials("Bearer abc",
                Map.of("client_id", "Tk1.app", "client_secret", "tks_secret"));

        assertEquals(new ClientCredentials("Tk1.app", "tks_secret", false), credentials);
    }

    private static void assertInvalidRequest(OAuthException refusal, String descriptionMentions) {
        assertEquals(OAuthError.INVALID_REQUEST, refusal.error(), refusal.getMessage());
        assertTrue(refusal.getMessage().contains(descriptionMentions), refusal.getMessage());
    }

    private static String basic(String userPass) {
        return "Basic " + base64(userPass);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
