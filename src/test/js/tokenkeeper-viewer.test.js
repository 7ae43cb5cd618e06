'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const {FakeSocket, FakeTimers, settle} = require('./fakes.js');
const TokenkeeperViewer = require(path.join(__dirname, '../../main/webapp/js/tokenkeeper-viewer.js'));

const START = Date.parse('2026-11-27T12:00:00Z');

function token(reason, minutes, now) {
    return {
        type: 'token', token: 'eyJ.' + reason + '.' + minutes, tokenId: 'id-' + reason, reportId: 'sales',
        embedUrl: 'http://localhost:8080/embed/reports/sales', reason,
        expiration: new Date(now + minutes * 60000).toISOString()
    };
}

function viewerWith(overrides) {
    FakeSocket.instances = [];
    const timers = new FakeTimers(START);
    const seen = {tokens: [], states: [], errors: [], accessTokenCalls: 0};
    const options = Object.assign({
        url: 'ws://localhost/ws/viewer',
        reportId: 'sales',
        accessToken: () => {
            seen.accessTokenCalls++;
            return 'access-' + seen.accessTokenCalls;
        },
        onToken: (m) => seen.tokens.push(m),
        onState: (s) => seen.states.push(s),
        onError: (code, message) => seen.errors.push({code, message}),
        WebSocket: FakeSocket,
        setTimeout: timers.setTimeout,
        clearTimeout: timers.clearTimeout,
        now: timers.now,
        random: () => 0.5
    }, overrides || {});
    const viewer = TokenkeeperViewer.connect(options);
    return {viewer, timers, seen, socket: () => FakeSocket.instances[FakeSocket.instances.length - 1]};
}

test('says hello with the access token and report, and hands the first token over', async () => {
    const {viewer, seen, socket} = viewerWith();
    await settle();
    socket().serverOpens();
    assert.deepEqual(socket().sent, [{type: 'hello', accessToken: 'access-1', reportId: 'sales', reconnect: false}]);
    socket().serverSends(token('initial', 60, START));
    assert.equal(seen.tokens.length, 1);
    assert.equal(seen.tokens[0].reason, 'initial');
    assert.equal(viewer.state, 'connected');
    assert.deepEqual(seen.states, ['connecting', 'connected']);
    assert.equal(viewer.token.tokenId, 'id-initial');
});

test('accepts an access token given as a Promise', async () => {
    const {socket} = viewerWith({accessToken: () => Promise.resolve('from-promise')});
    await settle();
    socket().serverOpens();
    assert.equal(socket().sent[0].accessToken, 'from-promise');
});

test('reports an interaction, and refuses an unknown kind', async () => {
    const {viewer, socket} = viewerWith();
    await settle();
    socket().serverOpens();
    socket().serverSends(token('initial', 60, START));
    assert.equal(viewer.interaction('filter'), true);
    assert.deepEqual(socket().sent[1], {type: 'interaction', kind: 'filter'});
    assert.throws(() => viewer.interaction('scroll'), TypeError);
});

test('after the server drops the socket it reconnects with a fresh access token and reconnect: true', async () => {
    const {viewer, timers, seen, socket} = viewerWith();
    await settle();
    const first = socket();
    first.serverOpens();
    first.serverSends(token('initial', 60, START));
    first.serverCloses(1012, 'service restart');
    assert.equal(viewer.state, 'reconnecting');
    assert.equal(timers.delays.at(-1), 500, 'full jitter of the first step: random 0.5 × 1000 ms');
    timers.advance(500);
    await settle();
    const second = socket();
    assert.notEqual(second, first);
    second.serverOpens();
    assert.deepEqual(second.sent[0], {type: 'hello', accessToken: 'access-2', reportId: 'sales', reconnect: true});
    second.serverSends(token('reconnect', 60, timers.now()));
    assert.equal(viewer.state, 'connected');
    assert.equal(seen.tokens.at(-1).reason, 'reconnect');
});

