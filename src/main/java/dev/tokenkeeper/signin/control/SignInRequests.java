package dev.tokenkeeper.signin.control;

import dev.tokenkeeper.signin.entity.SignInRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.Optional;

/** The sign-ins in progress, in the database so that any node can finish one; run in the caller's transaction. */
@ApplicationScoped
public class SignInRequests {

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    @Inject
    Clock clock;

    public void start(SignInRequest request) {
        // sign-ins abandoned at the provider are forgotten here, not by a timer: one indexed delete per sign-in
        em.createNamedQuery(SignInRequest.PURGE).setParameter("before", clock.millis()).executeUpdate();
        em.persist(request);
    }

    public Optional<SignInRequest> byState(String state) {
        return em.createNamedQuery(SignInRequest.BY_STATE, SignInRequest.class).setParameter("hash", SignInSecrets.hash(state))
                .getResultStream().findFirst();
    }

    /** Locked, so that two submissions of the same decision page cannot both finish it. */
    public Optional<SignInRequest> byConsentToken(String consentToken) {
        return em.createNamedQuery(SignInRequest.BY_CONSENT, SignInRequest.class).setParameter("hash", SignInSecrets.hash(consentToken))
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultStream().findFirst();
    }

    public Optional<SignInRequest> byId(String id) {
        return Optional.ofNullable(em.find(SignInRequest.class, id, LockModeType.PESSIMISTIC_WRITE));
    }
}
