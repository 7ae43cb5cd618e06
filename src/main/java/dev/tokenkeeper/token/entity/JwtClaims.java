package dev.tokenkeeper.token.entity;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;

/** Reading the claims of a JWT we verified, where a missing or mistyped claim simply counts as absent. */
public final class JwtClaims {

    private JwtClaims() {
    }

    /** The claim as a string; null when it is missing or not a string. */
    public static String string(JWTClaimsSet claims, String name) {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            return null;
        }
    }
}