test('a socket that never got a token reconnects with reconnect: false', async () => {
    const {timers, socket} = viewerWith();
    await settle();
    socket().serverCloses(1006);
    timers.advance(1000);
    await settle();
    socket().serverOpens();
    assert.equal(socket().sent[0].reconnect, false);
});

test('backoff doubles up to the cap, with full jitter, and starts over after a token', async () => {
    const {timers, socket} = viewerWith({random: () => 0.999999, backoff: {baseMs: 1000, capMs: 30000}});
    await settle();
    for (let i = 0; i < 7; i++) {
        socket().serverCloses(1006);
        timers.advance(60000);
        await settle();
    }
    assert.deepEqual(timers.delays.slice(0, 7), [999, 1999, 3999, 7999, 15999, 29999, 29999]);
    socket().serverOpens();
    socket().serverSends(token('initial', 60, timers.now()));
    socket().serverCloses(1006);
    assert.equal(timers.delays.at(-1), 999, 'a token resets the backoff');
});

test('full jitter can retry at once and never waits past the ceiling', () => {
    assert.equal(TokenkeeperViewer.backoffDelay(3, 1000, 30000, () => 0), 0);
    assert.equal(TokenkeeperViewer.backoffDelay(40, 1000, 30000, () => 0.999999), 29999);
});

test('ClientError_TokenExpired shows the expired state and stops reconnecting', async () => {
    const {viewer, timers, seen, socket} = viewerWith();
    await settle();
    socket().serverOpens();
    socket().serverSends(token('initial', 60, START));
    socket().serverSends({type: 'error', code: 'ClientError_TokenExpired', message: 'lapsed'});
    assert.equal(viewer.state, 'expired');
    assert.deepEqual(seen.errors, [{code: 'ClientError_TokenExpired', message: 'lapsed'}]);
    const sockets = FakeSocket.instances.length;
    socket().serverCloses(1012);
    timers.advance(120000);
    await settle();
    assert.equal(FakeSocket.instances.length, sockets, 'no reconnect once expired');
    assert.equal(viewer.interaction('page'), false);
});

test('a token whose expiration passes with no new one is treated as expired', async () => {
    const {viewer, timers, seen, socket} = viewerWith();
    await settle();
    socket().serverOpens();
    socket().serverSends(token('initial', 5, START));
    timers.advance(5 * 60000 - 1);
    assert.equal(viewer.state, 'connected');
    timers.advance(1);
    assert.equal(viewer.state, 'expired');
    assert.equal(seen.errors[0].code, 'ClientError_TokenExpired');
});

test('a fresh token before expiry moves the local deadline', async () => {
    const {viewer, timers, socket} = viewerWith();
    await settle();
    socket().serverOpens();
    socket().serverSends(token('initial', 5, START));
    timers.advance(4 * 60000);
    socket().serverSends(token('interaction', 5, timers.now()));
    timers.advance(2 * 60000);
    assert.equal(viewer.state, 'connected');
});

test('a token that arrives after the expired state brings the viewer back', async () => {
    const {viewer, seen, socket} = viewerWith();
    await settle();
    socket().serverOpens();
    socket().serverSends(token('initial', 5, START));
    socket().serverSends({type: 'error', code: 'ClientError_TokenExpired', message: 'lapsed'});
    socket().serverSends(token('timed', 5, START));
    assert.equal(viewer.state, 'connected');
    assert.equal(seen.tokens.at(-1).reason, 'timed');
});

test('other server errors go to onError without changing the state', async () => {
    const {viewer, seen, socket} = viewerWith();
    await settle();
    socket().serverOpens();
    socket().serverSends(token('initial', 60, START));
    socket().serverSends({type: 'error', code: 'ResumeRefused', message: 'only tv-lobby may resume'});
    assert.equal(viewer.state, 'connected');
    assert.deepEqual(seen.errors, [{code: 'ResumeRefused', message: 'only tv-lobby may resume'}]);
});

