'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const {FakeSocket, FakeTimers, FakeElement, settle} = require('./fakes.js');
const TokenkeeperPowerBI = require(path.join(__dirname, '../../main/webapp/js/tokenkeeper-powerbi.js'));
const TokenkeeperViewer = require(path.join(__dirname, '../../main/webapp/js/tokenkeeper-viewer.js'));

const START = Date.parse('2026-11-27T12:00:00Z');

/** Just enough of powerbi-client's Report: events, tokens, page, filters, reload. */
class FakeReport {
    constructor() {
        this.handlers = {};
        this.calls = [];
        this.page = {name: 'ReportSection2', displayName: 'Details'};
        this.filters = [{$schema: 'http://powerbi.com/product/schema#basic', target: {table: 'Sales', column: 'Region'}, operator: 'In', values: ['North']}];
    }

    on(name, handler) {
        (this.handlers[name] = this.handlers[name] || []).push(handler);
    }

    off(name, handler) {
        this.handlers[name] = (this.handlers[name] || []).filter((h) => handler && h !== handler);
    }

    emit(name, detail) {
        (this.handlers[name] || []).slice().forEach((h) => h({detail}));
    }

    async setAccessToken(token) {
        this.calls.push(['setAccessToken', token]);
    }

    async getActivePage() {
        this.calls.push(['getActivePage']);
        return this.page;
    }

    async getFilters() {
        this.calls.push(['getFilters']);
        return this.filters;
    }

    async reload() {
        this.calls.push(['reload']);
        // like the real report: back on its first page with no filters, then "loaded"
        setImmediate(() => {
            this.emit('pageChanged', {newPage: {name: 'ReportSection1'}});
            this.emit('loaded', {});
        });
    }

    async setFilters(filters) {
        this.calls.push(['setFilters', filters]);
        this.emit('filtersApplied', {filters});
    }

    async setPage(name) {
        this.calls.push(['setPage', name]);
        this.emit('pageChanged', {newPage: {name}});
    }

    names() {
        return this.calls.map((c) => c[0]);
    }
}

function message(token, expiresAt, reason) {
    return {type: 'token', token, tokenId: token, expiration: new Date(expiresAt).toISOString(), reportId: 'sales', reason: reason || 'interaction'};
}

function adapterFor(report, heldExpiresAt) {
    const timers = new FakeTimers(START);
    const sent = [];
    const adapter = TokenkeeperPowerBI.attach(report, {
        expiration: heldExpiresAt === undefined ? undefined : new Date(heldExpiresAt).toISOString(),
        now: timers.now, setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout,
        sendInteraction: (kind) => sent.push(kind)
    });
    return {adapter, timers, sent};
}

test('a token before the held one expires is set without a reload', async () => {
    const report = new FakeReport();
    const {adapter} = adapterFor(report, START + 60000);
    assert.equal(await adapter.onToken(message('fresh', START + 3600000)), 'set');
    assert.deepEqual(report.calls, [['setAccessToken', 'fresh']]);
});

test('a token that arrives after the held one expired reloads the report and keeps page and filters', async () => {
    const report = new FakeReport();
    const {adapter, timers, sent} = adapterFor(report, START + 60000);
    timers.advance(61000);
    assert.equal(await adapter.onToken(message('late', START + 3600000)), 'reloaded');
    assert.deepEqual(report.names(), ['getActivePage', 'getFilters', 'setAccessToken', 'reload', 'setFilters', 'setPage']);
    assert.deepEqual(report.calls[2], ['setAccessToken', 'late']);
    assert.deepEqual(report.calls[4], ['setFilters', report.filters]);
    assert.deepEqual(report.calls[5], ['setPage', 'ReportSection2']);
    assert.deepEqual(sent, [], 'restoring the view is not the user interacting');
});

