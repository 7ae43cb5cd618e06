package dev.tokenkeeper.viewer.control;

import dev.tokenkeeper.capacity.boundary.Capacities;
import dev.tokenkeeper.capacity.entity.Activity;
import dev.tokenkeeper.capacity.entity.CapacityState;
import dev.tokenkeeper.capacity.entity.CapacityStatus;
import dev.tokenkeeper.embed.boundary.EmbedTokenView;
import dev.tokenkeeper.embed.boundary.Reports;
import dev.tokenkeeper.settings.boundary.TenantSettingsFacade;
import dev.tokenkeeper.settings.entity.CapacityMode;
import dev.tokenkeeper.tenant.boundary.Tenants;
import dev.tokenkeeper.token.boundary.SignedInUsers;
import dev.tokenkeeper.token.entity.SignedInUser;
import dev.tokenkeeper.viewer.control.ViewerMessages.Hello;
import dev.tokenkeeper.viewer.control.ViewerMessages.Incoming;
import dev.tokenkeeper.viewer.control.ViewerMessages.Interaction;
import dev.tokenkeeper.viewer.control.ViewerMessages.ProtocolViolation;
import dev.tokenkeeper.viewer.control.ViewerMessages.Resume;
import dev.tokenkeeper.viewer.entity.TokenLife;
import dev.tokenkeeper.viewer.entity.TokenReason;
import dev.tokenkeeper.viewer.entity.ViewerState;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *
 * <p>The tenant's capacity ({@link Capacities}, in memory) decides what a viewer gets while it is not
 * serving: {@code CapacityPaused} instead of a token or a lapse, and one {@code resumed} token each when
 * it serves again. Every state change that sends goes through {@link ViewerSession}'s guarded
 * transitions, so a pause and a token racing cannot both win, and a paused viewer is resumed once.
 */
@ApplicationScoped
public class ViewerChannel {

    /** WebSocket close codes (RFC 6455 §7.4.1). */
    public static final int POLICY_VIOLATION = 1008;
    public static final int GOING_AWAY = 1001;
    public static final int INTERNAL_ERROR = 1011;
    public static final int SERVICE_RESTART = 1012;

    private static final Logger LOG = Logger.getLogger(ViewerChannel.class.getName());
    private static final Set<ViewerState> FROM_HELLO = EnumSet.of(ViewerState.AWAITING_HELLO);
    private static final Set<ViewerState> FROM_LIVE = EnumSet.of(ViewerState.LIVE);
    private static final Set<ViewerState> FROM_PAUSED = EnumSet.of(ViewerState.PAUSED);
    /** How often the sweep may retry the resumed tokens of one tenant whose fetch failed (or whose event was lost). */
    private static final long RESUME_RETRY_NANOS = Duration.ofSeconds(5).toNanos();
    /** Hellos answered together at most: one query for their sign-ins, bounded in size. */
    static final int MAX_HELLO_BATCH = 256;
    /** Tenant slugs remembered at most; beyond, the memory starts over. */
    private static final int MAX_TENANT_IDS = 10_000;

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
    Capacities capacities;

    @Inject
    Clock clock;

    @Resource
    ManagedExecutorService managedExecutor;

    /** Where slow follow-ups run (resumed tokens found by the sweep); the managed executor unless a test sets one. */
    Executor background;

    @Inject
    @ConfigProperty(name = "tokenkeeper.viewer.hello-seconds", defaultValue = "10")
    int helloSeconds;

    @Inject
    @ConfigProperty(name = "tokenkeeper.viewer.ping-seconds", defaultValue = "25")
    int pingSeconds;

    /**
     * A socket may ask to resume the capacity once per this many seconds: resuming is an admin action
     * (a database write, perhaps a call to Azure), and a page with a stuck button must not repeat it.
     */
    @Inject
    @ConfigProperty(name = "tokenkeeper.viewer.resume-seconds", defaultValue = "10")
    int resumeSeconds;

