package dev.tokenkeeper.token.entity;

import java.time.Instant;

/**
 * A device waiting for its user, as the page {@code /login/device} shows it: which app asks, for
 * which tenant, and until when.
 *
 * @param userCode as the user should see it: {@code XXXX-XXXX}
 * @param tenantId the tenant's internal id: the user must sign in at this tenant's identity provider
 */
public record PendingDevice(String userCode, String clientId, String appName, String tenantId, String tenantSlug,
        String tenantName, Instant expiresAt) {
}
