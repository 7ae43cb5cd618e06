package dev.tokenkeeper.viewer.control;

import dev.tokenkeeper.embed.boundary.EmbedTokenView;
import dev.tokenkeeper.embed.boundary.Reports;
import dev.tokenkeeper.settings.boundary.TenantSettingsFacade;
import dev.tokenkeeper.tenant.boundary.Tenants;
import dev.tokenkeeper.token.boundary.SignedInUsers;
import dev.tokenkeeper.token.entity.SignedInUser;
import dev.tokenkeeper.viewer.control.ViewerMessages.Hello;
import dev.tokenkeeper.viewer.control.ViewerMessages.Incoming;
import dev.tokenkeeper.viewer.control.ViewerMessages.Interaction;
import dev.tokenkeeper.viewer.control.ViewerMessages.ProtocolViolation;
import dev.tokenkeeper.viewer.entity.TokenLife;
import dev.tokenkeeper.viewer.entity.TokenReason;
import dev.tokenkeeper.viewer.entity.ViewerState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the viewer channel does with each session: hello, interactions, refreshes, lapses, pings.
 * The WebSocket endpoint only hands messages over; everything that can be decided is decided here.
 *
 * <p>Business time (token life, lapse) reads the injected {@link Clock}, so tests move it. Liveness
 * (pings, dead peers, the hello deadline) reads {@link System#nanoTime()}: it is about the wire, and a
 * test that moves business time by an hour must not make every socket look dead.
 */
@ApplicationScoped
public class ViewerChannel {

    /** WebSocket close codes (RFC 6455 §7.4.1). */
    public static final int POLICY_VIOLATION = 1008;
    public static final int GOING_AWAY = 1001;
    public static final int INTERNAL_ERROR = 1011;
    public static final int SERVICE_RESTART = 1012;

    private static final Logger LOG = Logger.getLogger(ViewerChannel.class.getName());

    @Inject
    ViewerRegistry registry;

    @Inject
    SignedInUsers signedInUsers;

    @Inject
    Tenants tenants;

    @Inject
    Reports reports;

    @Inject
    TenantSettingsFacade settings;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tokenkeeper.viewer.hello-seconds", defaultValue = "10")
    int helloSeconds;

    @Inject
    @ConfigProperty(name = "tokenkeeper.viewer.ping-seconds", defaultValue = "25")
    int pingSeconds;

    public ViewerSession opened(ViewerConnection connection) {
        ViewerSession session = new ViewerSession(connection, clock.instant(), System.nanoTime(),
                (broken, why) -> drop(broken, GOING_AWAY, "dropped: " + why));
        registry.opened(session);
        return session;
    }

    public void received(ViewerSession session, String text) {
        session.heard(System.nanoTime());
        Incoming message;
        try {
            message = ViewerMessages.parse(text);
        } catch (ProtocolViolation e) {
            drop(session, POLICY_VIOLATION, e.getMessage());
            return;
        }
        try {
            if (message instanceof Hello hello) {
                hello(session, hello);
            } else if (message instanceof Interaction interaction) {
                interaction(session, interaction);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Viewer " + session.id() + ": handling a " + message.getClass().getSimpleName() + " failed", e);
            drop(session, INTERNAL_ERROR, "the server failed; reconnect in a moment");
        }
    }

    public void heard(ViewerSession session) {
        session.heard(System.nanoTime());
    }

    public void closed(ViewerSession session) {
        if (registry.remove(session)) {
            session.state(ViewerState.CLOSED);
        }
    }

    private void hello(ViewerSession session, Hello hello) {
        if (session.state() != ViewerState.AWAITING_HELLO) {
            drop(session, POLICY_VIOLATION, "hello was already received on this connection");
            return;
        }
        SignedInUser user = signedInUsers.verify(hello.accessToken()).orElse(null);
        if (user == null) {
            drop(session, POLICY_VIOLATION, "hello needs a live user access token: sign in again");
            return;
        }
        EmbedTokenView token;
        String tenantId;
        try {
            tenantId = tenants.idOf(user.tenantSlug());
            token = reports.embedToken(tenantId, user.tenantSlug(), user.subject(), hello.reportId());
        } catch (WebApplicationException e) {
            // 403 another tenant's report, 404 no such report, 503 the provider is failing: no token to start with
            drop(session, POLICY_VIOLATION, e.getMessage());
            return;
        }
        session.bind(tenantId, user.tenantSlug(), user.subject(), user.familyId(), hello.reportId());
        registry.joined(session);
        deliver(session, token, hello.reconnect() ? TokenReason.RECONNECT : TokenReason.INITIAL);
    }

    private void interaction(ViewerSession session, Interaction interaction) {
        if (session.state() == ViewerState.AWAITING_HELLO) {
            drop(session, POLICY_VIOLATION, "say hello first");
            return;
        }
        if (session.state() != ViewerState.LIVE || !session.tokenLife().inSecondHalfAt(clock.instant())) {
            return; // the cheap check first: most interactions need nothing, not even a settings read
        }
        if (!settings.current(session.tenantId()).refreshOnInteraction()) {
            return;
        }
        if (!signedInUsers.endedAmong(Set.of(session.familyId())).isEmpty()) {
            signedOut(session);
            return;
        }
        refresh(session, TokenReason.INTERACTION);
    }

    /** Sends the session a fresh token; when the provider is failing, the viewer keeps the one it has. */
    void refresh(ViewerSession session, TokenReason reason) {
        refresh(session, reason, null);
    }

    /**
     * As {@link #refresh(ViewerSession, TokenReason)}; within a round, viewers of the same user and
     * report get the token (and the very message) the first of them got, see {@link RoundTokens}.
     */
    void refresh(ViewerSession session, TokenReason reason, RoundTokens round) {
        if (session.state() != ViewerState.LIVE) {
            return;
        }
        try {
            Supplier<Delivery> fetch = () -> delivery(reports.embedToken(session.tenantId(), session.tenantSlug(), session.user(), session.reportId()), reason);
            deliver(session, round == null ? fetch.get() : round.get(session, fetch));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 403 || e.getResponse().getStatus() == 404) {
                drop(session, POLICY_VIOLATION, e.getMessage()); // the report was removed or moved
            } else {
                LOG.warning(() -> "No fresh token for viewer " + session.id() + " of " + session.reportId()
                        + " (" + e.getMessage() + "): it keeps its current one until the next try");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "No fresh token for viewer " + session.id() + ": it keeps its current one", e);
        }
    }

    /** Of these sessions, the ones whose sign-in ended are closed; the others are returned. */
    Collection<ViewerSession> stillSignedIn(Collection<ViewerSession> sessions) {
        Set<String> ended = signedInUsers.endedAmong(sessions.stream().map(ViewerSession::familyId).collect(Collectors.toSet()));
        if (ended.isEmpty()) {
            return sessions;
        }
        sessions.stream().filter(session -> ended.contains(session.familyId())).forEach(this::signedOut);
        return sessions.stream().filter(session -> !ended.contains(session.familyId())).toList();
    }

    private void deliver(ViewerSession session, EmbedTokenView token, TokenReason reason) {
        deliver(session, delivery(token, reason));
    }

    private void deliver(ViewerSession session, Delivery delivery) {
        session.holds(delivery.tokenId(), new TokenLife(clock.instant(), delivery.expiration()), delivery.reason());
        session.send(delivery.message());
    }

    private static Delivery delivery(EmbedTokenView token, TokenReason reason) {
        Instant expiration = Instant.parse(token.expiration());
        return new Delivery(token.tokenId(), expiration, reason,
                ViewerMessages.token(token.token(), token.tokenId(), expiration, token.reportId(), token.embedUrl(), reason));
    }

    /** A token ready to send: what the session records, and the message itself. */
    record Delivery(String tokenId, Instant expiration, TokenReason reason, String message) {
    }

    /**
     * The tokens of one timed round, fetched once per (tenant, report, identity) instead of once per
     * viewer. Each fetch is a transaction with a few queries; viewers who see the same data get the
     * same token anyway ({@code SharedEmbedTokens}), so ten thousand TVs of one dashboard make one
     * fetch, and the JSON is written once. For a report without row-level security every user has the
     * same (empty) identity; with it, each user has their own. Lives only as long as the round's
     * slices; a failed fetch is not kept, so the next viewer tries again as before.
     */
    static final class RoundTokens {
        private final BiPredicate<String, String> oneTokenForAll;
        private final ConcurrentMap<String, Boolean> sharedReports = new ConcurrentHashMap<>();
        private final ConcurrentMap<String, Delivery> byIdentity = new ConcurrentHashMap<>();

        /** @param oneTokenForAll (tenant id, report id) → whether all its viewers see the same data */
        RoundTokens(BiPredicate<String, String> oneTokenForAll) {
            this.oneTokenForAll = oneTokenForAll;
        }

        Delivery get(ViewerSession session, Supplier<Delivery> fetch) {
            String report = session.tenantId() + '\n' + session.reportId();
            boolean shared = sharedReports.computeIfAbsent(report, key -> sharedByAll(session));
            String key = shared ? report : report + '\n' + session.user();
            Delivery known = byIdentity.get(key);
            if (known != null) {
                return known;
            }
            Delivery fetched = fetch.get(); // two slices racing for one key both fetch: SharedEmbedTokens still mints once
            Delivery raced = byIdentity.putIfAbsent(key, fetched);
            return raced != null ? raced : fetched;
        }

        private boolean sharedByAll(ViewerSession session) {
            try {
                return oneTokenForAll.test(session.tenantId(), session.reportId());
            } catch (RuntimeException e) {
                return false; // e.g. the report is gone: per-user fetches report that to each viewer
            }
        }
    }

    /** Whether every viewer of the report sees the same data (no row-level security). */
    boolean oneTokenForAll(String tenantId, String reportId) {
        return reports.oneTokenForAll(tenantId, reportId);
    }

    private void signedOut(ViewerSession session) {
        drop(session, POLICY_VIOLATION, "your sign-in has ended: sign in again");
    }

    /**
     * One pass over this node's sessions: tell lapsed viewers, ping the quiet ones, drop the dead
     * and those that never said hello. Cheap enough to run every second for tens of thousands.
     */
    public void sweep() {
        Instant now = clock.instant();
        long nanos = System.nanoTime();
        long pingEvery = Duration.ofSeconds(pingSeconds).toNanos();
        long deadAfter = pingEvery * 5 / 2;
        long helloWithin = Duration.ofSeconds(helloSeconds).toNanos();
        for (ViewerSession session : registry.all()) {
            long quiet = nanos - session.lastHeardNanos();
            if (session.state() == ViewerState.AWAITING_HELLO && quiet > helloWithin) {
                drop(session, POLICY_VIOLATION, "no hello within " + helloSeconds + " s");
            } else if (quiet > deadAfter) {
                drop(session, GOING_AWAY, "no answer to pings for " + Duration.ofNanos(quiet).toSeconds() + " s");
            } else {
                if (session.state() == ViewerState.LIVE && session.tokenLife().expiredAt(now)) {
                    session.state(ViewerState.LAPSED);
                    session.send(ViewerMessages.error(ViewerMessages.TOKEN_EXPIRED,
                            "The report's token expired without a refresh: reload the page to continue"));
                }
                if (nanos - session.lastPingNanos() >= pingEvery) {
                    session.pinged(nanos);
                    ping(session);
                }
            }
        }
    }

    /** Closes every session of this node, as a restarting node would (tests use it to exercise reconnects). */
    public int disconnectAll(int code, String reason) {
        int closed = 0;
        for (ViewerSession session : registry.all()) {
            if (drop(session, code, reason)) {
                closed++;
            }
        }
        return closed;
    }

    private void ping(ViewerSession session) {
        try {
            session.connection().ping();
        } catch (RuntimeException e) {
            drop(session, GOING_AWAY, "ping failed");
        }
    }

    private boolean drop(ViewerSession session, int code, String reason) {
        if (!registry.remove(session)) {
            return false;
        }
        session.state(ViewerState.CLOSED);
        LOG.fine(() -> "Viewer " + session.id() + " closed (" + code + "): " + reason);
        try {
            session.connection().close(code, abbreviate(reason));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Closing viewer " + session.id() + " failed; it is gone anyway", e);
        }
        return true;
    }

    /** A close reason must fit in 123 bytes (RFC 6455 §5.5). */
    static String abbreviate(String reason) {
        String text = reason == null ? "refused" : reason;
        while (text.getBytes(StandardCharsets.UTF_8).length > 120) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }
}
