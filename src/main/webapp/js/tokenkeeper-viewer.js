/*
 * Tokenkeeper viewer client: keeps one report's embed token fresh over the viewer channel
 * (WebSocket /ws/viewer). Plain JavaScript, no build step and no dependencies:
 *
 *   <script src="/js/tokenkeeper-viewer.js"></script>
 *   const viewer = TokenkeeperViewer.connect({
 *     url: TokenkeeperViewer.urlFor('/ws/viewer'),      // or a list of them, one per node: see below
 *     accessToken: () => myApp.currentAccessToken(),   // a string or a Promise of one; asked again on every reconnect
 *     reportId: 'sales',
 *     onToken(message) { ... },   // {type, token, tokenId, expiration, reportId, embedUrl, reason}
 *     onState(state) { ... },     // connecting | connected | reconnecting | paused | expired | refused | closed
 *     onPaused(info) { ... },     // the tenant's capacity is paused: {canResume, resumableBy, opensAt, mode, state, message}
 *     onError(code, message) { ... } // ClientError_TokenExpired, CapacityPaused, ResumeRefused, Refused, AccessTokenUnavailable, ...
 *   });
 *   viewer.interaction('filter');  // or 'page', 'visual'
 *   viewer.resume();               // while paused, for a user who may resume (info.canResume): asks the server to start it
 *
 * A paused capacity is not an error of the viewer: the token it holds may lapse meanwhile without the
 * expired state, and when the capacity is active again the server sends a token with reason "resumed",
 * which brings the viewer back to connected.
 *
 * Several nodes without a load balancer in front: give url a list ([urlFor(...), 'wss://node2/ws/viewer', ...]).
 * The viewer starts at a random one of them, so a wall of TVs spreads over the nodes, and moves to the
 * next one on every reconnect, after the same jittered backoff: when a node dies its viewers try the
 * others, spread out in time, and a node that joins gets its share as viewers reconnect.
 *
 * In Node, require() returns the same object (the unit tests use it with a fake WebSocket and timers).
 */
