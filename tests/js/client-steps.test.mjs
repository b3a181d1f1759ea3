// The booking's steps on the client page (frontend/static/client/steps.js): which step a tap
// or a reload lands on, and when the client must start again. Where she lives comes first:
// the services offered depend on it.
import assert from "node:assert/strict";
import { test } from "node:test";

globalThis.addEventListener ??= () => {};
globalThis.window ??= globalThis;
const { canOpen, firstStep, stepFor } = await import("../../frontend/static/client/steps.js");

const service = (...channels) => ({ id: "s", channels });

test("the municipality is asked first, unless the link or this device knows it", () => {
  assert.equal(firstStep({}), "where");
  assert.equal(firstStep({ place: { code: "564" } }), "offer");
});

test("a service with one way to meet decides the way: 'how' is passed over", () => {
  const flow = { place: { code: "564" }, service: service("phone") };
  assert.equal(stepFor(flow, "how"), "time");
  assert.equal(flow.channel, "phone");
});

test("a service with several ways asks how", () => {
  const flow = { place: { code: "564" }, service: service("video", "phone") };
  assert.equal(stepFor(flow, "how"), "how");
  assert.equal(flow.channel, undefined);
});

test("the municipality can always be asked again (the summary's 'change')", () => {
  const flow = { place: { code: "564" }, service: service("video"), channel: "video" };
  assert.equal(stepFor(flow, "where"), "where");
  assert.equal(canOpen(flow, "where"), true);
});

test("each step opens only with what the steps before it chose", () => {
  const flow = {};
  const open = () => ["where", "offer", "how", "time", "contact", "confirm"].filter((step) => canOpen(flow, step));
  assert.deepEqual(open(), ["where"]);
  flow.place = { code: "564" };
  assert.deepEqual(open(), ["where", "offer"]);
  flow.service = service("video", "phone");
  assert.deepEqual(open(), ["where", "offer", "how"]);
  flow.channel = "video";
  assert.deepEqual(open(), ["where", "offer", "how", "time"]);
  flow.slot = { slot: "ref" };
  assert.deepEqual(open(), ["where", "offer", "how", "time", "contact"]);
  flow.email = "a@example.fi"; // a phone number or an e-mail address: either will do
  assert.deepEqual(open(), ["where", "offer", "how", "time", "contact", "confirm"]);
});

test("the services need the place: a service without one starts again", () => {
  assert.equal(canOpen({ service: service("video") }, "how"), false);
  assert.equal(canOpen({ service: service("video"), channel: "video" }, "time"), false);
});

test("a step that is no step never opens (a stale history entry starts again)", () => {
  assert.equal(canOpen({ service: service("video") }, "toString"), false);
  assert.equal(canOpen({ service: service("video") }, "services"), false);
});
