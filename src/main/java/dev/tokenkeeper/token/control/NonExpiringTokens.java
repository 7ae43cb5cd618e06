package dev.tokenkeeper.token.control;

import dev.tokenkeeper.security.control.OpaqueTokens;
import dev.tokenkeeper.security.entity.TokenKind;
import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.tenant.entity.Tenant;
import dev.tokenkeeper.token.entity.IssuedTokens;
import dev.tokenkeeper.token.entity.NonExpiringToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Optional;

/** Tokens of apps that opted out of expiry: one opaque token, no refresh token, valid until revoked. */
@ApplicationScoped
public class NonExpiringTokens {

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    @Inject
    OpaqueTokens opaqueTokens;

    public IssuedTokens issue(App app, Tenant tenant, String subject, Instant now) {
        String token = opaqueTokens.generate(TokenKind.NON_EXPIRING_ACCESS);
        em.persist(new NonExpiringToken(tenant.id(), app.clientId(), subject, opaqueTokens.hash(token), now));
        return new IssuedTokens(token, null, null, null, "");
    }

    public Optional<NonExpiringToken> find(String token) {
        if (!opaqueTokens.isWellFormed(token, TokenKind.NON_EXPIRING_ACCESS)) {
            return Optional.empty();
        }
        return em.createNamedQuery(NonExpiringToken.BY_HASH, NonExpiringToken.class)
                .setParameter("hash", opaqueTokens.hash(token))
                .getResultStream().findFirst();
    }
}
