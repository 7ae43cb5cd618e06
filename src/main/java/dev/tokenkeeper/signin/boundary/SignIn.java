package dev.tokenkeeper.signin.boundary;

import dev.tokenkeeper.audit.boundary.AuditLog;
import dev.tokenkeeper.audit.entity.AuditEventType;
import dev.tokenkeeper.security.control.Pkce;
import dev.tokenkeeper.signin.control.ProviderSignIn;
import dev.tokenkeeper.signin.control.SignInRequests;
import dev.tokenkeeper.signin.control.SignInSecrets;
import dev.tokenkeeper.signin.entity.SignInFailedException;
import dev.tokenkeeper.signin.entity.SignInRequest;
import dev.tokenkeeper.signin.entity.Step;
import dev.tokenkeeper.signin.entity.Step.PageKind;
import dev.tokenkeeper.tenant.boundary.TenantDirectory;
import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.tenant.entity.OidcClient;
import dev.tokenkeeper.tenant.entity.RedirectUris;
import dev.tokenkeeper.tenant.entity.Tenant;
import dev.tokenkeeper.token.boundary.AuthorizationCodes;
import dev.tokenkeeper.token.boundary.DeviceAuthorizations;
import dev.tokenkeeper.token.entity.PendingDevice;
import dev.tokenkeeper.token.entity.TooManyUserCodesException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.UriBuilder;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The sign-in feature's facade: each step of the web flow and of the device page, from the browser's
 * request to the next {@link Step}. Calls to the provider (discovery, its token endpoint) happen
 * outside any transaction, except the callback (see there).
 *
 * <p>Never an open redirect: until the client and its redirect URI are known and registered, every
 * failure is a page; after that, failures go back to the app as RFC 6749 §4.1.2.1 errors.
 */
@ApplicationScoped
public class SignIn {

    private static final Logger LOG = System.getLogger(SignIn.class.getName());

    @Inject
    TenantDirectory directory;

    @Inject
    ProviderSignIn provider;

    @Inject
    SignInRequests requests;

    @Inject
    SignInSecrets secrets;

    @Inject
    AuthorizationCodes codes;

    @Inject
    DeviceAuthorizations devices;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /** {@code GET /login/oauth/authorize}. */
    @Transactional
    public Step authorize(Map<String, String> query, String browserCookie, String callbackUri) {
        String clientId = query.get("client_id");
        if (clientId == null || clientId.isBlank()) {
            return Step.error(400, "The request has no client_id: the app that sent you here must name itself.");
        }
        Optional<App> found = directory.app(clientId);
        if (found.isEmpty()) {
            return Step.error(400, "There is no app with client_id '" + clientId + "'. Ask the app's developer to check its configuration.");
        }
        App app = found.get();
        if (app.redirectUris().isEmpty()) {
            return Step.error(400, "The app '" + app.name() + "' has no registered redirect URI, so it cannot use this sign-in: "
                    + "its administrator must register one (redirectUris).");
        }
        String given = query.get("redirect_uri");
        boolean redirectUriGiven = given != null && !given.isEmpty();
        if (redirectUriGiven && !RedirectUris.registered(app.redirectUris(), given)) {
            // GitHub's redirect_uri_mismatch, as a page: sending the browser to an unregistered URI would be an open redirect
            return Step.error(400, "redirect_uri_mismatch: the redirect_uri '" + given + "' is not registered for the app '" + app.name()
                    + "'. Registered URIs are matched exactly.");
        }
        String redirectUri = redirectUriGiven ? given : app.redirectUris().get(0);
        String appState = query.get("state");
        String responseType = query.get("response_type");
        if (responseType != null && !responseType.isEmpty() && !"code".equals(responseType)) {
            return backToApp(redirectUri, appState, "unsupported_response_type", "Only response_type=code is supported", 302);
        }
        String challenge = emptyToNull(query.get("code_challenge"));
        Optional<String> pkceProblem = Pkce.problem(challenge, emptyToNull(query.get("code_challenge_method")));
        if (pkceProblem.isPresent()) {
            return backToApp(redirectUri, appState, "invalid_request", pkceProblem.get(), 302);
        }
        if (appState != null && appState.length() > 1000) {
            return backToApp(redirectUri, null, "invalid_request", "state is longer than 1000 characters", 302);
        }
        Tenant tenant = directory.tenant(app.tenantId()).orElseThrow();
        Optional<OidcClient> oidc = directory.oidcClient(tenant);
        if (oidc.isEmpty()) {
            return Step.error(503, "The organisation '" + tenant.name() + "' has not configured an OpenID Connect provider for "
                    + "sign-in yet: its administrator must set identityProvider.oidc.");
        }
        String browser = SignInSecrets.looksRandom(browserCookie) ? browserCookie : secrets.random();
        String state = secrets.random();
        URI to;
        try {
            to = provider.authorizationUrl(oidc.get(), callbackUri, state, query.get("login"), "select_account".equals(query.get("prompt")));
        } catch (SignInFailedException e) {
            LOG.log(Level.WARNING, "Sign-in for tenant {0} cannot start: {1}", tenant.slug(), e.getMessage());
            return Step.error(502, "The sign-in service of '" + tenant.name() + "' cannot be reached right now. Try again in a moment.");
        }
        requests.start(SignInRequest.web(SignInSecrets.hash(state), SignInSecrets.hash(browser), tenant.id(), app.clientId(), callbackUri,
                redirectUri, redirectUriGiven, appState, challenge, clock.instant()));
        return Step.redirect(to, 302, browser);
    }

