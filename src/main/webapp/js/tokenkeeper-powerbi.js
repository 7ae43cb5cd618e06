/*
 * Tokenkeeper adapter for Microsoft's powerbi-client (not bundled: the page loads powerbi-client and
 * embeds the report itself, then hands the report object over):
 *
 *   <script src="/js/tokenkeeper-viewer.js"></script>
 *   <script src="/js/tokenkeeper-powerbi.js"></script>
 *   const report = powerbi.embed(container, {type: 'report', tokenType: models.TokenType.Embed, accessToken, embedUrl, id});
 *   const link = TokenkeeperPowerBI.connect(report, {
 *     url: TokenkeeperViewer.urlFor('/ws/viewer'), accessToken: () => myApp.accessToken(), reportId: 'sales',
 *     expiration,                       // of the token the report was embedded with (ISO-8601), if known
 *     container,                        // the element the report is embedded in: the paused overlay goes over it
 *     onState, onError, onToken, onPaused // optional, as for TokenkeeperViewer.connect
 *   });
 *   link.resume();                      // what the overlay's Resume button does
 *
 * What it hides: powerbi-client has no "token expired" event. A fresh token set before expiry is
 * simply report.setAccessToken(token). Once the old one lapsed (an `error` event with TokenExpired,
 * 403) or when the fresh one arrives too late, setAccessToken is not enough: the report has to be
 * reloaded, so the adapter saves the active page and the filters, reloads and puts them back.
 * Report events that mean "the user is working with it" (page change, filters, data selection,
 * button click) are reported as interactions, which may earn a fresh token.
 *
 * A paused capacity (CapacityPaused) would make the report fail with an error of its own once its
 * token lapses or it next queries: instead the adapter lays an overlay over the report's container
 * saying "Paused to save cost", with a Resume button for a user who may resume it, or who can / when
 * the capacity's window opens. The token that comes with the resume (reason "resumed") is set like any
 * other, with a reload when the old one lapsed meanwhile; then the overlay goes.
 */
