package dev.tokenkeeper.viewer.control;

import dev.tokenkeeper.viewer.entity.TokenLife;
import dev.tokenkeeper.viewer.entity.TokenReason;
import dev.tokenkeeper.viewer.entity.ViewerState;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One open viewer: who it is, which report, the token it holds, and its outgoing messages. Sends are
 * asynchronous and one at a time per socket (WebSocket allows no concurrent sends on a session); a
 * peer that lets messages pile up is dropped rather than allowed to hold memory or a thread.
 */
public class ViewerSession {

    /** A viewer gets a handful of small messages per token life; more than this waiting means it is not reading. */
    static final int MAX_QUEUED = 8;

    private final ViewerConnection connection;
    private final Instant openedAt;
    private final BiConsumer<ViewerSession, String> onBroken;
    private final Queue<String> queued = new ArrayDeque<>(2);
    private boolean sending;
    /**
     * Guards the state changes that send something (a token, a pause, a lapse), so that two of them
     * racing (a timed round and a pause) cannot leave the state saying one thing and the viewer's
     * last message the other: the check, the change and the enqueueing happen together.
     */
    private final Object transitions = new Object();
    /** The last CapacityPaused message sent, so that one unchanged pause announced twice is sent once. */
    private String pauseNotice;
    /**
     * Since when the capacity was in the state the last notice told. A notice is worked out from the
     * capacity as one thread read it, then sent: two threads (the "pausing" and the "paused" event,
     * a hello's check) can send in the other order, and a viewer told "paused" must not be told
     * "pausing" afterwards by a notice read before it.
     */
    private Instant pauseSince;
    private volatile long lastResumeNanos = Long.MIN_VALUE;
    /** Set by the first hello: a second one, even before the first is answered, is refused. */
    private volatile boolean helloTaken;

    private volatile ViewerState state = ViewerState.AWAITING_HELLO;
    private volatile String tenantId;
    private volatile String tenantSlug;
    private volatile String user;
    private volatile String familyId;
    private volatile String reportId;
    private volatile String tokenId;
    private volatile TokenLife tokenLife;
    private volatile TokenReason lastReason;
    private volatile long lastTimedRound;
    private volatile long lastHeardNanos;
    private volatile long lastPingNanos;

    ViewerSession(ViewerConnection connection, Instant openedAt, long nowNanos, BiConsumer<ViewerSession, String> onBroken) {
        this.connection = connection;
        this.openedAt = openedAt;
        this.onBroken = onBroken;
        this.lastHeardNanos = nowNanos;
        this.lastPingNanos = nowNanos;
    }

    public String id() {
        return connection.id();
    }

    void send(String text) {
        boolean startNow;
        synchronized (queued) {
            if (state == ViewerState.CLOSED) {
                return;
            }
            if (!sending) {
                sending = true;
                startNow = true;
            } else if (queued.size() < MAX_QUEUED) {
                queued.add(text);
                return;
            } else {
                startNow = false;
            }
        }
        if (startNow) {
            connection.sendText(text, this::sent);
        } else {
            onBroken.accept(this, "more than " + MAX_QUEUED + " messages waiting: the viewer is not reading");
        }
    }

    private void sent(Throwable failure) {
        if (failure != null) {
            onBroken.accept(this, "a send failed: " + failure.getMessage());
            return;
        }
        String next;
        synchronized (queued) {
            next = queued.poll();
            if (next == null) {
                sending = false;
                return;
            }
        }
        connection.sendText(next, this::sent);
    }

    /** True for the first hello of this connection only (and only while it awaits one). */
    boolean takeHello() {
        synchronized (transitions) {
            if (helloTaken || state != ViewerState.AWAITING_HELLO) {
                return false;
            }
            helloTaken = true;
            return true;
        }
    }

    /** A hello arrived and is being answered: the hello deadline no longer applies. */
    boolean helloTaken() {
        return helloTaken;
    }

    void bind(String tenantId, String tenantSlug, String user, String familyId, String reportId) {
        this.tenantId = tenantId;
        this.tenantSlug = tenantSlug;
        this.user = user;
        this.familyId = familyId;
        this.reportId = reportId;
    }

    void holds(String tokenId, TokenLife life, TokenReason reason) {
        this.tokenId = tokenId;
        this.tokenLife = life;
        this.lastReason = reason;
        this.state = ViewerState.LIVE;
    }

    void state(ViewerState state) {
        this.state = state;
    }

    /**
     * Takes the token and sends its message, but only from one of the states {@code from}: a pause
     * that came first wins over a token fetched before it, and of two deliveries from PAUSED (the
     * capacity event and a viewer's own resume racing) exactly one goes out.
     */
    boolean deliver(Set<ViewerState> from, String tokenId, TokenLife life, TokenReason reason, String message) {
        synchronized (transitions) {
            if (!from.contains(state)) {
                return false;
            }
            holds(tokenId, life, reason);
            pauseNotice = null;
            pauseSince = null;
            send(message);
            return true;
        }
    }

    /**
     * Tells the viewer of a pause (again only if the notice changed); false when it is closed, already
     * told this, or told of a later state of the capacity than {@code since} (null: not known, sent).
     */
    boolean pause(String notice, Instant since) {
        synchronized (transitions) {
            if (state == ViewerState.CLOSED || notice.equals(pauseNotice)
                    || (since != null && pauseSince != null && since.isBefore(pauseSince))) {
                return false;
            }
            state = ViewerState.PAUSED;
            pauseNotice = notice;
            pauseSince = since;
            send(notice);
            return true;
        }
    }

    /** LIVE → LAPSED with the message that says so; false when the session is in any other state. */
    boolean lapse(String message) {
        synchronized (transitions) {
            if (state != ViewerState.LIVE) {
                return false;
            }
            state = ViewerState.LAPSED;
            send(message);
            return true;
        }
    }

    /** A resume request allowed now (and the time noted), or false when the last one is less than {@code minNanos} ago. */
    boolean resumeAllowedAt(long nowNanos, long minNanos) {
        synchronized (transitions) {
            if (lastResumeNanos != Long.MIN_VALUE && nowNanos - lastResumeNanos < minNanos) {
                return false;
            }
            lastResumeNanos = nowNanos;
            return true;
        }
    }

    /** Seconds until the next resume request is allowed (at least 1). */
    long resumeRetryAfterSeconds(long nowNanos, long minNanos) {
        long left = lastResumeNanos == Long.MIN_VALUE ? 0 : minNanos - (nowNanos - lastResumeNanos);
        return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
    }

    /** True once per round: a round that reaches this session twice (a rescheduled timer, a retry) sends once. */
    boolean firstTimeIn(long round) {
        synchronized (this) {
            if (lastTimedRound >= round) {
                return false;
            }
            lastTimedRound = round;
            return true;
        }
    }

    void heard(long nowNanos) {
        lastHeardNanos = nowNanos;
    }

    void pinged(long nowNanos) {
        lastPingNanos = nowNanos;
    }

    ViewerConnection connection() {
        return connection;
    }

    public ViewerState state() {
        return state;
    }

    public String tenantId() {
        return tenantId;
    }

    public String tenantSlug() {
        return tenantSlug;
    }

    public String user() {
        return user;
    }

    public String familyId() {
        return familyId;
    }

    public String reportId() {
        return reportId;
    }

    public String tokenId() {
        return tokenId;
    }

    public TokenLife tokenLife() {
        return tokenLife;
    }

    public TokenReason lastReason() {
        return lastReason;
    }

    public Instant openedAt() {
        return openedAt;
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }

    long lastPingNanos() {
        return lastPingNanos;
    }
}
