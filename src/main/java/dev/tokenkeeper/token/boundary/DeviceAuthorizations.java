package dev.tokenkeeper.token.boundary;

import dev.tokenkeeper.token.control.DeviceFlow;
import dev.tokenkeeper.token.entity.PendingDevice;
import dev.tokenkeeper.token.entity.TooManyUserCodesException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * The device flow as the page {@code /login/device} uses it: find the device behind the code the
 * user typed (case-insensitive, with or without the dash), then approve it for the user who signed
 * in at the tenant's identity provider, or deny it. Each call is one transaction.
 */
@ApplicationScoped
public class DeviceAuthorizations {

    @Inject
    DeviceFlow deviceFlow;

    /**
     * The pending device behind a user code; empty when there is none (unknown, expired, already
     * decided). A miss counts against {@code clientAddress}; too many misses in the window are refused.
     *
     * @throws TooManyUserCodesException with the seconds to wait (show them, do not look the code up)
     */
    @Transactional(dontRollbackOn = TooManyUserCodesException.class)
    public Optional<PendingDevice> lookup(String userCode, String clientAddress) {
        return deviceFlow.lookup(userCode, clientAddress);
    }

    /**
     * The user approved: the device's next poll gets the first pair of a new sign-in for
     * {@code subject}. {@code tenantId} is {@link PendingDevice#tenantId()}, the tenant whose identity
     * provider signed the user in; a code of another tenant is not approved.
     *
     * @return false when the code is no longer pending (expired, decided) or belongs to another tenant
     */
    @Transactional
    public boolean approve(String userCode, String tenantId, String subject) {
        return deviceFlow.approve(userCode, tenantId, subject);
    }

    /**
     * The user declined: the device's next poll gets {@code access_denied}.
     *
     * @return false when the code is no longer pending
     */
    @Transactional
    public boolean deny(String userCode) {
        return deviceFlow.deny(userCode);
    }
}