(function (root, factory) {
    'use strict';
    const api = factory(root);
    if (typeof module === 'object' && module.exports) {
        module.exports = api;
    } else {
        root.TokenkeeperPowerBI = api;
    }
}(typeof globalThis !== 'undefined' ? globalThis : this, function (root) {
    'use strict';

    /** powerbi-client event → interaction kind of the viewer channel. */
    const INTERACTIONS = {
        pageChanged: 'page',
        filtersApplied: 'filter',
        dataSelected: 'visual',
        buttonClicked: 'visual'
    };
    /** How long to wait for the report's `loaded` event after a reload before restoring anyway. */
    const LOADED_TIMEOUT_MS = 30000;

    /** Power BI reports a lapsed embed token as an `error` event: message "TokenExpired", status 403. */
    function isTokenExpired(event) {
        const detail = (event && (event.detail || event.details)) || {};
        const text = [detail.message, detail.errorCode, detail.detailedMessage].filter(Boolean).join(' ');
        return /TokenExpired|token (has )?expired/i.test(text);
    }

    /**
     * The adapter's logic, without a WebSocket: `onToken(message)` applies one token message to the
     * report; report events go to `options.sendInteraction(kind)`.
     */
    function attach(report, options) {
        if (!report || typeof report.on !== 'function' || typeof report.setAccessToken !== 'function') {
            throw new TypeError('TokenkeeperPowerBI: pass the report object that powerbi.embed(...) returned');
        }
        const env = {
            now: options.now || Date.now,
            setTimeout: options.setTimeout || function (fn, ms) {
                return root.setTimeout(fn, ms);
            },
            clearTimeout: options.clearTimeout || function (id) {
                root.clearTimeout(id);
            }
        };
        const sendInteraction = options.sendInteraction || function () {
            return false;
        };
        const loadedTimeoutMs = options.loadedTimeoutMs || LOADED_TIMEOUT_MS;

        /** Expiry of the token the report holds now; NaN when unknown (then only an error event tells). */
        let heldExpiration = Date.parse(options.expiration);
        /** The report said its token lapsed: the next token needs a reload. */
        let lapsed = false;
        /** Restoring page and filters after a reload fires the same events a user would: they are not interactions. */
        let restoring = false;
        let latest = null;
        let queue = Promise.resolve();
        const handlers = [];

        function listen(name, handler) {
            report.on(name, handler);
            handlers.push([name, handler]);
        }

        Object.keys(INTERACTIONS).forEach(function (eventName) {
            listen(eventName, function () {
                if (!restoring) {
                    sendInteraction(INTERACTIONS[eventName]);
                }
            });
        });
        listen('error', function (event) {
            if (!isTokenExpired(event)) {
                return;
            }
            lapsed = true;
            // a token that is still good may already be here (the set came too late): use it now
            if (latest && Date.parse(latest.expiration) > env.now()) {
                enqueue(latest, true);
            }
        });

        function enqueue(message, forceReload) {
            // one token at a time: two overlapping reloads would fight over page and filters
            queue = queue.then(function () {
                return apply(message, forceReload);
            }, function () {
                return apply(message, forceReload);
            });
            return queue;
        }

        async function apply(message, forceReload) {
            const late = forceReload || lapsed || (!isNaN(heldExpiration) && env.now() >= heldExpiration);
            if (!late) {
                await report.setAccessToken(message.token);
                heldExpiration = Date.parse(message.expiration);
                return 'set';
            }
            await reloadKeepingView(message.token);
            heldExpiration = Date.parse(message.expiration);
            lapsed = false;
            return 'reloaded';
        }

        async function reloadKeepingView(token) {
            let page = null;
            let filters = null;
            try {
                page = await report.getActivePage();
            } catch (e) {
                page = null;
            }
            try {
                filters = await report.getFilters();
            } catch (e) {
                filters = null;
            }
            restoring = true;
            try {
                const loaded = nextLoaded();
                // the new token first, so that the reload runs with it
                await report.setAccessToken(token);
                await report.reload();
                await loaded;
                if (filters && filters.length) {
                    await report.setFilters(filters);
                }
                if (page && page.name) {
                    await report.setPage(page.name);
                }
            } finally {
                restoring = false;
            }
        }

        /** Resolves at the report's next `loaded` event, or after a while if none comes (then restoring is still worth a try). */
        function nextLoaded() {
            return new Promise(function (resolve) {
                let timer = null;
                const once = function () {
                    if (timer !== null) {
                        env.clearTimeout(timer);
                    }
                    if (typeof report.off === 'function') {
                        report.off('loaded', once);
                    }
                    resolve();
                };
                timer = env.setTimeout(once, loadedTimeoutMs);
                report.on('loaded', once);
            });
        }

        return {
            /** Applies one token message; resolves to 'set' or 'reloaded'. */
            onToken: function (message) {
                latest = message;
                return enqueue(message, false);
            },
            dispose: function () {
                if (typeof report.off === 'function') {
                    handlers.forEach(function (pair) {
                        // with the handler, so that the page's own handlers for the same event stay
                        report.off(pair[0], pair[1]);
                    });
                }
                handlers.length = 0;
            }
        };
    }

    /**
     * The "paused to save cost" layer over the report's container: text, and a Resume button when the
     * user may resume. Built with plain DOM calls from the container's own document, so a test can
     * hand over a fake one. Returns {show(info), hide()}.
     */
    function pausedOverlay(container, describe, onResume) {
        const doc = container.ownerDocument;
        let layer = null;
        let text = null;
        let button = null;

        function build() {
            layer = doc.createElement('div');
            layer.className = 'tokenkeeper-paused';
            layer.setAttribute('role', 'status');
            layer.setAttribute('aria-live', 'polite');
            layer.style.cssText = 'position:absolute;inset:0;display:flex;flex-direction:column;align-items:center;'
                + 'justify-content:center;gap:12px;padding:24px;text-align:center;background:rgba(246,247,249,0.94);'
                + 'color:#1d2433;font:16px system-ui,sans-serif;z-index:10';
            text = doc.createElement('p');
            button = doc.createElement('button');
            button.type = 'button';
            button.className = 'tokenkeeper-resume';
            button.textContent = 'Resume';
            button.addEventListener('click', function () {
                button.disabled = onResume() !== false;
            });
            layer.appendChild(text);
            layer.appendChild(button);
            if (container.style && !container.style.position) {
                container.style.position = 'relative'; // the layer is placed over the container, not the page
            }
            container.appendChild(layer);
        }

        return {
            show: function (info) {
                if (!layer) {
                    build();
                }
                text.textContent = describe(info);
                button.hidden = !info.canResume || info.state === 'resuming';
                button.disabled = false;
                layer.hidden = false;
            },
            hide: function () {
                if (layer) {
                    layer.hidden = true;
                }
            },
            get element() {
                return layer;
            }
        };
    }

    /** The viewer channel and the adapter together: tokens from the channel go to the report, its events back as interactions. */
    function connect(report, options) {
        const Viewer = options.viewer || root.TokenkeeperViewer;
        if (!Viewer) {
            throw new TypeError('TokenkeeperPowerBI.connect: load tokenkeeper-viewer.js first (or pass options.viewer)');
        }
        let viewer = null;
        const overlay = options.container
            ? pausedOverlay(options.container, Viewer.describePaused || function (info) {
                return info.message;
            }, function () {
                return viewer ? viewer.resume() : false;
            })
            : null;
        const adapter = attach(report, {
            expiration: options.expiration,
            now: options.now,
            sendInteraction: function (kind) {
                return viewer ? viewer.interaction(kind) : false;
            }
        });
        viewer = Viewer.connect(Object.assign({}, options, {
            onPaused: function (info) {
                if (overlay) {
                    overlay.show(info);
                }
                if (typeof options.onPaused === 'function') {
                    options.onPaused(info);
                }
            },
            onState: function (state) {
                if (overlay && (state === 'expired' || state === 'refused' || state === 'closed')) {
                    overlay.hide(); // those have messages of their own
                }
                if (typeof options.onState === 'function') {
                    options.onState(state);
                }
            },
            onToken: function (message) {
                adapter.onToken(message).then(function (how) {
                    if (overlay) {
                        overlay.hide(); // after the token is in: a reload runs under the overlay, not in view
                    }
                    if (typeof options.onToken === 'function') {
                        options.onToken(message, how);
                    }
                }, function (e) {
                    if (typeof options.onError === 'function') {
                        options.onError('ReportUpdateFailed', (e && e.message) || String(e));
                    }
                });
            }
        }));
        return {
            viewer: viewer,
            interaction: function (kind) {
                return viewer.interaction(kind);
            },
            resume: function () {
                return viewer.resume();
            },
            close: function () {
                adapter.dispose();
                viewer.close();
            }
        };
    }

    return {
        attach: attach,
        connect: connect,
        pausedOverlay: pausedOverlay,
        isTokenExpired: isTokenExpired,
        INTERACTIONS: Object.assign({}, INTERACTIONS)
    };
}));
