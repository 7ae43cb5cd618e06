package dev.tokenkeeper.embed.control.powerbi;

import java.time.Duration;
import java.time.Instant;

/**
 * An Entra ID access token for the Power BI API, with when it was asked for and when it expires.
 * {@code obtainedAt} is the moment the request was sent, so the expiry we compute is never later
 * than Entra ID's own.
 */
record EntraToken(String accessToken, Instant obtainedAt, Instant expiresAt) {

    /**
     * Whether to fetch a new token before minting an embed token of {@code lifetime}. Power BI caps an
     * embed token at the remaining life of the Entra token it was minted with, so we want at least
     * {@code lifetime} plus a safety {@code margin} left. Entra ID gives 60 to 90 minute tokens, and a
     * tenant may ask for 60 minute embed tokens: then even a fresh token cannot cover lifetime plus
     * margin, and renewing on every mint would only load Entra ID. So the want is capped at what a
     * renewal could give (the token's full life less the margin, and never below half of it): such a
     * token is renewed once per margin, and each embed token still gets all but at most one margin.
     */
    boolean needsRenewal(Duration lifetime, Duration margin, Instant now) {
        Duration remaining = Duration.between(now, expiresAt);
        Duration fullLife = Duration.between(obtainedAt, expiresAt);
        Duration renewalCouldGive = max(fullLife.minus(margin), fullLife.dividedBy(2));
        Duration wanted = min(lifetime.plus(margin), renewalCouldGive);
        return remaining.compareTo(wanted) < 0 || remaining.isNegative() || remaining.isZero();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Never the token itself. */
    @Override
    public String toString() {
        return "EntraToken[obtainedAt=" + obtainedAt + ", expiresAt=" + expiresAt + "]";
    }
}
