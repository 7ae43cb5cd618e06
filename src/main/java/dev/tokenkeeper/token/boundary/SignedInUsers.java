package dev.tokenkeeper.token.boundary;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.tokenkeeper.token.control.AccessTokens;
import dev.tokenkeeper.token.entity.SignedInUser;
import dev.tokenkeeper.token.entity.TokenFamily;
import dev.tokenkeeper.token.entity.JwtClaims;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How other features (the viewer channel) check a user's access token where MicroProfile JWT does
 * not reach, such as a WebSocket message, and whether the sign-in behind it is still alive. Stricter
 * than MicroProfile JWT: a token of a revoked sign-in is refused even before it expires.
 */
@ApplicationScoped
public class SignedInUsers {

    private static final int IDS_PER_QUERY = 500;

    @Inject
    AccessTokens accessTokens;

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    @Inject
    Clock clock;

    /** The user of a live user access token we signed; empty for anything else (app tokens, expired, revoked, forged). */
    @Transactional
    public Optional<SignedInUser> verify(String accessToken) {
        return signedBy(accessToken).filter(user -> !endedAmong(List.of(user.familyId())).contains(user.familyId()));
    }

    /**
     * The user of an unexpired user access token we signed, from the token alone: no database read,
     * so whether its sign-in still lives is the caller's to ask ({@link #endedAmong}), once for many
     * tokens (the viewer channel checks a batch of hellos in one query).
     */
    public Optional<SignedInUser> signedBy(String accessToken) {
        if (accessToken == null || accessToken.isBlank() || accessToken.length() > 8192) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return accessTokens.verifiedClaims(accessToken)
                .filter(SignedInUsers::isUserToken)
                .filter(claims -> claims.getExpirationTime() != null && now.isBefore(claims.getExpirationTime().toInstant()))
                .map(claims -> new SignedInUser(JwtClaims.string(claims, "tenant"), claims.getSubject(), JwtClaims.string(claims, "fid"),
                        claims.getExpirationTime().toInstant()))
                .filter(user -> user.tenantSlug() != null && user.subject() != null && user.familyId() != null);
    }

    /** Which of these sign-ins have ended (revoked, past their cap, or deleted): their viewers must stop getting tokens. */
    @Transactional
    public Set<String> endedAmong(Collection<String> familyIds) {
        Set<String> ended = new HashSet<>(familyIds);
        long now = clock.millis();
        List<String> ids = new ArrayList<>(ended);
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
            ended.removeAll(em.createNamedQuery(TokenFamily.LIVE_AMONG, String.class)
                    .setParameter("ids", chunk).setParameter("now", now).getResultList());
        }
        return ended;
    }

    /**
     * The users ({@code sub}) who have signed in to the tenant through any of its apps, sorted, at
     * most {@code limit}: the admin pages offer them when choosing who may keep the capacity awake.
     */
    @Transactional
    public List<String> knownSubjects(String tenantId, int limit) {
        return em.createQuery("SELECT DISTINCT f.subject FROM TokenFamily f WHERE f.tenantId = :tenantId AND f.subject IS NOT NULL "
                + "ORDER BY f.subject", String.class).setParameter("tenantId", tenantId).setMaxResults(limit).getResultList();
    }

    private static boolean isUserToken(JWTClaimsSet claims) {
        try {
            List<String> groups = claims.getStringListClaim("groups");
            return groups != null && groups.contains(AccessTokens.USER_GROUP);
        } catch (ParseException e) {
            return false;
        }
    }
}