    /** Hellos waiting for the thread that answers them (see {@link #greetWaiting}). */
    private final Queue<WaitingHello> waitingHellos = new ConcurrentLinkedQueue<>();
    /** Whether a thread is answering hellos. */
    private final AtomicBoolean greeting = new AtomicBoolean();
    /** Tenant ids by slug (see {@link #tenantIdOf}). */
    private final ConcurrentMap<String, String> tenantIds = new ConcurrentHashMap<>();

    /** The newest capacity status each tenant's events brought to this node: an older event that arrives late changes nothing. */
    private final ConcurrentMap<String, CapacityStatus> announced = new ConcurrentHashMap<>();
    /** When the sweep last retried a tenant's resumed tokens (System.nanoTime). */
    private final ConcurrentMap<String, Long> resumeRetries = new ConcurrentHashMap<>();
    /** Dropped sessions whose wire finishes the close later ({@link ViewerConnection#closePending()}), oldest first. */
    private final Queue<Closing> closing = new ConcurrentLinkedQueue<>();
    /** How long such a close waits for the peer's next frame before the sweep forces it (tests shorten it). */
    long closePatienceNanos = Duration.ofSeconds(5).toNanos();

    private record Closing(ViewerConnection connection, long askedNanos) {
    }

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
            } else if (message instanceof Resume) {
                resume(session);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Viewer " + session.id() + ": handling a " + message.getClass().getSimpleName() + " failed", e);
            drop(session, INTERNAL_ERROR, "the server failed; reconnect in a moment");
        }
    }

    /** A binary frame: not part of the protocol, so the client is broken; 1008 also stops the browser client reconnecting. */
    public void receivedBinary(ViewerSession session) {
        drop(session, POLICY_VIOLATION, "binary frames are not part of this protocol: send JSON text");
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
        if (!session.takeHello()) {
            drop(session, POLICY_VIOLATION, "hello was already received on this connection");
            return;
        }
        // the signature here, on the socket's own thread: the CPU-heavy part of a hello stays spread over the threads
        SignedInUser user = signedInUsers.signedBy(hello.accessToken()).orElse(null);
        if (user == null) {
            drop(session, POLICY_VIOLATION, "hello needs a live user access token: sign in again");
            return;
        }
        waitingHellos.add(new WaitingHello(session, hello, user));
        greetWaiting();
    }

    /**
     * Answers the hellos that wait, in batches, on the thread of whichever hello finds no other thread
     * at it (the others only queue theirs and return). Alone, a hello is answered at once on its own
     * thread, as before; when a node takes back thousands of reconnecting viewers, their hellos pile up
     * while one batch runs, and the next batch checks all their sign-ins in one query and fetches one
     * token (and writes one message) per (report, identity) instead of one per viewer. The loop runs
     * until the queue is empty: a hello queued while the flag was held is never left behind.
     */
    private void greetWaiting() {
        while (!waitingHellos.isEmpty() && greeting.compareAndSet(false, true)) {
            try {
                List<WaitingHello> batch = new ArrayList<>();
                for (WaitingHello next; batch.size() < MAX_HELLO_BATCH && (next = waitingHellos.poll()) != null; ) {
                    batch.add(next);
                }
                greet(batch);
            } finally {
                greeting.set(false);
            }
        }
    }

    /** One batch of signed hellos: the sign-ins in one query, the tokens shared. */
    void greet(List<WaitingHello> batch) {
        Set<String> ended;
        try {
            ended = signedInUsers.endedAmong(batch.stream().map(waiting -> waiting.user().familyId()).collect(Collectors.toSet()));
        } catch (RuntimeException e) {
            batch.forEach(waiting -> failed(waiting, e));
            return;
        }
        // one token (and one message) per (report, identity) and reason for the whole batch, as in a round;
        // a lone hello fetches directly (sharing would cost it one more report query, for nothing)
        Map<TokenReason, RoundTokens> tokens = batch.size() > 1 ? new EnumMap<>(TokenReason.class) : null;
        for (WaitingHello waiting : batch) {
            if (ended.contains(waiting.user().familyId())) {
                drop(waiting.session(), POLICY_VIOLATION, "hello needs a live user access token: sign in again");
                continue;
            }
            try {
                welcome(waiting.session(), waiting.hello(), waiting.user(), tokens == null ? null
                        : tokens.computeIfAbsent(waiting.hello().reconnect() ? TokenReason.RECONNECT : TokenReason.INITIAL,
                                reason -> new RoundTokens(this::oneTokenForAll)));
            } catch (RuntimeException e) {
                failed(waiting, e);
            }
        }
    }

    /** @param tokens the batch's shared tokens, or null to fetch this viewer's own */
    private void welcome(ViewerSession session, Hello hello, SignedInUser user, RoundTokens tokens) {
        TokenReason reason = hello.reconnect() ? TokenReason.RECONNECT : TokenReason.INITIAL;
        Delivery token = null;
        String tenantId;
        CapacityStatus capacity;
        try {
            tenantId = tenantIdOf(user.tenantSlug());
            session.bind(tenantId, user.tenantSlug(), user.subject(), user.familyId(), hello.reportId());
            // a hello is activity; from a user who may resume a paused on-demand capacity, it resumes it
            capacity = activity(tenantId, user.subject(), Activity.HELLO);
            if (capacity == null || capacity.serving()) {
                Supplier<Delivery> fetch = () -> delivery(reports.embedToken(tenantId, user.tenantSlug(), user.subject(), hello.reportId()), reason);
                token = tokens == null ? fetch.get() : tokens.get(session, fetch);
            } else {
                reports.oneTokenForAll(tenantId, hello.reportId()); // no token now, but the report must exist: 404 otherwise
            }
        } catch (WebApplicationException e) {
            // 403 another tenant's report, 404 no such report, 503 the provider is failing: no token to start with
            drop(session, POLICY_VIOLATION, e.getMessage());
            return;
        }
        registry.joined(session);
        if (token != null) {
            deliver(session, FROM_HELLO, token);
        } else {
            pause(session, capacity, null, null); // CapacityPaused instead of a token; a resumed token when it serves
        }
        // a pause (or resume) announced while this hello was on its way did not find the session yet: check now
        settle(session);
    }

    /**
     * A tenant's id by its slug, from memory after the first read: a slug names one tenant for good
     * (tenants are neither renamed nor deleted), so there is nothing to invalidate. Unknown slugs are
     * not kept.
     */
    private String tenantIdOf(String slug) {
        String known = tenantIds.get(slug);
        if (known != null) {
            return known;
        }
        String id = tenants.idOf(slug);
        if (tenantIds.size() >= MAX_TENANT_IDS) {
            tenantIds.clear();
        }
        tenantIds.put(slug, id);
        return id;
    }

    private void failed(WaitingHello waiting, RuntimeException e) {
        LOG.log(Level.WARNING, "Viewer " + waiting.session().id() + ": handling a Hello failed", e);
        drop(waiting.session(), INTERNAL_ERROR, "the server failed; reconnect in a moment");
    }

    /** A hello waiting for its batch. */
    record WaitingHello(ViewerSession session, Hello hello, SignedInUser user) {
    }

    private void interaction(ViewerSession session, Interaction interaction) {
        if (session.state() == ViewerState.AWAITING_HELLO) {
            drop(session, POLICY_VIOLATION, "say hello first");
            return;
        }
        // in memory: the facade counts it (when this user's activity counts) and may resume a paused capacity
        CapacityStatus capacity = activity(session.tenantId(), session.user(), Activity.INTERACTION);
        if (capacity != null && !capacity.serving()) {
            // sent only when it says something new: a pause this node missed, or "starting" after this interaction resumed it
            pause(session, capacity, null, null);
            return;
        }
        if (session.state() == ViewerState.PAUSED) {
            refresh(session, TokenReason.RESUMED, null, FROM_PAUSED); // it serves again (maybe thanks to this interaction)
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
        refresh(session, reason, round, FROM_LIVE);
    }

    /** As above, for a session in one of the states {@code from} (PAUSED for a resumed token). */
    void refresh(ViewerSession session, TokenReason reason, RoundTokens round, Set<ViewerState> from) {
        if (!from.contains(session.state())) {
            return;
        }
        try {
            Supplier<Delivery> fetch = () -> delivery(reports.embedToken(session.tenantId(), session.tenantSlug(), session.user(), session.reportId()), reason);
            deliver(session, from, round == null ? fetch.get() : round.get(session, fetch));
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

    private boolean deliver(ViewerSession session, Set<ViewerState> from, Delivery delivery) {
        return session.deliver(from, delivery.tokenId(), new TokenLife(clock.instant(), delivery.expiration()), delivery.reason(), delivery.message());
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
        Map<String, CapacityStatus> capacityNow = new HashMap<>(); // read once per tenant and sweep, and only when needed
        Set<String> toResume = new java.util.HashSet<>();
        Instant now = clock.instant();
        long nanos = System.nanoTime();
        long pingEvery = Duration.ofSeconds(pingSeconds).toNanos();
        long deadAfter = pingEvery * 5 / 2;
        long helloWithin = Duration.ofSeconds(helloSeconds).toNanos();
        finishClosing(nanos);
        for (ViewerSession session : registry.all()) {
            long quiet = nanos - session.lastHeardNanos();
            if (session.state() == ViewerState.AWAITING_HELLO && !session.helloTaken() && quiet > helloWithin) {
                drop(session, POLICY_VIOLATION, "no hello within " + helloSeconds + " s");
            } else if (quiet > deadAfter) {
                drop(session, GOING_AWAY, "no answer to pings for " + Duration.ofNanos(quiet).toSeconds() + " s");
            } else {
                if (session.state() == ViewerState.LIVE && session.tokenLife().expiredAt(now)) {
                    CapacityStatus capacity = capacityNow.computeIfAbsent(session.tenantId(), this::capacityOf);
                    if (capacity != null && !capacity.serving()) {
                        pause(session, capacity, null, null); // a pause lets tokens lapse: never ClientError_TokenExpired for that
                    } else {
                        session.lapse(ViewerMessages.error(ViewerMessages.TOKEN_EXPIRED,
                                "The report's token expired without a refresh: reload the page to continue"));
                    }
                } else if (session.state() == ViewerState.PAUSED) {
                    CapacityStatus capacity = capacityNow.computeIfAbsent(session.tenantId(), this::capacityOf);
                    if (capacity != null && capacity.serving()) {
                        toResume.add(session.tenantId()); // serving, yet this one waits: a failed fetch or a lost event
                    }
                }
                if (nanos - session.lastPingNanos() >= pingEvery) {
                    session.pinged(nanos);
                    ping(session);
                }
            }
        }
        for (String tenantId : toResume) {
            Long last = resumeRetries.get(tenantId);
            if (last == null || nanos - last >= RESUME_RETRY_NANOS) {
                resumeRetries.put(tenantId, nanos);
                background().execute(() -> resumed(tenantId)); // fetching tokens has no place in the once-a-second sweep
            }
        }
    }

    // ---- the capacity --------------------------------------------------------------------------------

    /**
     * A tenant's capacity changed (an event of this node or another, see {@link CapacityWatch}). The
     * event says that something changed; what the viewers are told follows the capacity as it is now
     * ({@link #capacityOf}), so events handled late or out of order (a transition announces each step:
     * resuming, then active, often within the same instant) cannot undo a later step. Not serving:
     * every viewer of the tenant on this node is told {@code CapacityPaused} (once per distinct notice).
     * Serving: every one that waits gets one {@code resumed} token.
     */
    public void capacityChanged(CapacityStatus status) {
        remember(status);
        CapacityStatus now = capacityOf(status.tenantId());
        if (now == null) {
            now = status;
        }
        if (now.serving()) {
            resumed(now.tenantId());
        } else {
            paused(now);
        }
    }

    /** Keeps the announcement if it is not older than what this node was told of the tenant before. */
    private void remember(CapacityStatus status) {
        announced.merge(status.tenantId(), status, (old, next) -> newer(next, old) ? next : old);
    }

    private static boolean newer(CapacityStatus next, CapacityStatus old) {
        return next.since() == null || old.since() == null || !next.since().isBefore(old.since());
    }

    private void paused(CapacityStatus status) {
        Map<String, Boolean> mayResume = new HashMap<>();
        List<String> resumableBy = null;
        for (ViewerSession session : registry.of(status.tenantId())) {
            if (session.state() == ViewerState.CLOSED) {
                continue;
            }
            boolean canResume = mayResume.computeIfAbsent(session.user(), user -> mayResume(status.tenantId(), user));
            if (!canResume && resumableBy == null) {
                resumableBy = resumableBy(status.tenantId());
            }
            pause(session, status, canResume, resumableBy);
        }
    }

    /** Every waiting viewer of the tenant on this node gets one {@code resumed} token; one fetch per (report, identity). */
    void resumed(String tenantId) {
        List<ViewerSession> waiting = registry.of(tenantId).stream().filter(session -> session.state() == ViewerState.PAUSED).toList();
        if (waiting.isEmpty()) {
            return;
        }
        RoundTokens tokens = new RoundTokens(this::oneTokenForAll);
        for (ViewerSession session : stillSignedIn(waiting)) {
            refresh(session, TokenReason.RESUMED, tokens, FROM_PAUSED);
        }
        LOG.info(() -> "Capacity of tenant " + tenantId + " serves again: " + waiting.size() + " waiting viewer(s) resumed on this node");
    }

    /** Tells one viewer of the pause; {@code canResume} and {@code resumableBy} are looked up when not given. */
    private void pause(ViewerSession session, CapacityStatus status, Boolean canResume, List<String> resumableBy) {
        boolean may = canResume != null ? canResume : mayResume(status.tenantId(), session.user());
        List<String> names = may ? List.of() : resumableBy != null ? resumableBy : resumableBy(status.tenantId());
        session.pause(pauseNotice(status, may, names), status.since());
    }

    /** The CapacityPaused message for one user: whether they may resume, else who can or when it opens. */
    static String pauseNotice(CapacityStatus status, boolean canResume, List<String> resumableBy) {
        // only an on-demand capacity is resumed by a viewer: for the others, names would mislead
        List<String> names = status.mode() == null || status.mode() == CapacityMode.ON_DEMAND ? resumableBy : List.of();
        boolean adminOnly = !canResume && names.isEmpty() && status.opensAt() == null;
        return ViewerMessages.capacityPaused(status.state().json(), status.mode() == null ? null : status.mode().json(), canResume,
                names, status.opensAt(), adminOnly, pauseText(status, canResume, names));
    }

    static String pauseText(CapacityStatus status, boolean canResume, List<String> resumableBy) {
        if (status.state() == CapacityState.RESUMING) {
            return "The report's capacity is starting again: the report comes back by itself in a moment.";
        }
        if (canResume) {
            return "The report's capacity was paused to save cost: resume it to continue.";
        }
        if (status.opensAt() != null) {
            return "The report's capacity is paused outside its schedule; it starts again at "
                    + java.time.format.DateTimeFormatter.ISO_INSTANT.format(status.opensAt()) + ".";
        }
        if (!resumableBy.isEmpty()) {
            return "The report's capacity was paused to save cost. " + String.join(", ", resumableBy)
                    + (resumableBy.size() == 1 ? " can" : " can each") + " resume it by opening the report, or an administrator can start it.";
        }
        return "The report's capacity is paused. An administrator must start it.";
    }

    /**
     * {@code {"type":"resume"}}: from a user who may resume the tenant's capacity, it is resumed (at most
     * once per {@link #resumeSeconds} per socket); anyone else is told why not, and the socket stays.
     */
    private void resume(ViewerSession session) {
        if (session.state() == ViewerState.AWAITING_HELLO) {
            drop(session, POLICY_VIOLATION, "say hello first");
            return;
        }
        String tenantId = session.tenantId();
        CapacityStatus now = capacityOf(tenantId);
        if (now != null && now.serving()) {
            if (session.state() == ViewerState.PAUSED) {
                refresh(session, TokenReason.RESUMED, null, FROM_PAUSED); // the announcement has not reached it yet
            } else {
                session.send(ViewerMessages.resumeRefused("not-paused", "The report's capacity is running: there is nothing to resume.", null));
            }
            return;
        }
        if (!mayResume(tenantId, session.user())) {
            List<String> names = resumableBy(tenantId);
            session.send(ViewerMessages.resumeRefused("not-allowed", names.isEmpty()
                    ? "You may not resume this capacity: only an administrator can start it."
                    : "You may not resume this capacity: " + String.join(", ", names) + " or an administrator can.", null));
            return;
        }
        long nanos = System.nanoTime();
        long every = Duration.ofSeconds(resumeSeconds).toNanos();
        if (!session.resumeAllowedAt(nanos, every)) {
            long wait = session.resumeRetryAfterSeconds(nanos, every);
            session.send(ViewerMessages.resumeRefused("too-soon", "The capacity is being started; ask again in " + wait + " s if nothing happens.", wait));
            return;
        }
        CapacityStatus after;
        try {
            after = capacities.resume(tenantId, session.user());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Viewer " + session.id() + " could not resume the capacity of tenant " + tenantId, e);
            session.send(ViewerMessages.error(ViewerMessages.RESUME_FAILED, "The capacity could not be started just now: try again in a minute."));
            return;
        }
        LOG.info(() -> "Viewer " + session.id() + " of " + session.user() + " resumed the capacity of tenant " + tenantId + ": " + after.state());
        if (after.serving()) {
            refresh(session, TokenReason.RESUMED, null, FROM_PAUSED); // the event resumes the others
        } else {
            pause(session, after, true, List.of()); // resuming: the page says "starting"
        }
    }

    /** Puts a session right with its capacity as this node sees it now: closes the gap between a hello's check and an event. */
    private void settle(ViewerSession session) {
        CapacityStatus now = capacityOf(session.tenantId());
        if (now == null) {
            return;
        }
        if (!now.serving()) {
            pause(session, now, null, null);
        } else if (session.state() == ViewerState.PAUSED) {
            refresh(session, TokenReason.RESUMED, null, FROM_PAUSED);
        }
    }

    /**
     * The tenant's capacity as this node knows it: the facade's status, or the last announcement when
     * that is newer (the facade may not have heard yet). Null when neither can say (then a viewer is
     * served as if there were no capacity: a broken facade must not stop reports).
     */
    CapacityStatus capacityOf(String tenantId) {
        CapacityStatus status;
        try {
            status = capacities.status(tenantId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The capacity of tenant " + tenantId + " could not be read; viewers are served as if it were active", e);
            status = null;
        }
        CapacityStatus heard = announced.get(tenantId);
        if (status == null) {
            return heard;
        }
        boolean heardLater = heard != null && heard.since() != null && status.since() != null && heard.since().isAfter(status.since());
        return heardLater ? heard : status;
    }

    private CapacityStatus activity(String tenantId, String user, Activity kind) {
        try {
            return capacities.activity(tenantId, user, kind);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Capacity activity of tenant " + tenantId + " could not be recorded; the viewer is served anyway", e);
            return null;
        }
    }

    private boolean mayResume(String tenantId, String user) {
        try {
            return capacities.mayResume(tenantId, user);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Resume rights in tenant " + tenantId + " could not be read", e);
            return false;
        }
    }

    private List<String> resumableBy(String tenantId) {
        try {
            return List.copyOf(capacities.resumableBy(tenantId));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Who may resume the capacity of tenant " + tenantId + " could not be read", e);
            return List.of();
        }
    }

    private Executor background() {
        return background != null ? background : managedExecutor;
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
        ViewerConnection connection = session.connection();
        try {
            connection.close(code, abbreviate(reason));
            if (connection.closePending()) {
                closing.add(new Closing(connection, System.nanoTime()));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Closing viewer " + session.id() + " failed; it is gone anyway", e);
        }
        return true;
    }

    /** Forces the closes that waited longer than their patience for a silent peer; forgets those done. */
    private void finishClosing(long nowNanos) {
        for (Closing waiting = closing.peek(); waiting != null; waiting = closing.peek()) {
            if (waiting.connection().closePending()) {
                if (nowNanos - waiting.askedNanos() < closePatienceNanos) {
                    break; // the rest were asked later still
                }
                try {
                    waiting.connection().forceClose();
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "Closing viewer " + waiting.connection().id() + " failed; it is gone anyway", e);
                }
            }
            closing.remove(waiting);
        }
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
