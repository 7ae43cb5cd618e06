// GitHub's own OAuth clients against a running Tokenkeeper, with nothing changed but the base URL.
// Run by OctokitIT, which starts the server, prepares the fixtures through the admin API and hands
// them over in TK_FIXTURES (JSON). Each test asserts what GitHub's documentation promises.
//
// Where octokit sends its requests: every method takes a `request` whose baseUrl is our base URL.
// The OAuth routes (/login/oauth/access_token, /login/device/code, /login/oauth/authorize) go to
// baseUrl with "/api/v3" removed (requestToOAuthBaseUrl in @octokit/oauth-methods), the REST routes
// (/applications/{client_id}/token|grant) to baseUrl itself: with a base URL without /api/v3 both
// land on Tokenkeeper's root paths, which is what we serve.
import { test } from "node:test";
import assert from "node:assert/strict";
import { request as octokitRequest } from "@octokit/request";
import {
  checkToken, createDeviceCode, deleteAuthorization, deleteToken, exchangeDeviceCode, exchangeWebFlowCode,
  getWebFlowAuthorizationUrl, refreshToken, resetToken,
} from "@octokit/oauth-methods";
import { createOAuthDeviceAuth } from "@octokit/auth-oauth-device";

const fixtures = JSON.parse(process.env.TK_FIXTURES ?? "null");
if (!fixtures) {
  throw new Error("TK_FIXTURES is not set: these tests are run by OctokitIT against a server it started");
}
const base = fixtures.baseUrl;
const request = octokitRequest.defaults({ baseUrl: base });
const expiring = fixtures.expiring;
const optedOut = fixtures.optedOut;
const USER_CODE = /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/;

const app = (fixture) => ({ clientType: "github-app", clientId: fixture.clientId, clientSecret: fixture.clientSecret, request });
const pair = (fixture, index) => fixture.pairs[index];

/** What octokit computes, done by hand: the server's Date plus the seconds it answered. */
function expectedExpiry(response, seconds) {
  const date = Date.parse(response.headers.date);
  assert.ok(!Number.isNaN(date), `a valid Date header: ${response.headers.date}`);
  assert.ok(Math.abs(date - Date.now()) < 60_000, "Date is the server's clock, close to ours");
  return new Date(date + seconds * 1000).toISOString();
}

async function rejectsWith(promise, status, check) {
  await assert.rejects(promise, (error) => {
    assert.equal(error.status, status, `HTTP ${error.status}: ${JSON.stringify(error.response?.data)}`);
    check?.(error.response.data, error.response);
    return true;
  });
}

async function serverClock(query) {
  const response = await fetch(`${base}/test-support/clock?${query}`, { method: "POST" });
  assert.equal(response.status, 204);
}

// Stands in for the page /login/device until it is merged: the same DeviceAuthorizations facade.
async function decide(userCode, decision, subject = "") {
  const response = await fetch(`${base}/test-support/device?${new URLSearchParams({ user_code: userCode, decision, subject })}`,
    { method: "POST" });
  assert.equal(response.status, 200, `${decision} ${userCode}: HTTP ${response.status}`);
  return response.json();
}

async function raw(method, path, { authorization, body } = {}) {
  const headers = { accept: "application/vnd.github+json", "content-type": "application/json" };
  if (authorization) headers.authorization = authorization;
  const response = await fetch(`${base}${path}`, { method, headers, body });
  return { status: response.status, type: response.headers.get("content-type"), date: response.headers.get("date"), body: await response.json() };
}

test("metadata advertises the device authorization endpoint and grant", async () => {
  const metadata = await (await fetch(`${base}/.well-known/oauth-authorization-server`)).json();
  assert.equal(metadata.device_authorization_endpoint, `${metadata.issuer}/login/device/code`);
  assert.ok(metadata.grant_types_supported.includes("urn:ietf:params:oauth:grant-type:device_code"));
});

