// The two HTTP clients (frontend/static/http.js) with fetch stood in for: what each sends
// (cookies or none, the CSRF token, the caller's own headers) and what each gives back.
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";

import { api, ApiError, getJSON, request, sendRaw, setCsrfToken } from "../../frontend/static/http.js";

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
  setCsrfToken(null);
});

/** Answer each fetch from `answers` in turn; return the calls made ({url, init}). */
function stubFetch(...answers) {
  const calls = [];
  globalThis.fetch = async (url, init = {}) => {
    calls.push({ url, init });
    const next = answers.shift() ?? { status: 200, body: {} };
    const body = next.body === undefined ? null : typeof next.body === "string" ? next.body : JSON.stringify(next.body);
    return new Response(next.status === 204 ? null : body, { status: next.status, headers: next.headers ?? {} });
  };
  return calls;
}

test("the anonymous client sends no cookies and no referrer, and JSON with its own headers", async () => {
  const calls = stubFetch({ status: 201, body: { client_link: "/b/x" } });
  const answer = await request("/api/v1/bookings", {
    method: "POST", body: { slot: "s" }, headers: { "Idempotency-Key": "k", "X-Neuvo-Invitation": "i" },
  });
  assert.deepEqual(answer, { ok: true, status: 201, data: { client_link: "/b/x" } });
  const [{ url, init }] = calls;
  assert.equal(url, "/api/v1/bookings");
  assert.equal(init.method, "POST");
  assert.equal(init.credentials, "omit");
  assert.equal(init.referrerPolicy, "no-referrer");
  assert.deepEqual(init.headers, {
    Accept: "application/json", "Content-Type": "application/json", "Idempotency-Key": "k", "X-Neuvo-Invitation": "i",
  });
  assert.equal(init.body, '{"slot":"s"}');
  assert.ok(init.signal instanceof AbortSignal); // the 15 s limit
});

test("the anonymous client answers a problem as {ok: false} and an HTML page as data null", async () => {
  stubFetch({ status: 422, body: { type: "/problems/invalid-input" } }, { status: 502, body: "<html>bad gateway</html>" });
  assert.deepEqual(await request("/x"), { ok: false, status: 422, data: { type: "/problems/invalid-input" } });
  assert.deepEqual(await request("/x"), { ok: false, status: 502, data: null });
});

test("getJSON gives the data, or rejects with the status", async () => {
  const calls = stubFetch({ status: 200, body: [1, 2] }, { status: 404, body: {} });
  assert.deepEqual(await getJSON("/api/v1/municipalities"), [1, 2]);
  assert.equal(calls[0].init.method, "GET");
  assert.equal(calls[0].init.body, undefined);
  await assert.rejects(getJSON("/gone"), (error) => error.status === 404);
});

test("the staff client keeps the cookie session and puts the CSRF token on writes only", async () => {
  const calls = stubFetch({ status: 200, body: { ok: 1 } }, { status: 204 }, { status: 200, body: [] });
  setCsrfToken("tok");
  assert.deepEqual(await api("PATCH", "/api/v1/auth/me", { console_language: "sv" }), { ok: 1 });
  assert.equal(await api("POST", "/api/v1/auth/logout"), null);
  assert.deepEqual(await api("GET", "/api/v1/offers"), []);
  for (const { init } of calls) assert.equal(init.credentials, "same-origin");
  assert.deepEqual(calls[0].init.headers, { Accept: "application/json", "Content-Type": "application/json", "X-CSRF-Token": "tok" });
  assert.deepEqual(calls[1].init.headers, { Accept: "application/json", "X-CSRF-Token": "tok" });
  assert.equal(calls[1].init.body, undefined);
  assert.deepEqual(calls[2].init.headers, { Accept: "application/json" });
});

test("the staff client turns a problem into an ApiError with its fields and Retry-After", async () => {
  stubFetch({
    status: 429, headers: { "Retry-After": "30" },
    body: { type: "/problems/too-many-login-attempts", detail: "Wait.", errors: [{ field: "email", reason: "x" }] },
  });
  const error = await api("POST", "/api/v1/auth/login", {}).catch((e) => e);
  assert.ok(error instanceof ApiError);
  assert.equal(error.status, 429);
  assert.equal(error.message, "Wait.");
  assert.equal(error.retryAfter, "30");
  assert.deepEqual(error.errors, [{ field: "email", reason: "x" }]);
  assert.equal(error.problem.type, "/problems/too-many-login-attempts");
});

test("an ApiError without a problem document says the status line", async () => {
  stubFetch({ status: 500, body: "<html></html>" });
  const error = await api("GET", "/api/v1/x").catch((e) => e);
  assert.equal(error.problem, null);
  assert.deepEqual(error.errors, []);
  assert.match(error.message, /^500/);
});

test("sendRaw asks /auth/me for the CSRF token and sends the bytes as they are", async () => {
  const calls = stubFetch({ status: 200, body: { csrf_token: "fresh" } }, { status: 201, body: { id: 1 } });
  const blob = new Blob(["RIFF"], { type: "audio/wav" });
  const response = await sendRaw("POST", "/api/v1/speech/takes", blob, { "Content-Type": "audio/wav" });
  assert.deepEqual(await response.json(), { id: 1 });
  assert.equal(calls[0].url, "/api/v1/auth/me");
  assert.equal(calls[0].init.credentials, "same-origin");
  assert.equal(calls[1].init.credentials, "same-origin");
  assert.equal(calls[1].init.body, blob);
  assert.deepEqual(calls[1].init.headers, { "Content-Type": "audio/wav", "X-CSRF-Token": "fresh" });
});

test("sendRaw rejects with the server's problem", async () => {
  stubFetch({ status: 200, body: { csrf_token: "t" } }, { status: 413, body: { detail: "Too big." } });
  const error = await sendRaw("POST", "/x", "bytes").catch((e) => e);
  assert.ok(error instanceof ApiError);
  assert.equal(error.status, 413);
  assert.equal(error.message, "Too big.");
});