// ---- a paused capacity ---------------------------------------------------------------------------

function pausedMessage(fields) {
    return Object.assign({type: 'error', code: 'CapacityPaused', state: 'paused', mode: 'on-demand', canResume: false,
        message: 'The capacity is paused to save cost'}, fields || {});
}

async function pausedViewer(fields, overrides) {
    const seen = {paused: []};
    const v = viewerWith(Object.assign({onPaused: (info) => seen.paused.push(info)}, overrides || {}));
    await settle();
    v.socket().serverOpens();
    v.socket().serverSends(token('initial', 5, START));
    v.socket().serverSends(pausedMessage(fields));
    return Object.assign(v, {paused: seen.paused});
}

test('CapacityPaused puts the viewer in the paused state and hands over who may resume', async () => {
    const {viewer, seen, paused} = await pausedViewer({canResume: false, resumableBy: ['tv-lobby', 'ada']});
    assert.equal(viewer.state, 'paused');
    assert.deepEqual(seen.states, ['connecting', 'connected', 'paused']);
    assert.equal(paused.length, 1);
    assert.equal(paused[0].canResume, false);
    assert.deepEqual(paused[0].resumableBy, ['tv-lobby', 'ada']);
    assert.equal(paused[0].opensAt, null);
    assert.equal(paused[0].mode, 'on-demand');
    assert.equal(paused[0].message, 'The capacity is paused to save cost');
    assert.deepEqual(viewer.paused.resumableBy, ['tv-lobby', 'ada']);
    assert.equal(seen.errors.at(-1).code, 'CapacityPaused', 'pages that only listen to onError still hear of it');
});

test('a scheduled capacity says when its window opens', async () => {
    const {paused} = await pausedViewer({mode: 'scheduled', opensAt: '2026-11-28T11:00:00Z'});
    assert.equal(paused[0].opensAt, '2026-11-28T11:00:00Z');
});

test('while paused the token may lapse without the expired state', async () => {
    const {viewer, timers, seen} = await pausedViewer({canResume: true});
    timers.advance(30 * 60000);
    assert.equal(viewer.state, 'paused');
    assert.ok(!seen.errors.some((e) => e.code === 'ClientError_TokenExpired'), JSON.stringify(seen.errors));
});

test('resume() sends {"type":"resume"} while paused, and nothing otherwise', async () => {
    const {viewer, socket} = viewerWith();
    await settle();
    socket().serverOpens();
    socket().serverSends(token('initial', 60, START));
    assert.equal(viewer.resume(), false, 'not paused: nothing to resume');
    socket().serverSends(pausedMessage({canResume: true}));
    assert.equal(viewer.resume(), true);
    assert.deepEqual(socket().sent.at(-1), {type: 'resume'});
});

test('a resumed token brings the viewer back to connected with a fresh local deadline', async () => {
    const {viewer, timers, seen, socket} = await pausedViewer({canResume: true});
    timers.advance(20 * 60000);
    socket().serverSends(token('resumed', 5, timers.now()));
    assert.equal(viewer.state, 'connected');
    assert.equal(viewer.paused, null);
    assert.equal(seen.tokens.at(-1).reason, 'resumed');
    timers.advance(5 * 60000 - 1);
    assert.equal(viewer.state, 'connected');
    timers.advance(1);
    assert.equal(viewer.state, 'expired', 'the new token lapses as any other');
});

test('a change of the paused capacity (resuming) is handed over again', async () => {
    const {viewer, seen, paused, socket} = await pausedViewer({canResume: true});
    socket().serverSends(pausedMessage({canResume: true, state: 'resuming'}));
    assert.equal(viewer.state, 'paused');
    assert.equal(paused.length, 2);
    assert.equal(paused[1].state, 'resuming');
    assert.equal(seen.states.filter((s) => s === 'paused').length, 1, 'one state change');
});

