package dev.tokenkeeper.token.control;

import dev.tokenkeeper.audit.boundary.AuditLog;
import dev.tokenkeeper.audit.entity.AuditEventType;
import dev.tokenkeeper.platform.entity.Urls;
import dev.tokenkeeper.security.control.OpaqueTokens;
import dev.tokenkeeper.security.entity.TokenKind;
import dev.tokenkeeper.tenant.boundary.TenantDirectory;
import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.tenant.entity.Tenant;
import dev.tokenkeeper.token.entity.DeviceAuthorization;
import dev.tokenkeeper.token.entity.DeviceCodeAttempts;
import dev.tokenkeeper.token.entity.DeviceCodeIssued;
import dev.tokenkeeper.token.entity.IssuedTokens;
import dev.tokenkeeper.token.entity.OAuthError;
import dev.tokenkeeper.token.entity.OAuthException;
import dev.tokenkeeper.token.entity.PendingDevice;
import dev.tokenkeeper.token.entity.TooManyUserCodesException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The device flow (RFC 8628) as GitHub runs it: a device with only a {@code client_id} asks for a
 * device code and a user code, the user approves on the page {@code /login/device}, the device
 * polls the token endpoint and collects the first pair of a new sign-in, once. Every method runs in
 * the caller's transaction.
 */
@ApplicationScoped
public class DeviceFlow {

    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";
    static final int MAX_ADDRESS_LENGTH = 100;

    @PersistenceContext(unitName = "tokenkeeper")
    EntityManager em;

    @Inject
    TenantDirectory directory;

    @Inject
    OpaqueTokens opaqueTokens;

    @Inject
    TokenExchangeGrant signIns;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tokenkeeper.issuer")
    String issuer;

    @Inject
    @ConfigProperty(name = "tokenkeeper.device.expires-seconds", defaultValue = "900")
    long expiresSeconds;

    @Inject
    @ConfigProperty(name = "tokenkeeper.device.interval-seconds", defaultValue = "5")
    int intervalSeconds;

    @Inject
    @ConfigProperty(name = "tokenkeeper.device.lookup-max-failures", defaultValue = "10")
    int lookupMaxFailures;

    @Inject
    @ConfigProperty(name = "tokenkeeper.device.lookup-window-seconds", defaultValue = "900")
    long lookupWindowSeconds;

    private final SecureRandom random = new SecureRandom();

    /** {@code POST /login/device/code}. */
    public DeviceCodeIssued start(String clientId, String scope) {
        App app = deviceApp(clientId);
        if (scope != null && !scope.isBlank()) {
            throw new OAuthException(OAuthError.INVALID_SCOPE,
                    "User tokens carry no scopes: leave scope out (what a user may do is decided by the app's tenant)");
        }
        Instant now = clock.instant();
        String deviceCode = opaqueTokens.generate(TokenKind.DEVICE_CODE);
        String userCode = freshUserCode();
        em.persist(new DeviceAuthorization(opaqueTokens.hash(deviceCode), userCode, app.tenantId(), app.clientId(), now,
                now.plusSeconds(expiresSeconds), intervalSeconds));
        return new DeviceCodeIssued(deviceCode, UserCodes.display(userCode),
                Urls.withoutTrailingSlash(issuer) + "/login/device", expiresSeconds, intervalSeconds);
    }

    /**
     * One poll of the token endpoint with {@code grant_type=urn:ietf:params:oauth:grant-type:device_code}.
     * Must run in a transaction that commits even when an {@link OAuthException} is thrown: the poll
     * time and a grown interval must stay.
     */
    public IssuedTokens poll(String clientId, String deviceCode) {
        App app = deviceApp(clientId);
        if (deviceCode == null || deviceCode.isBlank()) {
            throw OAuthException.invalidRequest("device_code is missing: send the device_code from POST /login/device/code");
        }
        DeviceAuthorization device = Optional.of(deviceCode)
                .filter(code -> opaqueTokens.isWellFormed(code, TokenKind.DEVICE_CODE))
                // Locked: two polls racing on an approved code must not both get a pair.
                .flatMap(code -> em.createNamedQuery(DeviceAuthorization.BY_DEVICE_CODE, DeviceAuthorization.class)
                        .setParameter("hash", opaqueTokens.hash(code)).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                        .getResultStream().findFirst())
                .filter(found -> found.clientId().equals(app.clientId()))
                .orElseThrow(() -> new OAuthException(OAuthError.INCORRECT_DEVICE_CODE,
                        "The device_code is unknown or was not issued to this client: start again with POST /login/device/code"));
        Instant now = clock.instant();
        return switch (DevicePolling.poll(device, now)) {
            case PENDING -> throw new OAuthException(OAuthError.AUTHORIZATION_PENDING,
                    "The user has not approved this device yet: keep polling every " + device.intervalSeconds() + " s");
            case SLOW_DOWN -> throw OAuthException.slowDown(device.intervalSeconds());
            case EXPIRED -> throw new OAuthException(OAuthError.EXPIRED_TOKEN,
                    "This device code has expired: start again with POST /login/device/code");
            case DENIED -> throw new OAuthException(OAuthError.ACCESS_DENIED, "The user declined to sign this device in");
            case ALREADY_USED -> throw new OAuthException(OAuthError.INCORRECT_DEVICE_CODE,
                    "This device code was already exchanged for tokens: a device code yields one sign-in; start again with POST /login/device/code");
            case APPROVED -> {
                device.markUsed();
                Tenant tenant = directory.tenant(app.tenantId())
                        .orElseThrow(() -> new IllegalStateException("App " + app.clientId() + " has no tenant"));
                yield signIns.firstTokens(app, tenant, device.subject(), "device flow");
            }
        };
    }

