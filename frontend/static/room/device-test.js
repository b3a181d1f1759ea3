// @ts-check
// The device test: the server sends back what it receives, and tells how the link is.

import { $, el } from "../dom.js";
import { request } from "../http.js";
import { say } from "../ui.js";
import { code, pass, room } from "./state.js";
import { media } from "./devices.js";
import { setState, show } from "./screens.js";

/**
 * Wait until the browser has its candidates (for the device test, which does not trickle).
 * @param {RTCPeerConnection} pc
 * @returns {Promise<void>}
 */
function gathered(pc) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => { if (pc.iceGatheringState === "complete") resolve(); };
    pc.addEventListener("icegatheringstatechange", done);
    setTimeout(resolve, 3000); // enough candidates by then
  });
}

/** The device test: the camera and microphone sent to the server and back, with figures. */
export async function startTest() {
  try {
    await media();
  } catch {
    return setState("failed", "room_no_devices");
  }
  // TURN credentials first, for a client behind a strict NAT.
  const ice = await request("/api/v1/device-tests/ice-servers", { method: "POST", body: { token: pass } })
    .catch(() => ({ ok: false, status: 0, data: null }));
  const pc = new RTCPeerConnection({ iceServers: ice.ok ? ice.data.ice_servers : [] });
  for (const track of room.local.getTracks()) pc.addTrack(track, room.local);
  const echo = new MediaStream();
  pc.ontrack = (event) => {
    echo.addTrack(event.track);
    $("echo", HTMLVideoElement).srcObject = echo;
  };
  pc.onconnectionstatechange = () => {
    const state = pc.connectionState;
    // Connected: the picture and the figures show it, so "Connecting…" does not stay.
    setState(`test-${state}`, state === "failed" ? "room_lost" : undefined);
    if (state === "connected") say(code, null);
  };
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  show("testing", "room_test_ok");
  setState("test-connecting", "room_connecting");
  const answer = await request("/api/v1/device-tests", {
    method: "POST", body: { token: pass, type: "offer", sdp: pc.localDescription.sdp },
  }).catch(() => ({ ok: false, status: 0, data: null }));
  if (!answer.ok) {
    pc.close();
    return setState("test-failed", "room_lost");
  }
  await pc.setRemoteDescription({ type: "answer", sdp: answer.data.sdp });
  room.test = { pc, id: answer.data.id, timer: setInterval(report, 2000) };
}

async function report() {
  const { test } = room;
  if (!test) return;
  const found = await request(`/api/v1/device-tests/${test.id}`).catch(() => ({ ok: false, status: 0, data: null }));
  if (!found.ok) return;
  const { round_trip_ms: rtt, kinds } = found.data;
  const loss = Math.max(0, ...Object.values(kinds).map((k) => (k.loss_in ?? 0) * 100));
  $("test-figures").dataset.roundTripMs = rtt ?? "";
  $("test-figures").replaceChildren(
    el("span", {}, `⇄ ${rtt ?? "…"} ms`), " · ", el("span", {}, `↓ ${loss.toFixed(1)} %`));
}

/** Stop the device test and tell the server. */
export async function endTest() {
  const { test } = room;
  if (test) {
    clearInterval(test.timer);
    test.pc.close();
    request(`/api/v1/device-tests/${test.id}`, { method: "DELETE" }).catch(() => {});
    room.test = null;
  }
  show("ready", "room_ready", false);
  setState("idle");
}