test('an expired viewer that is told of a pause waits for the resume instead of a reload', async () => {
    const {viewer, socket} = viewerWith();
    await settle();
    socket().serverOpens();
    socket().serverSends(token('initial', 5, START));
    socket().serverSends({type: 'error', code: 'ClientError_TokenExpired', message: 'lapsed'});
    socket().serverSends(pausedMessage({canResume: true}));
    assert.equal(viewer.state, 'paused');
    assert.equal(viewer.resume(), true);
    socket().serverSends(token('resumed', 60, START));
    assert.equal(viewer.state, 'connected');
});

test('a paused viewer whose socket drops reconnects, and stays paused until the server says otherwise', async () => {
    const {viewer, timers, paused, socket} = await pausedViewer({canResume: false, resumableBy: ['tv-lobby']});
    const first = socket();
    first.serverCloses(1012, 'service restart');
    assert.equal(viewer.state, 'reconnecting');
    assert.equal(viewer.resume(), false, 'no socket to send it on');
    timers.advance(1000);
    await settle();
    socket().serverOpens();
    assert.equal(socket().sent[0].reconnect, true);
    socket().serverSends(pausedMessage({canResume: false, resumableBy: ['tv-lobby']}));
    assert.equal(viewer.state, 'paused');
    assert.equal(paused.length, 2);
});

test('a hello on a paused capacity: paused first, the first token comes with reason resumed', async () => {
    const seen = {paused: []};
    const {viewer, socket} = viewerWith({onPaused: (info) => seen.paused.push(info)});
    await settle();
    socket().serverOpens();
    socket().serverSends(pausedMessage({canResume: true}));
    assert.equal(viewer.state, 'paused');
    socket().serverSends(token('resumed', 60, START));
    assert.equal(viewer.state, 'connected');
    assert.equal(viewer.token.reason, 'resumed');
});

test('describePaused words each case for a person', () => {
    const describe = TokenkeeperViewer.describePaused;
    assert.equal(describe({canResume: true}), 'Paused to save cost — tap to resume.');
    assert.match(describe({canResume: false, resumableBy: ['tv-lobby']}), /tv-lobby can resume it/);
    assert.match(describe({canResume: false, opensAt: '2026-11-28T11:00:00Z'}, (iso) => 'at ' + iso),
        /next window opens, at 2026-11-28T11:00:00Z/);
    assert.match(describe({canResume: false, mode: 'manual', resumableBy: []}), /administrator must start it/);
    assert.match(describe({canResume: true, state: 'resuming'}), /Starting the capacity/);
});

test('a hello refused twice (close 1008) stops with the refused state', async () => {
    const {viewer, timers, seen, socket} = viewerWith();
    await settle();
    socket().serverCloses(1008, 'access token expired');
    timers.advance(1000);
    await settle();
    assert.equal(seen.accessTokenCalls, 2, 'the second try asks for a fresh access token');
    socket().serverCloses(1008, 'access token expired');
    assert.equal(viewer.state, 'refused');
    assert.deepEqual(seen.errors.at(-1), {code: 'Refused', message: 'access token expired'});
    timers.advance(120000);
    await settle();
    assert.equal(FakeSocket.instances.length, 2);
});

test('close() stops everything', async () => {
    const {viewer, timers, socket} = viewerWith();
    await settle();
    socket().serverOpens();
    socket().serverSends(token('initial', 5, START));
    viewer.close();
    assert.equal(viewer.state, 'closed');
    assert.equal(socket().closedWith.code, 1000);
    timers.advance(10 * 60000);
    await settle();
    assert.equal(viewer.state, 'closed');
    assert.equal(FakeSocket.instances.length, 1);
});