(function (root, factory) {
    'use strict';
    const api = factory(root);
    if (typeof module === 'object' && module.exports) {
        module.exports = api;
    } else {
        root.TokenkeeperViewer = api;
    }
}(typeof globalThis !== 'undefined' ? globalThis : this, function (root) {
    'use strict';

    const TOKEN_EXPIRED = 'ClientError_TokenExpired';
    const CAPACITY_PAUSED = 'CapacityPaused';
    const KINDS = ['filter', 'page', 'visual'];
    /** WebSocket close code 1008 (RFC 6455 §7.4.1, policy violation): the server refused our hello. */
    const POLICY_VIOLATION = 1008;
    const OPEN = 1;
    /** setTimeout cannot wait longer than 2^31-1 ms. */
    const LONGEST_TIMER = 2147483647;

    /**
     * "Full jitter" backoff: a uniformly random wait in [0, min(cap, base * 2^attempt)). Viewers that
     * one server dropped together then come back spread out instead of all at the same instant.
     */
    function backoffDelay(attempt, baseMs, capMs, random) {
        const ceiling = Math.min(capMs, baseMs * Math.pow(2, Math.min(attempt, 30)));
        return Math.floor(random() * ceiling);
    }

    /** ws:// or wss:// URL of a path relative to the current page (WebSocket wants an absolute URL in older browsers). */
    function urlFor(path, base) {
        const url = new URL(path, base || root.location.href);
        url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
        return url.toString();
    }

    /**
     * One line for a person about a paused capacity (the onPaused info): whether they can resume it,
     * who can, or when the scheduled window opens. Pages with their own wording need not use it.
     */
    function describePaused(info, formatTime) {
        const when = formatTime || function (iso) {
            const date = new Date(iso);
            return isNaN(date.getTime()) ? iso : date.toLocaleString();
        };
        const lead = 'Paused to save cost';
        if (!info) {
            return lead + '.';
        }
        if (info.state === 'resuming') {
            return 'Starting the capacity again: the report is back in a moment.';
        }
        if (info.canResume) {
            return lead + ' — tap to resume.';
        }
        if (info.opensAt) {
            return lead + ': it starts again when its next window opens, ' + when(info.opensAt) + '.';
        }
        if (info.resumableBy && info.resumableBy.length) {
            return lead + '. ' + info.resumableBy.join(', ') + (info.resumableBy.length === 1 ? ' can' : ' can each')
                + ' resume it by opening the report, or an administrator can start it.';
        }
        if (info.mode === 'manual' || info.mode === 'scheduled') {
            return lead + '. An administrator must start it.';
        }
        return lead + '. Ask an administrator to start it.';
    }

    function connect(options) {
        const urls = options && Array.isArray(options.url) ? options.url.slice() : [options && options.url];
        if (!urls.length || urls.some(function (url) {
            return typeof url !== 'string' || !url;
        })) {
            throw new TypeError('TokenkeeperViewer.connect: url (the ws:// or wss:// URL of /ws/viewer, or a non-empty list of them) is required');
        }
        if (typeof options.accessToken !== 'function') {
            throw new TypeError('TokenkeeperViewer.connect: accessToken must be a function returning the user\'s access token (or a Promise of it)');
        }
        if (typeof options.reportId !== 'string' || !options.reportId) {
            throw new TypeError('TokenkeeperViewer.connect: reportId is required');
        }
        const env = {
            WebSocket: options.WebSocket || root.WebSocket,
            setTimeout: options.setTimeout || function (fn, ms) {
                return root.setTimeout(fn, ms);
            },
            clearTimeout: options.clearTimeout || function (id) {
                root.clearTimeout(id);
            },
            now: options.now || Date.now,
            random: options.random || Math.random
        };
        const backoff = {
            baseMs: (options.backoff && options.backoff.baseMs) || 1000,
            capMs: (options.backoff && options.backoff.capMs) || 30000
        };

        /** Which of the urls the next socket opens; a random start spreads the viewers of one page over the nodes. */
        let urlIndex = urls.length > 1 ? Math.floor(env.random() * urls.length) % urls.length : 0;
        let socket = null;
        let state = null;
        let current = null;
        let attempt = 0;
        let refusals = 0;
        let hadToken = false;
        let expired = false;
        /** The last CapacityPaused info while the capacity is paused, else null. */
        let paused = null;
        let closedByPage = false;
        let retryTimer = null;
        let expiryTimer = null;

        function call(callback, ...args) {
            if (typeof callback !== 'function') {
                return;
            }
            try {
                callback(...args);
            } catch (e) {
                // a page's callback that throws must not stop the token flow
                if (typeof console !== 'undefined') {
                    console.error('TokenkeeperViewer: a callback threw', e);
                }
            }
        }

        function setState(next) {
            if (state !== next) {
                state = next;
                call(options.onState, next);
            }
        }

        function clearTimers() {
            if (retryTimer !== null) {
                env.clearTimeout(retryTimer);
                retryTimer = null;
            }
            if (expiryTimer !== null) {
                env.clearTimeout(expiryTimer);
                expiryTimer = null;
            }
        }

        async function open() {
            if (closedByPage || expired) {
                return;
            }
            setState(hadToken ? 'reconnecting' : 'connecting');
            let accessToken;
            try {
                // asked every time: after a long outage the page's access token may have been refreshed
                accessToken = await options.accessToken();
            } catch (e) {
                call(options.onError, 'AccessTokenUnavailable', (e && e.message) || String(e));
                scheduleRetry();
                return;
            }
            if (closedByPage || expired) {
                return;
            }
            if (typeof accessToken !== 'string' || !accessToken) {
                call(options.onError, 'AccessTokenUnavailable', 'accessToken() gave no token');
                scheduleRetry();
                return;
            }
            let ws;
            try {
                ws = new env.WebSocket(urls[urlIndex]);
            } catch (e) {
                call(options.onError, 'ConnectionFailed', (e && e.message) || String(e));
                scheduleRetry();
                return;
            }
            socket = ws;
            // a reconnect is a hello after we had a token: the server answers it with reason "reconnect"
            const reconnect = hadToken;
            ws.onopen = function () {
                // the access token travels in the first message, never in the URL (it would end up in logs)
                ws.send(JSON.stringify({type: 'hello', accessToken: accessToken, reportId: options.reportId, reconnect: reconnect}));
            };
            ws.onmessage = function (event) {
                if (ws === socket) {
                    receive(event.data);
                }
            };
            ws.onerror = function () {
                // always followed by a close event, which decides what happens next
            };
            ws.onclose = function (event) {
                if (ws === socket) {
                    socket = null;
                    closed(event || {});
                }
            };
        }

        function receive(data) {
            let message;
            try {
                message = JSON.parse(data);
            } catch (e) {
                return;
            }
            if (!message || typeof message !== 'object') {
                return;
            }
            if (message.type === 'token' && typeof message.token === 'string') {
                current = message;
                hadToken = true;
                attempt = 0;
                refusals = 0;
                // a token after the expired state (the server had one after all) brings the viewer back
                expired = false;
                // and a token while paused (reason "resumed") means the capacity is serving again
                paused = null;
                armLocalExpiry(message.expiration);
                setState('connected');
                call(options.onToken, message);
            } else if (message.type === 'error') {
                if (message.code === TOKEN_EXPIRED) {
                    declareExpired(message.message || 'The report\'s token expired and no fresh one came');
                } else if (message.code === CAPACITY_PAUSED) {
                    pause(message);
                } else {
                    call(options.onError, message.code, message.message);
                }
            }
        }

        /**
         * The capacity paused: the page shows that (with a resume button when allowed) instead of an
         * error. The token held may lapse meanwhile: the local expiry is off, as the server's is.
         * The socket stays; the server sends a "resumed" token when the capacity is back.
         */
        function pause(message) {
            paused = {
                canResume: message.canResume === true,
                resumableBy: Array.isArray(message.resumableBy) ? message.resumableBy.slice() : [],
                opensAt: typeof message.opensAt === 'string' ? message.opensAt : null,
                mode: message.mode || null,
                state: message.state || 'paused',
                message: message.message || 'The report\'s capacity is paused to save cost'
            };
            // an expired viewer can come back this way too: the resumed token brings a fresh start
            expired = false;
            if (expiryTimer !== null) {
                env.clearTimeout(expiryTimer);
                expiryTimer = null;
            }
            setState('paused');
            call(options.onPaused, Object.assign({}, paused));
            call(options.onError, CAPACITY_PAUSED, paused.message);
        }

        /** Asks the server to start the paused capacity; false when there is nothing to resume or no open socket. */
        function resume() {
            if (!paused || !socket || socket.readyState !== OPEN) {
                return false;
            }
            socket.send(JSON.stringify({type: 'resume'}));
            return true;
        }

        function closed(event) {
            if (closedByPage) {
                setState('closed');
                return;
            }
            if (expired) {
                // no reconnect loop once expired: only a reload helps, as with Power BI
                return;
            }
            if (event.code === POLICY_VIOLATION) {
                refusals++;
                if (refusals >= 2) {
                    clearTimers();
                    setState('refused');
                    call(options.onError, 'Refused', event.reason || 'The server refused this viewer');
                    return;
                }
                // once more, with a fresh access token: the old one may just have expired
            }
            scheduleRetry();
        }

        function scheduleRetry() {
            if (closedByPage || expired || retryTimer !== null) {
                return;
            }
            setState(hadToken ? 'reconnecting' : 'connecting');
            const delay = backoffDelay(attempt, backoff.baseMs, backoff.capMs, env.random);
            attempt++;
            urlIndex = (urlIndex + 1) % urls.length; // the next node: the one that dropped us may be gone
            retryTimer = env.setTimeout(function () {
                retryTimer = null;
                open();
            }, delay);
        }

        /**
         * The server says when a token lapsed, but a page cut off from it (sleeping laptop, dead
         * network) would never hear it: so the page also declares expiry itself when the token's
         * expiration passes with no new token.
         */
        function armLocalExpiry(expiration) {
            if (expiryTimer !== null) {
                env.clearTimeout(expiryTimer);
                expiryTimer = null;
            }
            const at = Date.parse(expiration);
            if (isNaN(at)) {
                return;
            }
            const wait = at - env.now();
            if (wait <= 0) {
                // the server just sent it as valid, so this browser's clock is off: trust the server's word
                return;
            }
            expiryTimer = env.setTimeout(function () {
                expiryTimer = null;
                declareExpired('The report\'s token expired at ' + expiration + ' and no fresh one arrived');
            }, Math.min(wait, LONGEST_TIMER));
        }

        function declareExpired(message) {
            if (expired || closedByPage) {
                return;
            }
            expired = true;
            clearTimers();
            setState('expired');
            call(options.onError, TOKEN_EXPIRED, message);
        }

        function interaction(kind) {
            if (KINDS.indexOf(kind) < 0) {
                throw new TypeError('interaction kind must be one of ' + KINDS.join(', ') + ', not ' + kind);
            }
            if (!socket || socket.readyState !== OPEN || expired) {
                return false;
            }
            socket.send(JSON.stringify({type: 'interaction', kind: kind}));
            return true;
        }

        function close() {
            closedByPage = true;
            clearTimers();
            const ws = socket;
            socket = null;
            if (ws) {
                try {
                    ws.close(1000, 'page closed the viewer');
                } catch (e) {
                    // already closing
                }
            }
            setState('closed');
        }

        open();

        return {
            interaction: interaction,
            resume: resume,
            close: close,
            get state() {
                return state;
            },
            /** The last token message, or null. */
            get token() {
                return current;
            },
            /** While the capacity is paused, what the server said about it (a copy); else null. */
            get paused() {
                return paused ? Object.assign({}, paused) : null;
            }
        };
    }

    return {
        connect: connect,
        urlFor: urlFor,
        backoffDelay: backoffDelay,
        describePaused: describePaused,
        TOKEN_EXPIRED: TOKEN_EXPIRED,
        CAPACITY_PAUSED: CAPACITY_PAUSED,
        INTERACTION_KINDS: KINDS.slice()
    };
}));