    /**
     * {@code GET /login/oauth/callback}: the provider sends the browser back, with its code or an error.
     * One transaction around the provider's token call too: a sign-in is rare next to token traffic, and
     * it keeps the request row's check and its update together.
     */
    @Transactional
    public Step callback(String state, String code, String error, String browserCookie) {
        if (state == null || state.isEmpty()) {
            return Step.error(400, "This sign-in answer has no state: start the sign-in again from the app.");
        }
        Optional<SignInRequest> found = lookup(state, browserCookie);
        if (found.isEmpty()) {
            return Step.error(400, "This sign-in is unknown, expired, already finished or was started in another browser: "
                    + "start it again from the app.");
        }
        SignInRequest request = found.get();
        if (error != null) {
            if ("access_denied".equals(error) && request.purpose() == SignInRequest.Purpose.WEB) {
                return decline(request.id(), "The user declined to sign in at the identity provider");
            }
            return Step.error(400, "The identity provider did not sign you in (" + error + "). Start again, or ask your administrator.");
        }
        if (code == null || code.isEmpty()) {
            return Step.error(400, "The identity provider sent neither a code nor an error: start the sign-in again.");
        }
        Tenant tenant = directory.tenant(request.tenantId()).orElseThrow();
        String subject;
        try {
            OidcClient oidc = directory.oidcClient(tenant)
                    .orElseThrow(() -> new SignInFailedException("The tenant's OIDC sign-in was removed during the sign-in"));
            subject = provider.subject(oidc, request.callbackUri(), state, code);
        } catch (SignInFailedException e) {
            LOG.log(Level.WARNING, "Sign-in at the provider of tenant {0} failed: {1}", tenant.slug(), e.getMessage());
            return Step.error(502, "The sign-in at '" + tenant.name() + "' could not be completed: " + e.getMessage());
        }
        return signedIn(request.id(), subject);
    }

    /** {@code POST /login/oauth/authorize/decision} and {@code POST /login/device/decision}. */
    @Transactional
    public Step decide(String consentToken, String browserCookie, boolean approved) {
        if (!SignInSecrets.looksRandom(consentToken)) {
            return Step.error(400, "This form is not from a sign-in in progress: start again.");
        }
        Optional<SignInRequest> found = requests.byConsentToken(consentToken)
                .filter(request -> request.usableAt(clock.instant(), SignInSecrets.hash(browserCookie == null ? "" : browserCookie)));
        if (found.isEmpty() || found.get().subject() == null) {
            return Step.error(400, "This sign-in is unknown, expired or already decided: start it again.");
        }
        SignInRequest request = found.get();
        App app = directory.app(request.clientId()).orElseThrow();
        Tenant tenant = directory.tenant(request.tenantId()).orElseThrow();
        request.finish();
        if (request.purpose() == SignInRequest.Purpose.DEVICE) {
            boolean done = approved ? devices.approve(request.userCode(), tenant.id(), request.subject()) : devices.deny(request.userCode());
            if (!done) {
                return Step.error(410, "This device code is no longer waiting (it expired or was decided): start again on the device.");
            }
            return Step.page(PageKind.DEVICE_DONE, Map.of("approved", Boolean.toString(approved), "app", app.name(), "tenant", tenant.name()));
        }
        if (!approved) {
            audit.record(tenant.id(), clock.instant(), AuditEventType.SIGN_IN_DECLINED, app.clientId(), request.subject(), null, null,
                    "web flow: the user declined to authorize the app");
            return backToApp(request.redirectUri(), request.appState(), "access_denied", "The user has denied your application access.", 303);
        }
        String code = codes.issue(app, tenant, request.redirectUri(), request.redirectUriGiven(), request.codeChallenge(), request.subject());
        UriBuilder back = UriBuilder.fromUri(request.redirectUri()).queryParam("code", code);
        if (request.appState() != null) {
            back.queryParam("state", request.appState());
        }
        return Step.redirect(back.build(), 303);
    }

