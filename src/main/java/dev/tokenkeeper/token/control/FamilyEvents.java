package dev.tokenkeeper.token.control;

import dev.tokenkeeper.audit.boundary.AuditLog;
import dev.tokenkeeper.audit.entity.AuditEventType;
import dev.tokenkeeper.token.entity.FamilyState;
import dev.tokenkeeper.token.entity.Rotation;
import dev.tokenkeeper.token.entity.TokenFamily;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * The writes of a token family that carry an audit event, each in one transaction with its event
 * (the caller's, when it has one): a family revoked for reuse is never left without its record,
 * nor a record without its revocation. A routine rotation comes here only when refreshes are
 * audited; otherwise it is a single statement in {@link RefreshGrant} with nothing to wrap.
 */
@ApplicationScoped
public class FamilyEvents {

    @Inject
    RefreshTokenStore store;

    @Inject
    AuditLog audit;

    @Transactional
    public void issued(String tenantId, Instant now, String clientId, String subject, String familyId, String tokenHash,
            String detail) {
        audit.record(tenantId, now, AuditEventType.TOKEN_ISSUED, clientId, subject, familyId, tokenHash, detail);
    }

    @Transactional
    public boolean rotateAudited(FamilyState family, String spentHash, Rotation rotation) {
        boolean rotated = store.rotate(family.id(), family.generation(), spentHash, rotation);
        if (rotated) {
            audit.record(family.tenantId(), rotation.rotatedAt(), AuditEventType.TOKEN_REFRESHED, family.clientId(),
                    family.subject(), family.id(), spentHash, null);
        }
        return rotated;
    }

    @Transactional
    public void retried(FamilyState family, String clientId, Instant now, String presentedHash) {
        audit.record(family.tenantId(), now, AuditEventType.REFRESH_RETRIED, clientId, family.subject(), family.id(),
                presentedHash, "idempotent retry inside the grace window: same pair answered again");
    }

    /** @return true when this call revoked the family; false when it already was */
    @Transactional
    public boolean revokeForReuse(FamilyState family, String clientId, Instant now, String presentedHash) {
        boolean revokedNow = store.revokeFamily(family.id(), now, TokenFamily.REVOKED_FOR_REUSE);
        audit.record(family.tenantId(), now, AuditEventType.REFRESH_REUSED, clientId, family.subject(), family.id(),
                presentedHash, revokedNow ? "spent refresh token presented again: token family revoked"
                        : "spent refresh token presented again: token family was already revoked");
        return revokedNow;
    }
}
