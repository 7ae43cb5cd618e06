/*
 * "Show on a TV": the device flow (RFC 8628) as a TV would run it against the demo tenant. The page
 * asks for a device code with the demo app's client_id only (a TV keeps no secret), shows the user
 * code and the verification URL big, polls the token endpoint at the interval the server asks
 * (slower after slow_down), and once approved opens the demo report viewer with the obtained token:
 * it hands the session over exactly as the viewer's own sign-in stores it, and the viewer takes it from there.
 */
(function () {
    'use strict';

    const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
    const VIEWER_SESSION_KEY = 'tokenkeeper.demo.session';
    const $ = (id) => document.getElementById(id);
    const root = new URL('../../', location.href);
    /** For the browser test and a curious developer: what the page is doing. */
    const tv = window.tokenkeeperTv = {state: 'starting', interval: 5, polls: 0};
    let deadline = 0;
    let timer = null;

    async function post(path, form) {
        const response = await fetch(new URL(path, root), {
            method: 'POST',
            headers: {'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/json'},
            body: new URLSearchParams(form).toString()
        });
        return {status: response.status, body: await response.json().catch(() => ({}))};
    }

    async function start() {
        clearTimeout(timer);
        $('problem').hidden = true;
        status('asking for a code');
        try {
            const demo = await (await fetch(new URL('api/demo/tv', root), {headers: {'Accept': 'application/json'}})).json();
            tv.clientId = demo.clientId;
            tv.reportId = demo.reportId;
            const reply = await post('login/device/code', {client_id: demo.clientId});
            if (reply.status !== 200) {
                return problem('No device code: ' + (reply.body.error_description || reply.body.error || 'HTTP ' + reply.status));
            }
            tv.deviceCode = reply.body.device_code;
            tv.interval = reply.body.interval || 5;
            deadline = Date.now() + reply.body.expires_in * 1000;
            // the page this server serves, wherever it is reached from; the server's own verification_uri is shown
            const page = new URL('login/device', root);
            page.searchParams.set('user_code', reply.body.user_code);
            $('verification-uri').textContent = reply.body.verification_uri;
            $('verification-uri').href = page.toString();
            $('user-code').textContent = reply.body.user_code;
            $('waiting').hidden = false;
            tv.userCode = reply.body.user_code;
            status('waiting for approval');
            tick();
            schedule();
        } catch (e) {
            problem('The server cannot be reached: ' + e.message);
        }
    }

    function schedule() {
        timer = setTimeout(poll, tv.interval * 1000);
    }

    async function poll() {
        tv.polls++;
        let reply;
        try {
            reply = await post('login/oauth/access_token', {grant_type: DEVICE_GRANT, device_code: tv.deviceCode, client_id: tv.clientId});
        } catch (e) {
            status('offline, retrying');
            return schedule();
        }
        if (reply.status === 200 && reply.body.access_token) {
            return signedIn(reply.body);
        }
        switch (reply.body.error) {
            case 'authorization_pending':
                status('waiting for approval');
                return schedule();
            case 'slow_down':
                // RFC 8628 §3.5: five seconds more from now on (GitHub also says the new interval)
                tv.interval = reply.body.interval || tv.interval + 5;
                status('slowing down to every ' + tv.interval + ' s');
                return schedule();
            case 'expired_token':
                return problem('The code expired before it was approved.');
            case 'access_denied':
                return problem('Access was denied on the phone.');
            default:
                if (reply.status === 429 || reply.status === 503) {
                    return schedule();
                }
                return problem('Sign-in failed: ' + (reply.body.error_description || reply.body.error || 'HTTP ' + reply.status));
        }
    }

    function signedIn(body) {
        clearTimeout(timer);
        status('approved');
        let user = 'tv';
        try {
            const payload = body.access_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
            user = JSON.parse(atob(payload)).sub || user;
        } catch (e) {
            // an opaque token (an app without expiring tokens) names no user: the viewer shows "tv"
        }
        sessionStorage.setItem(VIEWER_SESSION_KEY, JSON.stringify({
            user: user, reportId: tv.reportId, accessToken: body.access_token, refreshToken: body.refresh_token || null,
            expiresAt: Date.now() + (body.expires_in || 28800) * 1000
        }));
        location.assign(new URL('demo/', root).toString());
    }

    function problem(text) {
        clearTimeout(timer);
        status('stopped');
        $('waiting').hidden = true;
        $('problem-text').textContent = text;
        $('problem').hidden = false;
    }

    function status(text) {
        tv.state = text;
        $('status').textContent = text;
    }

    function tick() {
        const left = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
        $('remaining').textContent = Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0');
        if (!$('waiting').hidden) {
            setTimeout(tick, 1000);
        }
    }

    $('again').addEventListener('click', start);
    start();
}());
