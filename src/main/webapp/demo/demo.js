/*
 * The demo viewer page: sign in as any name, then watch the builtin report "demo-sales" stay
 * viewable while its embed token is refreshed over the viewer channel. Everything the page knows
 * comes from the same public routes a customer's page would use.
 */
(function () {
    'use strict';

    const STORAGE_KEY = 'tokenkeeper.demo.session';
    const $ = (id) => document.getElementById(id);
    /** For a curious developer's console (and the browser test): the live objects of this page. */
    const demo = window.tokenkeeperDemo = {viewer: null, current: null, tokens: [], figures: null, session: null, paused: null};
    let view = 'monthly';
    let region = 'all';
    let selected = null;

    // ---- sign-in ------------------------------------------------------------------------------

    function loadSession() {
        try {
            const session = JSON.parse(sessionStorage.getItem(STORAGE_KEY));
            // kept for the tab only, so that Reload returns to the report without signing in again
            return session && session.accessToken && session.expiresAt > Date.now() ? session : null;
        } catch (e) {
            return null;
        }
    }

    async function signIn(name) {
        const response = await fetch('../api/demo/sign-in', {
            method: 'POST',
            headers: {'Content-Type': 'application/json', 'Accept': 'application/json'},
            body: JSON.stringify({name: name})
        });
        const body = await response.json().catch(() => ({}));
        if (!response.ok) {
            const fields = body.fields ? ' (' + Object.entries(body.fields).map(([k, v]) => k + ': ' + v).join('; ') + ')' : '';
            throw new Error((body.error_description || 'HTTP ' + response.status) + fields);
        }
        return {
            user: body.user, reportId: body.reportId, accessToken: body.access_token, refreshToken: body.refresh_token,
            expiresAt: Date.now() + body.expires_in * 1000
        };
    }

    $('sign-in-form').addEventListener('submit', async (event) => {
        event.preventDefault();
        $('sign-in-error').hidden = true;
        $('sign-in').disabled = true;
        try {
            const session = await signIn($('name').value.trim());
            sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
            open(session);
        } catch (e) {
            $('sign-in-error').textContent = 'Sign-in failed: ' + e.message;
            $('sign-in-error').hidden = false;
        } finally {
            $('sign-in').disabled = false;
        }
    });

    $('sign-out').addEventListener('click', () => {
        sessionStorage.removeItem(STORAGE_KEY);
        if (demo.viewer) {
            demo.viewer.close();
        }
        location.reload();
    });

    $('reload').addEventListener('click', () => location.reload());

    // ---- the viewer -------------------------------------------------------------------------------

    function open(session) {
        demo.session = session;
        $('sign-in-panel').hidden = true;
        $('viewer').hidden = false;
        $('who').hidden = false;
        $('user').textContent = session.user;
        log('signed in as ' + session.user + '; connecting to the viewer channel for report ' + session.reportId);
        demo.viewer = TokenkeeperViewer.connect({
            url: TokenkeeperViewer.urlFor('../ws/viewer'),
            // the demo keeps the user's access token for the tab; a real page would refresh it here when needed
            accessToken: () => session.accessToken,
            reportId: session.reportId,
            onToken: onToken,
            onState: onState,
            onPaused: onPaused,
            onError: onError
        });
        setInterval(tick, 1000);
    }

    function onToken(message) {
        demo.current = message;
        demo.tokens.push(message);
        $('expired').hidden = true;
        showPaused(null); // a token (reason "resumed" after a pause) means the capacity serves again
        $('token-id').textContent = message.tokenId;
        $('token-id').title = 'tokenId ' + message.tokenId;
        $('expires-at').textContent = new Date(message.expiration).toLocaleTimeString();
        $('refreshed-at').textContent = new Date().toLocaleTimeString();
        $('reason').textContent = message.reason;
        $('token-count').textContent = String(demo.tokens.length);
        tick();
        log('new embed token ' + message.tokenId.slice(0, 8) + '… (reason: ' + message.reason + ')');
        loadFigures(message);
    }

    function onState(state) {
        $('state').textContent = state;
        $('state').className = 'state ' + state;
        if (state === 'expired') {
            $('expired').hidden = false;
            showPaused(null);
        }
        log('connection ' + state);
    }

    /** The capacity paused: not an error of the page, a state with a way out (Resume) or an explanation. */
    function onPaused(info) {
        demo.paused = info;
        log('capacity ' + info.state + (info.canResume ? ' (you may resume it)' : ''));
        showPaused(info);
    }

    function showPaused(info) {
        $('paused').hidden = !info;
        document.querySelector('.card.report').classList.toggle('is-paused', !!info);
        if (!info) {
            demo.paused = null;
            return;
        }
        const resuming = info.state === 'resuming';
        $('paused-title').textContent = resuming ? 'Starting again…'
            : info.canResume ? 'Paused to save cost — tap to resume' : 'Paused to save cost';
        $('paused-message').textContent = info.canResume && !resuming
            ? 'The capacity that renders this report was paused to save cost. Resume starts it again; the report comes back by itself.'
            : TokenkeeperViewer.describePaused(info);
        $('resume').hidden = !info.canResume || resuming;
        $('resume').disabled = false;
        $('resume').textContent = 'Resume';
    }

    $('resume').addEventListener('click', () => {
        if (demo.viewer && demo.viewer.resume()) {
            $('resume').disabled = true;
            $('resume').textContent = 'Starting…';
            log('resume requested');
        } else {
            log('resume not sent: no open connection');
        }
    });

    function onError(code, message) {
        log('error ' + code + (message ? ': ' + message : ''));
        if (code === TokenkeeperViewer.CAPACITY_PAUSED) {
            return; // shown by onPaused
        } else if (code === 'ResumeRefused' || code === 'ResumeFailed') {
            $('paused-message').textContent = message;
            $('resume').disabled = false;
            $('resume').textContent = 'Resume';
            return;
        }
        if (code === TokenkeeperViewer.TOKEN_EXPIRED) {
            $('expired-message').textContent = message || 'The report\'s token expired and no fresh one arrived.';
            $('expired').hidden = false;
        } else if (code === 'Refused') {
            // the server no longer accepts this sign-in (e.g. the access token expired): start over
            sessionStorage.removeItem(STORAGE_KEY);
            notice('The server refused this viewer (' + message + '). Sign in again.');
            $('sign-in-panel').hidden = false;
        } else {
            notice(code + (message ? ': ' + message : ''));
        }
    }

    /** The report's data, read with the current embed token: proof that the token works. */
    async function loadFigures(message) {
        try {
            const response = await fetch('../embed/reports/' + encodeURIComponent(message.reportId) + '/data', {
                headers: {'Authorization': 'EmbedToken ' + message.token, 'Accept': 'application/json'}
            });
            const body = await response.json().catch(() => ({}));
            if (!response.ok) {
                notice('The report data was refused: ' + (body.error || response.status) + ' – ' + (body.error_description || ''));
                return;
            }
            demo.figures = body;
            render();
        } catch (e) {
            notice('The report data could not be loaded: ' + e.message);
        }
    }

    function render() {
        if (!demo.figures) {
            return;
        }
        $('report-title').textContent = demo.figures.title;
        const svg = TokenkeeperReportChart.draw($('chart'), demo.figures, {view: view, region: region, onBarClick: selectBar});
        if (selected) {
            svg.querySelectorAll('rect.bar').forEach((rect) => {
                if (rect.dataset.label === selected.label && rect.dataset.region === selected.region) {
                    rect.classList.add('selected');
                }
            });
        }
    }

    function selectBar(bar) {
        selected = bar;
        $('selection').textContent = 'Selected ' + bar.text;
        render();
        interaction('visual');
    }

    function interaction(kind) {
        const sent = demo.viewer ? demo.viewer.interaction(kind) : false;
        log('interaction ' + kind + (sent ? '' : ' (not sent: no open connection)'));
    }

    document.querySelectorAll('.page-tab').forEach((tab) => tab.addEventListener('click', () => {
        if (view === tab.dataset.view) {
            return;
        }
        view = tab.dataset.view;
        document.querySelectorAll('.page-tab').forEach((t) => t.setAttribute('aria-selected', String(t === tab)));
        render();
        interaction('page');
    }));

    $('region-filter').addEventListener('change', () => {
        region = $('region-filter').value;
        render();
        interaction('filter');
    });

    // ---- small helpers ------------------------------------------------------------------------------

    function tick() {
        if (!demo.current) {
            return;
        }
        const left = Date.parse(demo.current.expiration) - Date.now();
        if (left <= 0) {
            $('remaining').textContent = 'lapsed';
            return;
        }
        const seconds = Math.floor(left / 1000);
        const hours = Math.floor(seconds / 3600);
        const minutes = Math.floor((seconds % 3600) / 60);
        const rest = String(seconds % 60).padStart(2, '0');
        $('remaining').textContent = hours > 0 ? hours + ':' + String(minutes).padStart(2, '0') + ':' + rest : minutes + ':' + rest;
    }

    function notice(text) {
        $('notice').textContent = text;
        $('notice').hidden = false;
    }

    function log(text) {
        const item = document.createElement('li');
        item.textContent = new Date().toLocaleTimeString() + '  ' + text;
        $('events').prepend(item);
        while ($('events').children.length > 60) {
            $('events').lastElementChild.remove();
        }
    }

    const session = loadSession();
    if (session) {
        open(session);
    } else {
        $('name').focus();
    }
}());