test('after a TokenExpired error the next token reloads the report', async () => {
    const report = new FakeReport();
    const {adapter} = adapterFor(report, undefined);
    report.emit('error', {message: 'TokenExpired', detailedMessage: 'Access token has expired, resubmit with a new access token', errorCode: '403'});
    assert.equal(await adapter.onToken(message('after-error', START + 3600000)), 'reloaded');
    assert.ok(report.names().includes('reload'));
    assert.equal(await adapter.onToken(message('next', START + 7200000)), 'set', 'and the one after that is set normally');
});

test('a TokenExpired error when a good token is already here reloads with it at once', async () => {
    const report = new FakeReport();
    const {adapter} = adapterFor(report, START + 600000);
    await adapter.onToken(message('good', START + 3600000));
    report.emit('error', {message: 'TokenExpired'});
    await settle();
    await settle();
    assert.deepEqual(report.calls.filter((c) => c[0] === 'setAccessToken').map((c) => c[1]), ['good', 'good']);
    assert.ok(report.names().includes('reload'));
});

test('other errors change nothing', async () => {
    const report = new FakeReport();
    const {adapter} = adapterFor(report, START + 600000);
    report.emit('error', {message: 'Could not set page', errorCode: '400'});
    assert.equal(await adapter.onToken(message('fresh', START + 3600000)), 'set');
});

test('report events are reported as interactions', () => {
    const report = new FakeReport();
    const {sent} = adapterFor(report, START + 600000);
    report.emit('pageChanged', {newPage: {name: 'p2'}});
    report.emit('filtersApplied', {filters: []});
    report.emit('dataSelected', {dataPoints: []});
    report.emit('buttonClicked', {title: 'Go'});
    report.emit('rendered', {});
    assert.deepEqual(sent, ['page', 'filter', 'visual', 'visual']);
});

test('dispose removes only the adapter\'s own handlers', () => {
    const report = new FakeReport();
    const pages = [];
    report.on('pageChanged', () => pages.push('page handler of the page'));
    const {adapter, sent} = adapterFor(report, START + 600000);
    adapter.dispose();
    report.emit('pageChanged', {});
    assert.deepEqual(sent, []);
    assert.deepEqual(pages, ['page handler of the page']);
});

test('TokenExpired is recognised in the shapes powerbi-client uses', () => {
    assert.ok(TokenkeeperPowerBI.isTokenExpired({detail: {message: 'TokenExpired'}}));
    assert.ok(TokenkeeperPowerBI.isTokenExpired({details: {message: 'x', detailedMessage: 'Access token has expired'}}));
    assert.ok(!TokenkeeperPowerBI.isTokenExpired({detail: {message: 'LoadReportFailed'}}));
    assert.ok(!TokenkeeperPowerBI.isTokenExpired(undefined));
});

test('connect() wires the viewer channel to the report', async () => {
    FakeSocket.instances = [];
    const report = new FakeReport();
    const timers = new FakeTimers(START);
    const applied = [];
    const link = TokenkeeperPowerBI.connect(report, {
        viewer: TokenkeeperViewer, url: 'ws://localhost/ws/viewer', reportId: 'sales', accessToken: () => 'access',
        expiration: new Date(START + 600000).toISOString(), now: timers.now,
        WebSocket: FakeSocket, setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout,
        onToken: (m, how) => applied.push(how)
    });
    await settle();
    const socket = FakeSocket.instances[0];
    socket.serverOpens();
    socket.serverSends(message('initial', START + 3600000, 'initial'));
    await settle();
    assert.deepEqual(applied, ['set']);
    report.emit('filtersApplied', {});
    assert.deepEqual(socket.sent.at(-1), {type: 'interaction', kind: 'filter'});
    link.close();
    assert.equal(link.viewer.state, 'closed');
});

// ---- a paused capacity ---------------------------------------------------------------------------

