package dev.tokenkeeper.token.control;

/** An {@link AccessTokens} outside the container, for tests of other packages. */
public final class AccessTokensFixture {

    private AccessTokensFixture() {
    }

    public static AccessTokens with(SigningKeys keys, String issuer) {
        AccessTokens tokens = new AccessTokens();
        tokens.keys = keys;
        tokens.issuer = issuer;
        return tokens;
    }
}