test("refreshToken: a new pair with GitHub's lifetimes, expiry computed from Date", async () => {
  const old = pair(expiring, 0);
  const { status, data, headers, authentication } = await refreshToken({ ...app(expiring), refreshToken: old.refreshToken });
  assert.equal(status, 200);
  assert.equal(data.token_type, "bearer");
  assert.equal(data.scope, "");
  assert.equal(data.expires_in, 28800);
  assert.equal(data.refresh_token_expires_in, 15811200);
  assert.notEqual(data.access_token, old.accessToken);
  assert.match(data.refresh_token, /^tkr_/);
  assert.equal(authentication.token, data.access_token);
  assert.equal(authentication.refreshToken, data.refresh_token);
  assert.equal(authentication.expiresAt, expectedExpiry({ headers }, 28800));
  assert.equal(authentication.refreshTokenExpiresAt, expectedExpiry({ headers }, 15811200));
});

test("checkToken: GitHub's answer for a live token, 404 for an unknown one or wrong credentials", async () => {
  const { accessToken, user } = pair(expiring, 1);
  const { status, data, authentication } = await checkToken({ ...app(expiring), token: accessToken });
  assert.equal(status, 200);
  assert.equal(data.token, accessToken);
  assert.equal(data.token_last_eight, accessToken.slice(-8));
  assert.equal(data.user.login, user);
  assert.equal(data.app.client_id, expiring.clientId);
  assert.ok(Date.parse(data.expires_at) > Date.now() + 7 * 3600_000, `expires in about 8 h: ${data.expires_at}`);
  assert.equal(authentication.token, accessToken);
  assert.equal(authentication.expiresAt, data.expires_at);
  await rejectsWith(checkToken({ ...app(expiring), token: "not-a-token" }), 404, (body) => {
    assert.equal(body.message, "Not Found");
    assert.match(body.documentation_url, /^https:\/\/docs\.github\.com\//);
  });
  await rejectsWith(checkToken({ ...app(expiring), clientSecret: "tks_wrong", token: accessToken }), 404);
  // a token of another app (another tenant's): not found, as on GitHub
  await rejectsWith(checkToken({ ...app(optedOut), token: accessToken }), 404);
});

test("resetToken: a new token for the same user; the old one and its refresh token are dead at once", async () => {
  const old = pair(expiring, 2);
  const { status, data, authentication } = await resetToken({ ...app(expiring), token: old.accessToken });
  assert.equal(status, 200);
  assert.notEqual(data.token, old.accessToken);
  assert.equal(data.user.login, old.user);
  assert.equal(data.app.client_id, expiring.clientId);
  assert.equal(authentication.token, data.token);
  assert.equal(authentication.expiresAt, data.expires_at);
  assert.ok(Date.parse(data.expires_at) > Date.now() + 7 * 3600_000);
  await rejectsWith(checkToken({ ...app(expiring), token: old.accessToken }), 404);
  assert.equal((await checkToken({ ...app(expiring), token: data.token })).data.user.login, old.user);
  await rejectsWith(refreshToken({ ...app(expiring), refreshToken: old.refreshToken }), 400, (body) => {
    assert.equal(body.error, "invalid_grant");
  });
  // resetting the dead token again: not found
  await rejectsWith(resetToken({ ...app(expiring), token: old.accessToken }), 404);
});

test("resetToken for an app that opted out of expiry: a new non-expiring token", async () => {
  const old = pair(optedOut, 0);
  const { data, authentication } = await resetToken({ ...app(optedOut), token: old.accessToken });
  assert.match(data.token, /^tko_/);
  assert.equal(data.expires_at, null);
  assert.equal(authentication.expiresAt, undefined);
  assert.equal(data.refresh_token, undefined);
  await rejectsWith(checkToken({ ...app(optedOut), token: old.accessToken }), 404);
  assert.equal((await checkToken({ ...app(optedOut), token: data.token })).data.user.login, old.user);
});

test("resetToken raced: of three resets of the same token at once, exactly one gets a new token", async () => {
  for (const [fixture, index] of [[expiring, 8], [optedOut, 2]]) {
    const { accessToken } = pair(fixture, index);
    const results = await Promise.allSettled([0, 1, 2].map(() => resetToken({ ...app(fixture), token: accessToken })));
    const won = results.filter((result) => result.status === "fulfilled");
    assert.equal(won.length, 1, JSON.stringify(results.map((result) => result.status === "fulfilled" ? 200 : result.reason.status)));
    assert.ok(results.every((result) => result.status === "fulfilled" || result.reason.status === 404));
    assert.equal((await checkToken({ ...app(fixture), token: won[0].value.data.token })).status, 200);
  }
});

test("the GitHub routes answer GitHub's errors: 422 malformed body, 401 without credentials, 404 wrong credentials", async () => {
  const basic = "basic " + Buffer.from(`${expiring.clientId}:${expiring.clientSecret}`).toString("base64");
  const wrong = "basic " + Buffer.from(`${expiring.clientId}:tks_wrong`).toString("base64");
  const token = pair(expiring, 6).accessToken;
  for (const [method, path] of [["PATCH", "token"], ["DELETE", "grant"], ["POST", "token"]]) {
    const route = `/applications/${expiring.clientId}/${path}`;
    for (const body of ["not json", "{}", '{"access_token": 42}', "[]"]) {
      const reply = await raw(method, route, { authorization: basic, body });
      assert.equal(reply.status, 422, `${method} ${path} ${body}: ${JSON.stringify(reply.body)}`);
      assert.ok(reply.body.message.length > 0);
      assert.match(reply.type, /^application\/json/);
      assert.ok(reply.date);
    }
    const anonymous = await raw(method, route, { body: JSON.stringify({ access_token: token }) });
    assert.equal(anonymous.status, 401, `${method} ${path} without credentials`);
    assert.ok(anonymous.body.message);
    const wrongSecret = await raw(method, route, { authorization: wrong, body: JSON.stringify({ access_token: token }) });
    assert.equal(wrongSecret.status, 404, `${method} ${path} with a wrong secret`);
    assert.equal(wrongSecret.body.message, "Not Found");
  }
  // none of that touched the token
  assert.equal((await checkToken({ ...app(expiring), token })).status, 200);
});

test("deleteToken: 204, and the token is gone", async () => {
  const { accessToken } = pair(expiring, 3);
  const { status } = await deleteToken({ ...app(expiring), token: accessToken });
  assert.equal(status, 204);
  await rejectsWith(checkToken({ ...app(expiring), token: accessToken }), 404);
});

test("deleteAuthorization: every token of that user for that app is revoked, other users keep theirs", async () => {
  const first = pair(expiring, 4);
  const second = pair(expiring, 5);
  const other = pair(expiring, 6);
  assert.equal(first.user, second.user);
  const { status } = await deleteAuthorization({ ...app(expiring), token: first.accessToken });
  assert.equal(status, 204);
  await rejectsWith(checkToken({ ...app(expiring), token: first.accessToken }), 404);
  await rejectsWith(checkToken({ ...app(expiring), token: second.accessToken }), 404);
  await rejectsWith(refreshToken({ ...app(expiring), refreshToken: second.refreshToken }), 400, (body) => {
    assert.equal(body.error, "invalid_grant");
  });
  assert.equal((await checkToken({ ...app(expiring), token: other.accessToken })).data.user.login, other.user);
  await rejectsWith(deleteAuthorization({ ...app(expiring), token: first.accessToken }), 404);
});

test("deleteAuthorization for an app that opted out of expiry revokes the non-expiring token", async () => {
  const { accessToken } = pair(optedOut, 1);
  assert.equal((await deleteAuthorization({ ...app(optedOut), token: accessToken })).status, 204);
  await rejectsWith(checkToken({ ...app(optedOut), token: accessToken }), 404);
});

test("getWebFlowAuthorizationUrl: GitHub's authorize URL on our base", () => {
  const { url, clientId, redirectUrl, state } = getWebFlowAuthorizationUrl({
    clientType: "github-app", clientId: expiring.clientId, redirectUrl: "https://app.example/callback", state: "s-123", request,
  });
  const parsed = new URL(url);
  assert.equal(`${parsed.origin}${parsed.pathname}`, `${base}/login/oauth/authorize`);
  assert.equal(parsed.searchParams.get("client_id"), expiring.clientId);
  assert.equal(parsed.searchParams.get("redirect_uri"), "https://app.example/callback");
  assert.equal(parsed.searchParams.get("state"), "s-123");
  assert.equal(clientId, expiring.clientId);
  assert.equal(redirectUrl, "https://app.example/callback");
  assert.equal(state, "s-123");
});

test("exchangeWebFlowCode: a code from the web flow becomes GitHub's pair", async () => {
  assert.ok(process.env.TK_WEB_FLOW_CODE, "OctokitIT hands over a code from /login/oauth/authorize in TK_WEB_FLOW_CODE");
  const { data, headers, authentication } = await exchangeWebFlowCode({ ...app(expiring), code: process.env.TK_WEB_FLOW_CODE });
  assert.equal(data.token_type, "bearer");
  assert.equal(data.expires_in, 28800);
  assert.match(data.refresh_token, /^tkr_/);
  assert.equal(authentication.token, data.access_token);
  assert.equal(authentication.expiresAt, expectedExpiry({ headers }, 28800));
  assert.equal(authentication.refreshTokenExpiresAt, expectedExpiry({ headers }, data.refresh_token_expires_in));
});

test("createDeviceCode: GitHub's codes, interval and life", async () => {
  const metadata = await (await fetch(`${base}/.well-known/oauth-authorization-server`)).json();
  const { status, data } = await createDeviceCode({ clientType: "github-app", clientId: expiring.clientId, request });
  assert.equal(status, 200);
  assert.match(data.device_code, /^tkd_/);
  assert.match(data.user_code, USER_CODE);
  assert.equal(data.verification_uri, `${metadata.issuer}/login/device`);
  assert.equal(data.expires_in, 900);
  assert.equal(data.interval, 5);
  await rejectsWith(createDeviceCode({ clientType: "github-app", clientId: fixtures.noDevice.clientId, request }), 400, (body) => {
    assert.equal(body.error, "device_flow_disabled");
  });
  await rejectsWith(createDeviceCode({ clientType: "github-app", clientId: "Tk1.no-such-app", request }), 400, (body) => {
    assert.equal(body.error, "incorrect_client_credentials");
  });
});

test("exchangeDeviceCode: pending, slow_down (+5 s), approved, the pair once", async () => {
  const device = { clientType: "github-app", clientId: expiring.clientId, request };
  const { data: codes } = await createDeviceCode(device);
  await rejectsWith(exchangeDeviceCode({ ...device, code: codes.device_code }), 400, (body) => {
    assert.equal(body.error, "authorization_pending");
  });
  await rejectsWith(exchangeDeviceCode({ ...device, code: codes.device_code }), 400, (body) => {
    assert.equal(body.error, "slow_down");
    assert.equal(body.interval, 10);
  });
  // the page looks codes up case-insensitively and without the dash
  const shown = await decide(codes.user_code.replace("-", "").toLowerCase(), "approve", "tv-user");
  assert.equal(shown.clientId, expiring.clientId);
  assert.equal(shown.appName, "Lobby TV");
  assert.equal(shown.tenantSlug, expiring.tenant);
  await serverClock("advanceSeconds=11");
  try {
    const { data, headers, authentication } = await exchangeDeviceCode({ ...device, code: codes.device_code });
    assert.equal(data.token_type, "bearer");
    assert.equal(data.expires_in, 28800);
    assert.equal(data.refresh_token_expires_in, 15811200);
    assert.equal(authentication.token, data.access_token);
    assert.equal(authentication.refreshToken, data.refresh_token);
    assert.equal(authentication.expiresAt, expectedExpiry({ headers }, 28800));
    assert.equal(authentication.refreshTokenExpiresAt, expectedExpiry({ headers }, 15811200));
    assert.equal((await checkToken({ ...app(expiring), token: data.access_token })).data.user.login, "tv-user");
    await serverClock("advanceSeconds=11");
    await rejectsWith(exchangeDeviceCode({ ...device, code: codes.device_code }), 400, (body) => {
      assert.equal(body.error, "incorrect_device_code");
    });
  } finally {
    await serverClock("reset=true");
  }
});

test("exchangeDeviceCode: declined, expired, made-up codes and apps", async () => {
  const device = { clientType: "github-app", clientId: expiring.clientId, request };
  const { data: declined } = await createDeviceCode(device);
  await decide(declined.user_code, "deny");
  await rejectsWith(exchangeDeviceCode({ ...device, code: declined.device_code }), 400, (body) => {
    assert.equal(body.error, "access_denied");
  });
  await rejectsWith(exchangeDeviceCode({ ...device, code: "tkd_madeup" }), 400, (body) => {
    assert.equal(body.error, "incorrect_device_code");
  });
  await rejectsWith(exchangeDeviceCode({ ...device, clientId: fixtures.noDevice.clientId, code: declined.device_code }), 400, (body) => {
    assert.equal(body.error, "device_flow_disabled");
  });
  const { data: late } = await createDeviceCode(device);
  await serverClock("advanceSeconds=901");
  try {
    await rejectsWith(exchangeDeviceCode({ ...device, code: late.device_code }), 400, (body) => {
      assert.equal(body.error, "expired_token");
    });
  } finally {
    await serverClock("reset=true");
  }
});

test("exchangeDeviceCode for an app that opted out of expiry: one non-expiring token", async () => {
  const device = { clientType: "github-app", clientId: optedOut.clientId, request };
  const { data: codes } = await createDeviceCode(device);
  await decide(codes.user_code, "approve", "kiosk");
  const { data, authentication } = await exchangeDeviceCode({ ...device, code: codes.device_code });
  assert.match(data.access_token, /^tko_/);
  assert.equal(data.refresh_token, undefined);
  assert.equal(authentication.expiresAt, undefined);
});

test("@octokit/auth-oauth-device: onVerification shows the code, polling waits for the approval", async () => {
  let shown;
  const auth = createOAuthDeviceAuth({
    clientType: "github-app",
    clientId: expiring.clientId,
    request,
    onVerification(verification) {
      shown = verification;
      // the user types the code a moment later: the first poll is pending, octokit waits `interval` and polls again
      setTimeout(() => decide(verification.user_code, "approve", "lobby-tv").catch((e) => { shown.error = e; }), 500);
    },
  });
  const started = Date.now();
  const authentication = await auth({ type: "oauth" });
  assert.ok(!shown.error, String(shown.error));
  assert.match(shown.user_code, USER_CODE);
  assert.ok(shown.verification_uri.endsWith("/login/device"));
  assert.ok(Date.now() - started >= 5000, "octokit waited the interval after authorization_pending");
  assert.equal(authentication.type, "token");
  assert.equal(authentication.tokenType, "oauth");
  assert.equal(authentication.clientType, "github-app");
  assert.match(authentication.refreshToken, /^tkr_/);
  assert.ok(Date.parse(authentication.expiresAt) > Date.now() + 7 * 3600_000);
  assert.ok(Date.parse(authentication.refreshTokenExpiresAt) > Date.now() + 180 * 24 * 3600_000);
  assert.equal((await checkToken({ ...app(expiring), token: authentication.token })).data.user.login, "lobby-tv");
});
