package dev.tokenkeeper.signin.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A sign-in at the tenant's provider in progress, for the web flow (an app waits for a code) or for
 * the device page (a device waits for approval). Found by the hash of the state sent to the provider,
 * later by the hash of the consent token of the page that asks the user to decide; bound to one
 * browser by the hash of its cookie. Lives {@link #LIFETIME}; finished once.
 */
@Entity
@Table(name = "signin_request")
@NamedQuery(name = SignInRequest.BY_STATE, query = "SELECT r FROM SignInRequest r WHERE r.stateHash = :hash")
@NamedQuery(name = SignInRequest.BY_CONSENT, query = "SELECT r FROM SignInRequest r WHERE r.consentHash = :hash")
@NamedQuery(name = SignInRequest.PURGE, query = "DELETE FROM SignInRequest r WHERE r.expiresAt < :before")
public class SignInRequest {

    public static final String BY_STATE = "SignInRequest.byState";
    public static final String BY_CONSENT = "SignInRequest.byConsent";
    public static final String PURGE = "SignInRequest.purge";
    /** Time to sign in at the provider and decide: generous for a password manager, short for a stolen cookie. */
    public static final Duration LIFETIME = Duration.ofMinutes(10);

    public enum Purpose {
        WEB, DEVICE
    }

    @Id
    private String id;
    @Column(name = "state_hash")
    private String stateHash;
    @Column(name = "browser_hash")
    private String browserHash;
    @Column(name = "tenant_id")
    private String tenantId;
    private String purpose;
    @Column(name = "client_id")
    private String clientId;
    @Column(name = "redirect_uri")
    private String redirectUri;
    @Column(name = "redirect_uri_given")
    private boolean redirectUriGiven;
    @Column(name = "app_state")
    private String appState;
    @Column(name = "code_challenge")
    private String codeChallenge;
    @Column(name = "user_code")
    private String userCode;
    @Column(name = "callback_uri")
    private String callbackUri;
    private String subject;
    @Column(name = "consent_hash")
    private String consentHash;
    @Column(name = "created_at")
    private long createdAt;
    @Column(name = "expires_at")
    private long expiresAt;
    private boolean finished;

    protected SignInRequest() {
    }

    private SignInRequest(String stateHash, String browserHash, String tenantId, Purpose purpose, String clientId, String callbackUri,
            Instant now) {
        this.id = UUID.randomUUID().toString();
        this.stateHash = stateHash;
        this.browserHash = browserHash;
        this.tenantId = tenantId;
        this.purpose = purpose.name();
        this.clientId = clientId;
        this.callbackUri = callbackUri;
        this.createdAt = now.toEpochMilli();
        this.expiresAt = now.plus(LIFETIME).toEpochMilli();
    }

    public static SignInRequest web(String stateHash, String browserHash, String tenantId, String clientId, String callbackUri,
            String redirectUri, boolean redirectUriGiven, String appState, String codeChallenge, Instant now) {
        SignInRequest request = new SignInRequest(stateHash, browserHash, tenantId, Purpose.WEB, clientId, callbackUri, now);
        request.redirectUri = redirectUri;
        request.redirectUriGiven = redirectUriGiven;
        request.appState = appState;
        request.codeChallenge = codeChallenge;
        return request;
    }

    public static SignInRequest device(String stateHash, String browserHash, String tenantId, String clientId, String callbackUri,
            String userCode, Instant now) {
        SignInRequest request = new SignInRequest(stateHash, browserHash, tenantId, Purpose.DEVICE, clientId, callbackUri, now);
        request.userCode = userCode;
        return request;
    }

    /** The provider signed the user in: the next step is the user's decision, on a page carrying the consent token. */
    public void signedIn(String subject, String consentHash) {
        this.subject = subject;
        this.consentHash = consentHash;
    }

    public void finish() {
        this.finished = true;
    }

    public boolean usableAt(Instant now, String browserHash) {
        return !finished && now.toEpochMilli() < expiresAt && this.browserHash.equals(browserHash);
    }

    public String id() {
        return id;
    }

    public String tenantId() {
        return tenantId;
    }

    public Purpose purpose() {
        return Purpose.valueOf(purpose);
    }

    public String clientId() {
        return clientId;
    }

    public String redirectUri() {
        return redirectUri;
    }

    public boolean redirectUriGiven() {
        return redirectUriGiven;
    }

    public String appState() {
        return appState;
    }

    public String codeChallenge() {
        return codeChallenge;
    }

    public String userCode() {
        return userCode;
    }

    public String callbackUri() {
        return callbackUri;
    }

    public String subject() {
        return subject;
    }
}
