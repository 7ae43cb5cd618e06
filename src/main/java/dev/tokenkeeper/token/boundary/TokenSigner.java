package dev.tokenkeeper.token.boundary;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.tokenkeeper.token.control.AccessTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * How other features sign a JWT with Tokenkeeper's current key (ES256, published in the JWKS) and
 * verify one we signed. The claims are theirs; issuer and expiry rules are theirs to check.
 */
@ApplicationScoped
public class TokenSigner {

    @Inject
    AccessTokens accessTokens;

    public String sign(JWTClaimsSet claims) {
        return accessTokens.sign(claims);
    }

    /** Claims of a JWT signed by one of our published keys and naming our issuer; empty otherwise. Expiry is not checked. */
    public Optional<JWTClaimsSet> verifiedClaims(String jwt) {
        return accessTokens.verifiedClaims(jwt);
    }
}
