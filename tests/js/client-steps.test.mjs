// The booking's steps on the client page (frontend/static/client/steps.js): which step a tap
// or a reload lands on, and when the client must start again from the services.
import assert from "node:assert/strict";
import { test } from "node:test";

globalThis.addEventListener ??= () => {};
globalThis.window ??= globalThis;
const { canOpen, stepFor } = await import("../../frontend/static/client/steps.js");

const service = (...channels) => ({ id: "s", channels });

test("a service with one way to meet decides the way: 'how' is passed over", () => {
  const flow = { service: service("phone") };
  assert.equal(stepFor(flow, "how", true), "where");
  assert.equal(flow.channel, "phone");
});

test("a service with several ways asks how", () => {
  const flow = { service: service("video", "phone") };
  assert.equal(stepFor(flow, "how", true), "how");
  assert.equal(flow.channel, undefined);
});

test("a known municipality is passed over going forward, but asked again going back", () => {
  const flow = { service: service("video"), channel: "video", place: { code: "564" } };
  assert.equal(stepFor(flow, "where", true), "time");
  assert.equal(stepFor(flow, "where", false), "where"); // back, or the summary's "change"
});

test("each step opens only with what the steps before it chose", () => {
  const flow = {};
  const open = () => ["how", "where", "time", "contact", "confirm"].filter((step) => canOpen(flow, step));
  assert.deepEqual(open(), []);
  flow.service = service("video", "phone");
  assert.deepEqual(open(), ["how"]);
  flow.channel = "video";
  assert.deepEqual(open(), ["how", "where"]);
  flow.place = { code: "564" };
  assert.deepEqual(open(), ["how", "where", "time"]);
  flow.slot = { slot: "ref" };
  assert.deepEqual(open(), ["how", "where", "time", "contact"]);
  flow.email = "a@example.fi"; // a phone number or an e-mail address: either will do
  assert.deepEqual(open(), ["how", "where", "time", "contact", "confirm"]);
});

test("a step that is no step never opens (a stale history entry starts again)", () => {
  assert.equal(canOpen({ service: service("video") }, "toString"), false);
  assert.equal(canOpen({ service: service("video") }, "services"), false);
});