function linkWithContainer(extra) {
    FakeSocket.instances = [];
    const report = new FakeReport();
    const timers = new FakeTimers(START);
    const container = new FakeElement('div');
    const seen = {applied: [], paused: [], states: []};
    const link = TokenkeeperPowerBI.connect(report, Object.assign({
        viewer: TokenkeeperViewer, url: 'ws://localhost/ws/viewer', reportId: 'sales', accessToken: () => 'access',
        expiration: new Date(START + 300000).toISOString(), now: timers.now, container,
        WebSocket: FakeSocket, setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout,
        onToken: (m, how) => seen.applied.push(how), onPaused: (info) => seen.paused.push(info),
        onState: (s) => seen.states.push(s)
    }, extra || {}));
    return {report, timers, container, seen, link, socket: () => FakeSocket.instances.at(-1)};
}

function paused(fields) {
    return Object.assign({type: 'error', code: 'CapacityPaused', state: 'paused', mode: 'on-demand', message: 'paused'}, fields);
}

test('a paused capacity lays an overlay with a Resume button over the report, for a user who may resume', async () => {
    const {container, seen, socket} = linkWithContainer();
    await settle();
    socket().serverOpens();
    socket().serverSends(message('initial', START + 300000, 'initial'));
    await settle();
    socket().serverSends(paused({canResume: true}));
    const layer = container.find('tokenkeeper-paused');
    assert.ok(layer, 'an overlay in the report container');
    assert.equal(layer.hidden, false);
    assert.equal(container.style.position, 'relative', 'so the overlay covers the report');
    assert.match(layer.children[0].textContent, /Paused to save cost — tap to resume/);
    const button = container.find('tokenkeeper-resume');
    assert.equal(button.hidden, false);
    button.click();
    assert.deepEqual(socket().sent.at(-1), {type: 'resume'});
    assert.equal(button.disabled, true, 'one tap is enough');
    assert.equal(seen.paused.length, 1, 'the page\'s own onPaused is called too');
    assert.ok(seen.states.includes('paused'));
});

test('for a user who may not resume, the overlay names who can and has no button', async () => {
    const {container, socket} = linkWithContainer();
    await settle();
    socket().serverOpens();
    socket().serverSends(paused({canResume: false, resumableBy: ['tv-lobby']}));
    assert.match(container.find('tokenkeeper-paused').children[0].textContent, /tv-lobby can resume it/);
    assert.equal(container.find('tokenkeeper-resume').hidden, true);
});

test('the resumed token after a pause that outlived the old token reloads the report and removes the overlay', async () => {
    const {report, timers, container, seen, socket} = linkWithContainer();
    await settle();
    socket().serverOpens();
    socket().serverSends(message('initial', START + 300000, 'initial'));
    await settle();
    socket().serverSends(paused({canResume: true}));
    timers.advance(20 * 60000); // the embedded token (5 minutes) lapsed during the pause
    assert.ok(!seen.states.includes('expired'));
    socket().serverSends(message('after-pause', timers.now() + 3600000, 'resumed'));
    await settle();
    await settle();
    await settle();
    assert.deepEqual(seen.applied, ['set', 'reloaded']);
    assert.ok(report.names().includes('reload'));
    assert.equal(container.find('tokenkeeper-paused').hidden, true);
});

test('a resumed token while the old one is still good is simply set', async () => {
    const {report, container, seen, socket} = linkWithContainer();
    await settle();
    socket().serverOpens();
    socket().serverSends(paused({canResume: true}));
    socket().serverSends(message('resumed', START + 3600000, 'resumed'));
    await settle();
    assert.deepEqual(seen.applied, ['set']);
    assert.ok(!report.names().includes('reload'));
    assert.equal(container.find('tokenkeeper-paused').hidden, true);
});

test('without a container the adapter only passes the pause on', async () => {
    const {seen, socket, link} = linkWithContainer({container: undefined});
    await settle();
    socket().serverOpens();
    socket().serverSends(paused({canResume: true}));
    assert.equal(seen.paused.length, 1);
    assert.equal(link.resume(), true);
    assert.deepEqual(socket().sent.at(-1), {type: 'resume'});
});

test('attach() refuses something that is not a report', () => {
    assert.throws(() => TokenkeeperPowerBI.attach({}, {}), /powerbi.embed/);
});
