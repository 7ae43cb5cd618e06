package dev.tokenkeeper.token.control;

import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.tenant.entity.Tenant;
import java.time.Instant;

/** Signs user access tokens; an interface so the rotation rules can be unit-tested without keys. */
public interface AccessTokenIssuer {

    String issueUserToken(App app, Tenant tenant, String subject, String familyId, Instant issuedAt, Instant expiresAt);
}
