// What the room page reads from its address (frontend/static/room/state.js): the pass, the
// language, the session's time and opening, the room's id; and a message sent only on an open
// socket.
import assert from "node:assert/strict";
import { test } from "node:test";

globalThis.addEventListener ??= () => {};
globalThis.window ??= globalThis;
globalThis.WebSocket ??= /** @type {any} */ ({ OPEN: 1 });

let loads = 0;
/** state.js as the page at `address` loads it (a fresh module each time). */
async function stateAt(address) {
  globalThis.location = new URL(address);
  loads += 1;
  return import(`../../frontend/static/room/state.js?load=${loads}`);
}

test("the address's fragment gives the pass, language, time and opening; the path the room", async () => {
  const state = await stateAt("https://neuvo.example/r/3f2a#t=secret&lang=so&when=ti%209.00&opens=2026-03-05T07:00:00Z");
  assert.equal(state.pass, "secret");
  assert.equal(state.code, "so");
  assert.equal(state.when, "ti 9.00");
  assert.equal(state.opens, Date.parse("2026-03-05T07:00:00Z"));
  assert.equal(state.roomId, "3f2a");
  assert.ok(state.HOSTS.has("advisor") && state.HOSTS.has("peer_counsellor") && !state.HOSTS.has("interpreter"));
});

test("without a language the page guesses one, and a missing opening is no time", async () => {
  globalThis.localStorage = { getItem: () => JSON.stringify({ code: "ti" }) };
  try {
    const state = await stateAt("https://neuvo.example/r/abc#t=x");
    assert.equal(state.code, "ti");
    assert.equal(state.when, "");
    assert.ok(Number.isNaN(state.opens));
  } finally {
    delete globalThis.localStorage;
  }
});

test("a message goes out only on an open socket, as JSON", async () => {
  const state = await stateAt("https://neuvo.example/r/abc#t=x&lang=fi");
  const sent = [];
  state.send({ type: "hello" }); // no socket yet: nothing, and no error
  state.room.socket = /** @type {any} */ ({ readyState: 0, send: (text) => sent.push(text) });
  state.send({ type: "early" });
  state.room.socket.readyState = 1;
  state.send({ type: "admit", peer: "p1" });
  assert.deepEqual(sent, ['{"type":"admit","peer":"p1"}']);
});
