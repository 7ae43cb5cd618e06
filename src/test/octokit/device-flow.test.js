// The device flow's HTTP contract without octokit: what a strict RFC 8628 client, a curl user and a
// tenant admin see. Run by OctokitIT with the same fixtures (TK_FIXTURES) as oauth-methods.test.js.
import { test } from "node:test";
import assert from "node:assert/strict";

const fixtures = JSON.parse(process.env.TK_FIXTURES ?? "null");
if (!fixtures) {
  throw new Error("TK_FIXTURES is not set: these tests are run by OctokitIT against a server it started");
}
const base = fixtures.baseUrl;
const expiring = fixtures.expiring;
const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

async function post(path, { form, json, accept } = {}) {
  const headers = {};
  if (accept) headers.accept = accept;
  let body;
  if (form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(form).toString();
  } else if (json) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(json);
  }
  const response = await fetch(`${base}${path}`, { method: "POST", headers, body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function admin(method, path, fixture, json) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${fixture.adminToken}`, "content-type": "application/json", accept: "application/json" },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  return { status: response.status, body: await response.json() };
}

async function lookup(userCode, address) {
  const response = await fetch(`${base}/test-support/device?${new URLSearchParams({ user_code: userCode, decision: "lookup", address })}`,
    { method: "POST" });
  return { status: response.status, retryAfter: response.headers.get("retry-after") };
}

test("POST /login/device/code answers form-encoded by default (GitHub) and JSON on request, from a form or JSON body", async () => {
  const form = await post("/login/device/code", { form: { client_id: expiring.clientId } });
  assert.equal(form.status, 200, form.text);
  assert.match(form.headers.get("content-type"), /^application\/x-www-form-urlencoded/);
  assert.equal(form.headers.get("cache-control"), "no-store");
  const fields = new URLSearchParams(form.text);
  assert.match(fields.get("device_code"), /^tkd_/);
  assert.match(fields.get("user_code"), /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
  assert.equal(fields.get("expires_in"), "900");
  assert.equal(fields.get("interval"), "5");

  const json = await post("/login/device/code", { json: { client_id: expiring.clientId }, accept: "application/json" });
  assert.equal(json.status, 200, json.text);
  const body = JSON.parse(json.text);
  assert.equal(typeof body.expires_in, "number");
  assert.equal(typeof body.interval, "number");
  assert.notEqual(body.device_code, fields.get("device_code"));
  assert.notEqual(body.user_code, fields.get("user_code"));
});

test("a device sends no secret; errors are RFC 6749 JSON with GitHub's codes", async () => {
  const codes = JSON.parse((await post("/login/device/code", { form: { client_id: expiring.clientId }, accept: "application/json" })).text);
  const pending = await post("/login/oauth/access_token", {
    form: { grant_type: DEVICE_GRANT, client_id: expiring.clientId, device_code: codes.device_code },
  });
  assert.equal(pending.status, 400);
  assert.match(pending.headers.get("content-type"), /^application\/json/);
  assert.equal(JSON.parse(pending.text).error, "authorization_pending");
  assert.ok(JSON.parse(pending.text).error_description);
  const missing = await post("/login/oauth/access_token", { form: { grant_type: DEVICE_GRANT, client_id: expiring.clientId }, accept: "application/json" });
  assert.equal(missing.status, 400);
  assert.equal(JSON.parse(missing.text).error, "invalid_request");
  const noClient = await post("/login/device/code", { form: {}, accept: "application/json" });
  assert.equal(noClient.status, 400);
  assert.equal(JSON.parse(noClient.text).error, "incorrect_client_credentials");
  const scoped = await post("/login/device/code", { form: { client_id: expiring.clientId, scope: "repo" }, accept: "application/json" });
  assert.equal(scoped.status, 400);
  assert.equal(JSON.parse(scoped.text).error, "invalid_scope");
});

test("deviceFlow is off by default, shown in the app view, and switched with PATCH", async () => {
  const tenant = fixtures.noDevice.tenant;
  const created = await admin("POST", `/api/tenants/${tenant}/apps`, fixtures.noDevice, { name: "Kiosk" });
  assert.equal(created.status, 201);
  assert.equal(created.body.deviceFlow, false);
  const refused = await post("/login/device/code", { form: { client_id: created.body.client_id }, accept: "application/json" });
  assert.equal(JSON.parse(refused.text).error, "device_flow_disabled");
  const on = await admin("PATCH", `/api/tenants/${tenant}/apps/${created.body.client_id}`, fixtures.noDevice, { deviceFlow: true });
  assert.equal(on.status, 200);
  assert.equal(on.body.deviceFlow, true);
  assert.equal((await admin("GET", `/api/tenants/${tenant}/apps/${created.body.client_id}`, fixtures.noDevice)).body.deviceFlow, true);
  const allowed = await post("/login/device/code", { form: { client_id: created.body.client_id }, accept: "application/json" });
  assert.equal(allowed.status, 200, allowed.text);
  const explicit = await admin("POST", `/api/tenants/${tenant}/apps`, fixtures.noDevice, { name: "TV", deviceFlow: true });
  assert.equal(explicit.body.deviceFlow, true);
});

test("wrong user codes from one address are slowed: after 10 misses the page is refused with a wait", async () => {
  const address = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
  for (let i = 0; i < 10; i++) {
    assert.equal((await lookup("BBBB-BBBB", address)).status, 404, `miss ${i + 1}`);
  }
  const codes = JSON.parse((await post("/login/device/code", { form: { client_id: expiring.clientId }, accept: "application/json" })).text);
  const refused = await lookup(codes.user_code, address);
  assert.equal(refused.status, 429, "even a right code is not looked up while the address waits");
  assert.ok(Number(refused.retryAfter) > 800 && Number(refused.retryAfter) <= 900, `Retry-After ${refused.retryAfter}`);
  assert.equal((await lookup(codes.user_code, "203.0.113.9")).status, 200, "another address is not affected");
});

test("device sign-ins and resets are in the audit log, with a token hash, never a token", async () => {
  const approved = JSON.parse((await post("/login/device/code", { form: { client_id: expiring.clientId }, accept: "application/json" })).text);
  const declined = JSON.parse((await post("/login/device/code", { form: { client_id: expiring.clientId }, accept: "application/json" })).text);
  await fetch(`${base}/test-support/device?${new URLSearchParams({ user_code: approved.user_code, decision: "approve", subject: "auditee" })}`, { method: "POST" });
  await fetch(`${base}/test-support/device?${new URLSearchParams({ user_code: declined.user_code, decision: "deny" })}`, { method: "POST" });
  const pair = await post("/login/oauth/access_token", {
    form: { grant_type: DEVICE_GRANT, client_id: expiring.clientId, device_code: approved.device_code }, accept: "application/json",
  });
  assert.equal(pair.status, 200, pair.text);
  const { access_token: accessToken, refresh_token: refreshToken } = JSON.parse(pair.text);
  const reset = await fetch(`${base}/applications/${expiring.clientId}/token`, {
    method: "PATCH",
    headers: {
      authorization: "Basic " + Buffer.from(`${expiring.clientId}:${expiring.clientSecret}`).toString("base64"),
      "content-type": "application/json",
    },
    body: JSON.stringify({ access_token: expiring.pairs[7].accessToken }),
  });
  assert.equal(reset.status, 200);
  const newToken = (await reset.json()).token;

  const audit = await admin("GET", `/api/tenants/${expiring.tenant}/audit?limit=1000`, expiring);
  assert.equal(audit.status, 200);
  const of = (type) => audit.body.filter((event) => event.type === type);
  assert.ok(of("DEVICE_APPROVED").some((event) => event.subject === "auditee" && event.detail.includes(approved.user_code)));
  assert.ok(of("DEVICE_DENIED").some((event) => event.detail.includes(declined.user_code)));
  assert.ok(of("TOKEN_ISSUED").some((event) => event.subject === "auditee" && /^device flow/.test(event.detail) && /^[0-9a-f]{64}$/.test(event.tokenHash)));
  assert.ok(of("TOKEN_RESET").some((event) => event.subject === expiring.pairs[7].user));
  const text = JSON.stringify(audit.body);
  for (const secret of [accessToken, refreshToken, newToken, expiring.pairs[7].accessToken, approved.device_code]) {
    assert.ok(!text.includes(secret), "no token in the audit log");
  }
});
