package dev.tokenkeeper.demo.control;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.tokenkeeper.demo.entity.EmbedTokenRefusedException;
import dev.tokenkeeper.demo.entity.VerifiedEmbedToken;
import dev.tokenkeeper.embed.control.BuiltinEmbedTokens;
import dev.tokenkeeper.token.boundary.TokenSigner;
import dev.tokenkeeper.token.entity.JwtClaims;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/**
 * Checks a builtin embed token presented for a report's data, as {@code Authorization: EmbedToken
 * <token>} (the scheme Power BI's REST API takes embed tokens in). Not {@code Bearer}: Payara's
 * MicroProfile JWT mechanism inspects every {@code Bearer} header of the application, protected
 * route or not, and answers 401 itself for a JWT that is not an access token, before any resource
 * runs. The token must be signed by us (any published key),
 * our issuer, audience {@code tokenkeeper-embed}, {@code token_use} {@code embed}, issued for this
 * very report, naming a tenant, and unexpired by the server's clock. Expiry is checked last, so
 * {@code TokenExpired} means "this was a good token; get a fresh one" and nothing else.
 */
@ApplicationScoped
public class EmbedTokenCheck {

    static final String SCHEME = "EmbedToken";

    @Inject
    TokenSigner signer;

    public VerifiedEmbedToken verify(String authorization, String reportId, Instant now) {
        String token = presented(authorization);
        JWTClaimsSet claims = signer.verifiedClaims(token)
                .orElseThrow(() -> EmbedTokenRefusedException.invalid("The token is not an embed token signed by this server"));
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(BuiltinEmbedTokens.AUDIENCE) || !BuiltinEmbedTokens.TOKEN_USE.equals(JwtClaims.string(claims, "token_use"))) {
            throw EmbedTokenRefusedException.invalid("The token is not an embed token (an access token cannot read report data)");
        }
        String rid = JwtClaims.string(claims, "rid");
        if (!reportId.equals(rid)) {
            throw EmbedTokenRefusedException.invalid("The embed token is for report '" + rid + "', not '" + reportId + "'");
        }
        String tenant = JwtClaims.string(claims, "tenant");
        if (tenant == null || tenant.isBlank()) {
            throw EmbedTokenRefusedException.invalid("The embed token names no tenant");
        }
        if (claims.getExpirationTime() == null) {
            throw EmbedTokenRefusedException.invalid("The embed token has no expiry");
        }
        Instant expiration = claims.getExpirationTime().toInstant();
        if (!now.isBefore(expiration)) {
            throw EmbedTokenRefusedException.expired("The embed token expired at " + expiration
                    + ": the viewer needs a fresh one (reload the page if it did not get one)");
        }
        return new VerifiedEmbedToken(tenant, rid, claims.getJWTID(), expiration);
    }

    /**
     * The token after {@code EmbedToken}. A {@code Bearer} header is read too: one gets here only
     * when MicroProfile JWT accepted it as an access token, and then it is refused as not an embed token.
     */
    private static String presented(String authorization) {
        String header = authorization == null ? "" : authorization.trim();
        for (String scheme : new String[] {SCHEME, "Bearer"}) {
            if (header.regionMatches(true, 0, scheme + " ", 0, scheme.length() + 1) && !header.substring(scheme.length() + 1).isBlank()) {
                return header.substring(scheme.length() + 1).trim();
            }
        }
        throw EmbedTokenRefusedException.invalid("Send the report's embed token as Authorization: EmbedToken <token>");
    }
}