    /** {@code POST /login/device} with the typed code: the page that names the app and the tenant. */
    public Step deviceEntry(String userCode, String clientAddress) {
        if (userCode == null || userCode.isBlank()) {
            return Step.page(PageKind.DEVICE_ENTRY, Map.of("error", "empty"));
        }
        try {
            return devices.lookup(userCode.trim(), clientAddress)
                    .map(device -> Step.page(PageKind.DEVICE_CONFIRM, Map.of("app", device.appName(), "tenant", device.tenantName(),
                            "userCode", device.userCode())))
                    .orElseGet(() -> Step.page(PageKind.DEVICE_ENTRY, Map.of("error", "unknown")));
        } catch (TooManyUserCodesException e) {
            return Step.page(PageKind.DEVICE_ENTRY, Map.of("error", "slow", "seconds", Long.toString(e.retryAfterSeconds())));
        }
    }

    /** {@code POST /login/device/signin}: off to the tenant's provider, coming back to the device decision. */
    @Transactional
    public Step deviceSignIn(String userCode, String clientAddress, String browserCookie, String callbackUri) {
        Optional<PendingDevice> pending;
        try {
            pending = userCode == null ? Optional.empty() : devices.lookup(userCode.trim(), clientAddress);
        } catch (TooManyUserCodesException e) {
            return Step.page(PageKind.DEVICE_ENTRY, Map.of("error", "slow", "seconds", Long.toString(e.retryAfterSeconds())));
        }
        if (pending.isEmpty()) {
            return Step.page(PageKind.DEVICE_ENTRY, Map.of("error", "unknown"));
        }
        PendingDevice device = pending.get();
        Tenant tenant = directory.tenant(device.tenantId()).orElseThrow();
        Optional<OidcClient> oidc = directory.oidcClient(tenant);
        if (oidc.isEmpty()) {
            return Step.error(503, "The organisation '" + tenant.name() + "' has not configured an OpenID Connect provider for "
                    + "sign-in yet: its administrator must set identityProvider.oidc.");
        }
        String browser = SignInSecrets.looksRandom(browserCookie) ? browserCookie : secrets.random();
        String state = secrets.random();
        URI to;
        try {
            to = provider.authorizationUrl(oidc.get(), callbackUri, state, null, false);
        } catch (SignInFailedException e) {
            LOG.log(Level.WARNING, "Device sign-in for tenant {0} cannot start: {1}", tenant.slug(), e.getMessage());
            return Step.error(502, "The sign-in service of '" + tenant.name() + "' cannot be reached right now. Try again in a moment.");
        }
        requests.start(SignInRequest.device(SignInSecrets.hash(state), SignInSecrets.hash(browser), tenant.id(), device.clientId(),
                callbackUri, device.userCode(), clock.instant()));
        return Step.redirect(to, 303, browser);
    }

    private Optional<SignInRequest> lookup(String state, String browserCookie) {
        return requests.byState(state)
                .filter(request -> request.usableAt(clock.instant(), SignInSecrets.hash(browserCookie == null ? "" : browserCookie)))
                .filter(request -> request.subject() == null);
    }

    /** The provider vouched for {@code subject}: ask the user to decide, on a page that carries a fresh consent token. */
    private Step signedIn(String requestId, String subject) {
        Optional<SignInRequest> found = requests.byId(requestId).filter(request -> request.subject() == null);
        if (found.isEmpty()) {
            return Step.error(400, "This sign-in was already completed: start it again.");
        }
        SignInRequest request = found.get();
        String consent = secrets.random();
        request.signedIn(subject, SignInSecrets.hash(consent));
        App app = directory.app(request.clientId()).orElseThrow();
        Tenant tenant = directory.tenant(request.tenantId()).orElseThrow();
        PageKind kind = request.purpose() == SignInRequest.Purpose.DEVICE ? PageKind.DEVICE_DECIDE : PageKind.CONSENT;
        return Step.page(kind, Map.of("app", app.name(), "tenant", tenant.name(), "user", subject, "consent", consent,
                "userCode", request.userCode() == null ? "" : request.userCode()));
    }

    private Step decline(String requestId, String why) {
        Optional<SignInRequest> found = requests.byId(requestId);
        if (found.isEmpty()) {
            return Step.error(400, "This sign-in is unknown: start it again.");
        }
        SignInRequest request = found.get();
        request.finish();
        audit.record(request.tenantId(), clock.instant(), AuditEventType.SIGN_IN_DECLINED, request.clientId(), null, null, null,
                "web flow: " + why);
        return backToApp(request.redirectUri(), request.appState(), "access_denied", "The user has denied your application access.", 302);
    }

    /** RFC 6749 §4.1.2.1: an error for the app, at its own (registered) redirect URI, with its state. */
    private static Step backToApp(String redirectUri, String appState, String error, String description, int status) {
        UriBuilder back = UriBuilder.fromUri(redirectUri).queryParam("error", error).queryParam("error_description", description);
        if (appState != null) {
            back.queryParam("state", appState);
        }
        return Step.redirect(back.build(), status);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
