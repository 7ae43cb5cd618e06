/*
 * The report alone, for an iframe at a builtin token's embedUrl ({issuer}/embed/reports/{id}).
 * It takes its embed token from the URL fragment (#token=…, never sent to a server) or from the
 * parent page:  frame.contentWindow.postMessage({type: 'tokenkeeper:token', token}, origin).
 * It tells the parent when it is ready ({type: 'tokenkeeper:ready'}: send the current token then)
 * and reports clicks on bars ({type: 'tokenkeeper:interaction', kind: 'visual'}).
 */
(function () {
    'use strict';

    const reportId = decodeURIComponent(location.pathname.replace(/\/+$/, '').split('/').pop());
    const chart = document.getElementById('chart');
    const status = document.getElementById('status');
    let token = null;
    let figures = null;
    let view = 'monthly';

    function fromFragment() {
        const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
        if (!match) {
            return null;
        }
        // out of the address bar and the history, now that it has been read
        history.replaceState(null, '', location.pathname + location.search);
        return decodeURIComponent(match[1]);
    }

    function tellParent(message) {
        if (window.parent !== window) {
            // nothing secret goes this way, so any embedding origin may hear it
            window.parent.postMessage(message, '*');
        }
    }

    async function load() {
        if (!token) {
            status.textContent = 'Waiting for an embed token…';
            return;
        }
        const response = await fetch(encodeURIComponent(reportId) + '/data', {
            headers: {'Authorization': 'EmbedToken ' + token, 'Accept': 'application/json'}
        });
        const body = await response.json().catch(() => ({}));
        if (!response.ok) {
            status.textContent = body.error === 'TokenExpired'
                ? 'TokenExpired: this report\'s token expired. Waiting for a fresh one…'
                : 'The report could not be shown: ' + (body.error_description || 'HTTP ' + response.status);
            return;
        }
        figures = body;
        status.textContent = figures.title;
        draw();
    }

    function draw() {
        TokenkeeperReportChart.draw(chart, figures, {
            view: view,
            onBarClick: () => tellParent({type: 'tokenkeeper:interaction', kind: 'visual', reportId: reportId})
        });
    }

    window.addEventListener('message', (event) => {
        const message = event.data;
        if (event.source !== window.parent || !message || message.type !== 'tokenkeeper:token' || typeof message.token !== 'string') {
            return;
        }
        token = message.token;
        load();
    });

    document.getElementById('view').addEventListener('change', (event) => {
        view = event.target.value;
        if (figures) {
            draw();
        }
        tellParent({type: 'tokenkeeper:interaction', kind: 'page', reportId: reportId});
    });

    token = fromFragment();
    load();
    tellParent({type: 'tokenkeeper:ready', reportId: reportId});
}());
