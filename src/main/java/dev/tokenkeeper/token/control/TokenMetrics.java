package dev.tokenkeeper.token.control;

import dev.tokenkeeper.token.entity.ErrorReason;
import dev.tokenkeeper.token.entity.OAuthError;
import dev.tokenkeeper.token.entity.OAuthException;
import dev.tokenkeeper.token.entity.TokenFamily;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The token endpoint's metrics and its one log line per grant outcome. Every counter is looked up
 * once (at start, or the first time a combination of grant type, error and reason is seen) and kept
 * in an array indexed by enum ordinals: a grant costs an array read and an increment, no tag array
 * and no registry lookup. Tag values come from closed sets (the grant types we know, our error
 * codes), so a client sending {@code grant_type=<random>} cannot grow the registry.
 *
 * <p>A bean built with {@code new} (a unit test) has no registry and counts nothing.
 */
@ApplicationScoped
public class TokenMetrics {

    private static final Logger LOG = System.getLogger(TokenMetrics.class.getName());

    /** The grant types as tag values; anything else is {@code other}. */
    enum GrantType {
        REFRESH_TOKEN("refresh_token"),
        TOKEN_EXCHANGE("token_exchange"),
        CLIENT_CREDENTIALS("client_credentials"),
        AUTHORIZATION_CODE("authorization_code"),
        DEVICE_CODE("device_code"),
        MISSING("none"),
        OTHER("other");

        final String tag;

        GrantType(String tag) {
            this.tag = tag;
        }

        static GrantType of(Map<String, String> parameters) {
            String type = parameters.get("grant_type");
            if (type == null || type.isBlank()) {
                // GitHub's web flow sends only the code
                return parameters.get("code") != null ? AUTHORIZATION_CODE : MISSING;
            }
            return switch (type) {
                case "refresh_token" -> REFRESH_TOKEN;
                case TokenExchangeGrant.GRANT_TYPE -> TOKEN_EXCHANGE;
                case "client_credentials" -> CLIENT_CREDENTIALS;
                case AuthorizationCodeGrant.GRANT_TYPE -> AUTHORIZATION_CODE;
                case DeviceFlow.GRANT_TYPE -> DEVICE_CODE;
                default -> OTHER;
            };
        }
    }

    static final String GRANTS = "tokenkeeper.grants";
    static final String ROTATION = "tokenkeeper.rotation.duration";
    static final String REPLAYS = "tokenkeeper.refresh.replays";
    static final String FAMILIES_REVOKED = "tokenkeeper.families.revoked";
    static final String RATE_LIMITED = "tokenkeeper.rate.limited";

    private static final int ERRORS = OAuthError.values().length;
    private static final int REASONS = ErrorReason.values().length + 1; // the last slot: no reason

    @Inject
    MetricRegistry registry;

    private final Counter[] issued = new Counter[GrantType.values().length];
    private final Counter[] failed = new Counter[GrantType.values().length];
    /** [grant type][error][reason], filled on first use: most combinations never happen. */
    private final Counter[] refused = new Counter[GrantType.values().length * ERRORS * REASONS];
    private Timer rotation;
    private Counter graceRetries;
    private Counter reuses;
    private Counter revokedForReuse;
    private Counter revokedOnRequest;
    private Counter rateLimited;