    /**
     * The device behind a user code, for the page; a wrong code counts against the address.
     *
     * @throws TooManyUserCodesException when the address made too many wrong guesses in the window
     */
    public Optional<PendingDevice> lookup(String typedUserCode, String clientAddress) {
        Instant now = clock.instant();
        Duration window = Duration.ofSeconds(lookupWindowSeconds);
        String address = clientAddress == null || clientAddress.isBlank() ? "unknown"
                : clientAddress.substring(0, Math.min(clientAddress.length(), MAX_ADDRESS_LENGTH));
        DeviceCodeAttempts attempts = em.find(DeviceCodeAttempts.class, address, LockModeType.PESSIMISTIC_WRITE);
        long wait = attempts == null ? 0 : attempts.waitSeconds(now, lookupMaxFailures, window);
        if (wait > 0) {
            throw new TooManyUserCodesException(wait);
        }
        Optional<PendingDevice> found = pending(typedUserCode, now).map(this::describe);
        if (found.isEmpty()) {
            if (attempts == null) {
                attempts = new DeviceCodeAttempts(address, now);
                em.persist(attempts);
            }
            attempts.fail(now, window);
        }
        return found;
    }

    /** @return false when the code is not pending (unknown, expired, decided) or belongs to another tenant */
    public boolean approve(String typedUserCode, String tenantId, String subject) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("approve needs the signed-in user's subject");
        }
        Instant now = clock.instant();
        Optional<DeviceAuthorization> device = pending(typedUserCode, now).filter(found -> found.tenantId().equals(tenantId));
        device.ifPresent(found -> {
            found.approve(subject, now);
            audit.record(found.tenantId(), now, AuditEventType.DEVICE_APPROVED, found.clientId(), subject, null, null,
                    "device flow: user approved code " + UserCodes.display(found.userCode()));
        });
        return device.isPresent();
    }

    /** @return false when the code is not pending (unknown, expired, already decided) */
    public boolean deny(String typedUserCode) {
        Instant now = clock.instant();
        Optional<DeviceAuthorization> device = pending(typedUserCode, now);
        device.ifPresent(found -> {
            found.deny(now);
            audit.record(found.tenantId(), now, AuditEventType.DEVICE_DENIED, found.clientId(), null, null, null,
                    "device flow: user declined code " + UserCodes.display(found.userCode()));
        });
        return device.isPresent();
    }

    private Optional<DeviceAuthorization> pending(String typedUserCode, Instant now) {
        return UserCodes.normalize(typedUserCode)
                .flatMap(code -> em.createNamedQuery(DeviceAuthorization.BY_USER_CODE, DeviceAuthorization.class)
                        .setParameter("code", code).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultStream().findFirst())
                .filter(found -> found.pendingAt(now));
    }

    private PendingDevice describe(DeviceAuthorization device) {
        App app = directory.app(device.clientId()).orElseThrow(() -> new IllegalStateException("No app " + device.clientId()));
        Tenant tenant = directory.tenant(device.tenantId()).orElseThrow(() -> new IllegalStateException("No tenant " + device.tenantId()));
        return new PendingDevice(UserCodes.display(device.userCode()), app.clientId(), app.name(), tenant.id(), tenant.slug(),
                tenant.name(), device.expiresAt());
    }

    /** GitHub answers both of these before looking at anything else; a device has no secret to check. */
    private App deviceApp(String clientId) {
        if (clientId == null || clientId.isBlank()) {
            throw new OAuthException(OAuthError.INCORRECT_CLIENT_CREDENTIALS, "client_id is missing: send the app's client_id");
        }
        App app = directory.app(clientId).orElseThrow(() -> new OAuthException(OAuthError.INCORRECT_CLIENT_CREDENTIALS,
                "The client_id is unknown"));
        if (!app.deviceFlow()) {
            throw new OAuthException(OAuthError.DEVICE_FLOW_DISABLED,
                    "Device flow is not enabled for this app: an admin turns it on with \"deviceFlow\": true on the app");
        }
        return app;
    }

    /** The unique constraint is the arbiter; checking first keeps a collision (1 in 2.6·10^10) from failing the request. */
    private String freshUserCode() {
        for (int attempt = 0; attempt < 5; attempt++) {
            String code = UserCodes.generate(random);
            if (em.createNamedQuery(DeviceAuthorization.BY_USER_CODE, DeviceAuthorization.class).setParameter("code", code)
                    .getResultList().isEmpty()) {
                return code;
            }
        }
        throw new IllegalStateException("No free user code after 5 attempts: expired device codes are not being purged");
    }
}