test('a failing accessToken() is reported and retried', async () => {
    let calls = 0;
    const {timers, seen} = viewerWith({
        accessToken: () => {
            calls++;
            if (calls === 1) {
                throw new Error('signed out');
            }
            return 'later';
        }
    });
    await settle();
    assert.deepEqual(seen.errors[0], {code: 'AccessTokenUnavailable', message: 'signed out'});
    assert.equal(FakeSocket.instances.length, 0);
    timers.advance(1000);
    await settle();
    assert.equal(FakeSocket.instances.length, 1);
});

test('a callback that throws does not stop the token flow', async () => {
    const original = console.error;
    console.error = () => {};
    try {
        const {viewer, socket} = viewerWith({onToken: () => { throw new Error('page bug'); }});
        await settle();
        socket().serverOpens();
        socket().serverSends(token('initial', 60, START));
        assert.equal(viewer.state, 'connected');
    } finally {
        console.error = original;
    }
});

test('urlFor turns a page-relative path into a ws(s) URL', () => {
    assert.equal(TokenkeeperViewer.urlFor('../ws/viewer', 'https://tokens.example/app/demo/'), 'wss://tokens.example/app/ws/viewer');
    assert.equal(TokenkeeperViewer.urlFor('/ws/viewer', 'http://localhost:8080/demo/'), 'ws://localhost:8080/ws/viewer');
});

test('connect() explains a missing option', () => {
    assert.throws(() => TokenkeeperViewer.connect({url: 'ws://x', reportId: 'r'}), /accessToken/);
    assert.throws(() => TokenkeeperViewer.connect({accessToken: () => 'a', reportId: 'r'}), /url/);
    assert.throws(() => TokenkeeperViewer.connect({url: 'ws://x', accessToken: () => 'a'}), /reportId/);
});

test('a list of URLs: starts at a random one and moves to the next on every reconnect, with jittered backoff', async () => {
    const urls = ['ws://node1/ws/viewer', 'ws://node2/ws/viewer', 'ws://node3/ws/viewer'];
    const randoms = [0.5, 0.25, 0.75, 0.1];   // the start (0.5 × 3 → node2), then one per backoff
    const {viewer, timers, socket} = viewerWith({url: urls, random: () => randoms.shift()});
    await settle();
    assert.equal(socket().url, 'ws://node2/ws/viewer');
    socket().serverOpens();
    socket().serverSends(token('initial', 60, START));
    socket().serverCloses(1012, 'service restart');
    assert.equal(viewer.state, 'reconnecting');
    assert.equal(timers.delays.at(-1), 250, 'full jitter: 0.25 × 1000 ms');
    timers.advance(250);
    await settle();
    assert.equal(socket().url, 'ws://node3/ws/viewer', 'the next node, not the one that dropped us');
    socket().serverCloses(1006, '');   // node3 is down too
    assert.equal(timers.delays.at(-1), 1500, 'full jitter of the second step: 0.75 × 2000 ms');
    timers.advance(1500);
    await settle();
    assert.equal(socket().url, 'ws://node1/ws/viewer', 'wraps around the list');
    socket().serverOpens();
    assert.equal(socket().sent[0].reconnect, true);
});

test('a list of URLs spreads viewers over the nodes', async () => {
    const urls = ['ws://a/ws/viewer', 'ws://b/ws/viewer'];
    const firsts = [];
    for (const r of [0, 0.49, 0.5, 0.99]) {
        const {socket} = viewerWith({url: urls, random: () => r});
        await settle();
        firsts.push(socket().url);
    }
    assert.deepEqual(firsts, ['ws://a/ws/viewer', 'ws://a/ws/viewer', 'ws://b/ws/viewer', 'ws://b/ws/viewer']);
});

test('connect() refuses an empty list of URLs or one with a blank entry', () => {
    assert.throws(() => TokenkeeperViewer.connect({url: [], accessToken: () => 'a', reportId: 'r'}), /url/);
    assert.throws(() => TokenkeeperViewer.connect({url: ['ws://x', ''], accessToken: () => 'a', reportId: 'r'}), /url/);
});