    /** Created at start, so every series exists (at zero) from the first scrape. */
    void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // nothing to do: observing the event makes CDI create this bean and run register()
    }

    @PostConstruct
    void register() {
        for (GrantType type : GrantType.values()) {
            issued[type.ordinal()] = grants(type, "issued", "none", "none");
            failed[type.ordinal()] = grants(type, "failed", "server_error", "none");
        }
        // Payara's registry builds timers and histograms through plain HashMaps: two beans creating
        // theirs at once (this one on the main thread, ViewerMetrics on a timer's) failed a deployment
        // with a ConcurrentModificationException. Every timer or histogram of ours is made under this lock.
        synchronized (registry) {
            rotation = registry.timer(Metadata.builder().withName(ROTATION)
                    .withDescription("Time to answer a refresh_token grant (rotation, idempotent retry or refusal), "
                            + "from the parsed request to the tokens or the error").withUnit(MetricUnits.SECONDS).build());
        }
        Metadata replays = Metadata.builder().withName(REPLAYS)
                .withDescription("Spent refresh tokens presented again: grace_retry answered the same pair inside the grace window, "
                        + "reuse revoked (or found revoked) the family").build();
        graceRetries = registry.counter(replays, new Tag("kind", "grace_retry"));
        reuses = registry.counter(replays, new Tag("kind", "reuse"));
        Metadata families = Metadata.builder().withName(FAMILIES_REVOKED)
                .withDescription("Token families (sign-ins) revoked, by why: reuse of a spent token or code, or on request").build();
        revokedForReuse = registry.counter(families, new Tag("reason", TokenFamily.REVOKED_FOR_REUSE));
        revokedOnRequest = registry.counter(families, new Tag("reason", TokenFamily.REVOKED_ON_REQUEST));
        rateLimited = registry.counter(Metadata.builder().withName(RATE_LIMITED)
                .withDescription("Token endpoint requests refused with 429 by the per-client rate limit").build());
    }

    /**
     * Runs one grant and counts its outcome, with one FINE line for it (no token, no secret: the
     * client id, the grant type and the error). A refresh grant is also timed.
     */
    public <T> T grant(Map<String, String> parameters, String clientId, Supplier<T> grant) {
        GrantType type = GrantType.of(parameters);
        long started = System.nanoTime();
        try {
            T result = grant.get();
            count(issued[type.ordinal()]);
            if (LOG.isLoggable(Level.DEBUG)) { // no varargs array on the hot path when FINE is off
                LOG.log(Level.DEBUG, "Grant {0} for client {1}: issued", type.tag, printable(clientId));
            }
            return result;
        } catch (OAuthException refusal) {
            count(refused(type, refusal));
            if (LOG.isLoggable(Level.DEBUG)) {
                LOG.log(Level.DEBUG, "Grant {0} for client {1}: refused {2} ({3})", type.tag, printable(clientId),
                        refusal.error().code(), refusal.reason() == null ? "-" : refusal.reason().code());
            }
            throw refusal;
        } catch (RuntimeException failure) {
            count(failed[type.ordinal()]);
            LOG.log(Level.DEBUG, "Grant {0} for client {1}: failed ({2})", type.tag, printable(clientId),
                    failure.getClass().getSimpleName());
            throw failure;
        } finally {
            if (type == GrantType.REFRESH_TOKEN && rotation != null) {
                rotation.update(Duration.ofNanos(System.nanoTime() - started));
            }
        }
    }

    /** The previous refresh token came again inside the grace window and got the same pair. */
    public void graceRetry() {
        count(graceRetries);
    }

    /** A spent refresh token came again outside the grace window: its family is (or already was) revoked. */
    public void reuse() {
        count(reuses);
    }

    /** Counts a family revocation that happened ({@code revoked} true); returns {@code revoked}. */
    public boolean familyRevoked(boolean revoked, String reason) {
        if (revoked) {
            count(TokenFamily.REVOKED_FOR_REUSE.equals(reason) ? revokedForReuse : revokedOnRequest);
        }
        return revoked;
    }

    public void rateLimited() {
        count(rateLimited);
    }

    private Counter refused(GrantType type, OAuthException refusal) {
        if (registry == null) {
            return null;
        }
        int reason = refusal.reason() == null ? REASONS - 1 : refusal.reason().ordinal();
        int index = (type.ordinal() * ERRORS + refusal.error().ordinal()) * REASONS + reason;
        Counter counter = refused[index];
        if (counter == null) {
            // A benign race: the registry answers the same counter for the same name and tags.
            counter = grants(type, "refused", refusal.error().code(), refusal.reason() == null ? "none" : refusal.reason().code());
            refused[index] = counter;
        }
        return counter;
    }

    private Counter grants(GrantType type, String outcome, String error, String reason) {
        return registry.counter(Metadata.builder().withName(GRANTS)
                .withDescription("Token endpoint grants by grant type and outcome (issued, refused with its error and error_reason, "
                        + "failed with a server error)").build(),
                new Tag("grant_type", type.tag), new Tag("outcome", outcome), new Tag("error", error), new Tag("error_reason", reason));
    }

    /** A client id as the client sent it, made safe for one log line: no line breaks or control characters, at most 100 characters. */
    static String printable(String clientId) {
        if (clientId == null) {
            return "-";
        }
        String cut = clientId.length() > 100 ? clientId.substring(0, 100) + "…" : clientId;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    private static void count(Counter counter) {
        if (counter != null) {
            counter.inc();
        }
    }
}
