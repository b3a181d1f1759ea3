// The video room, /room/<id>#t=<pass>&lang=<code>. The pass is in the fragment, which the
// browser never sends to any server: it travels only in the first signalling message.
// A mesh of up to four people; every prompt is spoken in the client's language; the
// connection state is in the status line (aria-live) and its data-connection-state.

import { $, el, guessLanguage, hear, icon, labelButton, line, loadPrompts, markLanguage, prompt, renderPrompt, request, say, setUpHelp } from "./ui.js";
import { play, useLanguage } from "./speech.js";

const params = new URLSearchParams(location.hash.slice(1));
const pass = params.get("t") ?? "";
const code = params.get("lang") || guessLanguage();
const when = params.get("when") ?? ""; // the session's time as the SMS writes it
const opens = Date.parse(params.get("opens") ?? "");
const MAX_RETRIES = 6; // then the page stops and says so, with a way back
const roomId = location.pathname.split("/").pop();
const HOSTS = new Set(["advisor", "peer_counsellor"]);
const sections = ["ready", "testing", "call", "ended"];
// What a refusal means to the person in front of the screen.
// A refused pass or message is not a lost network: trying again would loop for ever.
const CLOSED = {
  4000: "room_closed", 4400: "room_denied", 4401: "room_denied", 4403: "room_denied", 4408: "room_denied",
  4409: "room_full", 4410: "room_not_open", 4411: "room_closed",
};

let local = null; // this device's camera and microphone
let soundOnly = false;
let socket = null;
let me = null;
let role = null;
let iceServers = [];
let admitted = false;
let stopped = false;
let retries = 0;
let test = null;
const peers = new Map(); // id -> { pc, tile }
const infos = new Map(); // id -> what the server says about them (role, language, muted)
const waiting = new Map(); // id -> info, for hosts

function setState(state, id) {
  $("status").dataset.connectionState = state;
  if (id) say(code, id);
}

function show(name, id, spoken = true) {
  for (const section of sections) $(section).hidden = section !== name;
  if (!id) return;
  const vars = id === "room_not_open_at" ? { when } : undefined;
  renderPrompt($(`${name}-prompt`), id, code, vars);
  if (spoken) play(hear(code, id, vars));
}

async function media() {
  if (local) return local;
  try {
    local = await navigator.mediaDevices.getUserMedia({ audio: true, video: !soundOnly });
  } catch {
    local = await navigator.mediaDevices.getUserMedia({ audio: true }); // no camera: sound only
    soundOnly = true;
  }
  $("self").srcObject = local;
  return local;
}

/** Wait until the browser has its candidates (for the device test, which does not trickle). */
function gathered(pc) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => { if (pc.iceGatheringState === "complete") resolve(); };
    pc.addEventListener("icegatheringstatechange", done);
    setTimeout(resolve, 3000); // enough candidates by then
  });
}

// The device test: the server sends back what it receives, and tells how the link is.

async function startTest() {
  try {
    await media();
  } catch {
    return setState("failed", "room_no_devices");
  }
  // TURN credentials first, for a client behind a strict NAT.
  const ice = await request("/api/v1/device-tests/ice-servers", { method: "POST", body: { token: pass } })
    .catch(() => ({ ok: false }));
  const pc = new RTCPeerConnection({ iceServers: ice.ok ? ice.data.ice_servers : [] });
  for (const track of local.getTracks()) pc.addTrack(track, local);
  const echo = new MediaStream();
  pc.ontrack = (event) => {
    echo.addTrack(event.track);
    $("echo").srcObject = echo;
  };
  pc.onconnectionstatechange = () => setState(`test-${pc.connectionState}`);
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  show("testing", "room_test_ok");
  setState("test-connecting", "room_connecting");
  const answer = await request("/api/v1/device-tests", {
    method: "POST", body: { token: pass, type: "offer", sdp: pc.localDescription.sdp },
  }).catch(() => ({ ok: false }));
  if (!answer.ok) {
    pc.close();
    return setState("test-failed", "room_lost");
  }
  await pc.setRemoteDescription({ type: "answer", sdp: answer.data.sdp });
  test = { pc, id: answer.data.id, timer: setInterval(report, 2000) };
}

async function report() {
  if (!test) return;
  const found = await request(`/api/v1/device-tests/${test.id}`).catch(() => ({ ok: false }));
  if (!found.ok) return;
  const { round_trip_ms: rtt, kinds } = found.data;
  const loss = Math.max(0, ...Object.values(kinds).map((k) => (k.loss_in ?? 0) * 100));
  $("test-figures").dataset.roundTripMs = rtt ?? "";
  $("test-figures").replaceChildren(
    el("span", {}, `⇄ ${rtt ?? "…"} ms`), " · ", el("span", {}, `↓ ${loss.toFixed(1)} %`));
}

async function endTest() {
  if (test) {
    clearInterval(test.timer);
    test.pc.close();
    request(`/api/v1/device-tests/${test.id}`, { method: "DELETE" }).catch(() => {});
    test = null;
  }
  show("ready", "room_ready", false);
  setState("idle");
}

// Signalling and the mesh: whoever arrives makes the offers to those already in.

function send(message) {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function connect() {
  setState("connecting", "room_connecting");
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}/api/v1/rooms/${roomId}/signal`);
  socket.onopen = () => send({ type: "join", token: pass, audio_only: soundOnly });
  socket.onmessage = (event) => handle(JSON.parse(event.data));
  socket.onclose = (event) => closed(event.code);
}

function tile(id) {
  const entry = peers.get(id);
  if (!entry.tile) {
    entry.tile = el("video", { class: "tile", autoplay: "", playsinline: "", "data-peer": id, "data-role": infos.get(id)?.role ?? "" });
    $("tiles").append(entry.tile);
  }
  return entry.tile;
}

function dropPeer(id) {
  const entry = peers.get(id);
  if (!entry) return;
  entry.pc.close();
  entry.tile?.remove();
  peers.delete(id);
  updateState();
}

function peerConnection(id) {
  dropPeer(id); // the same person again (a reload): start afresh
  const pc = new RTCPeerConnection({ iceServers });
  peers.set(id, { pc, tile: null });
  for (const track of local?.getTracks() ?? []) pc.addTrack(track, local);
  if (!local?.getAudioTracks().length) pc.addTransceiver("audio", { direction: "recvonly" });
  if (!local?.getVideoTracks().length) pc.addTransceiver("video", { direction: "recvonly" });
  pc.onicecandidate = (event) => send({ type: "candidate", to: id, candidate: event.candidate?.candidate ? event.candidate.toJSON() : null });
  pc.ontrack = (event) => { tile(id).srcObject = event.streams[0] ?? new MediaStream([event.track]); };
  pc.onconnectionstatechange = updateState;
  return pc;
}

async function call(info) {
  infos.set(info.id, info);
  const pc = peerConnection(info.id);
  await pc.setLocalDescription(await pc.createOffer());
  send({ type: "offer", to: info.id, sdp: pc.localDescription.sdp });
}

async function answer(from, sdp) {
  const pc = peerConnection(from);
  await pc.setRemoteDescription({ type: "offer", sdp });
  await pc.setLocalDescription(await pc.createAnswer());
  send({ type: "answer", to: from, sdp: pc.localDescription.sdp });
}

function updateState() {
  if (stopped || !admitted) return;
  const states = [...peers.values()].map((p) => p.pc.connectionState);
  const now = $("status").dataset.connectionState;
  if (states.includes("connected")) {
    if (now !== "connected") {
      setState("connected", "room_in");
      renderPrompt($("call-prompt"), "room_in", code); // the heading no longer says "Connecting…"
    }
  } else if (states.includes("failed")) setState("failed", "room_lost");
  else if (states.length) setState("connecting", "room_connecting");
  else if (now !== "joined") setState("joined", "room_in");
  renderHost();
}

async function handle(message) {
  switch (message.type) {
    case "welcome": {
      ({ id: me, role, ice_servers: iceServers, admitted } = message);
      retries = 0;
      for (const peer of message.waiting ?? []) waiting.set(peer.id, peer);
      show("call", admitted ? "room_in" : "room_waiting", !admitted);
      $("host").hidden = !HOSTS.has(role);
      if (admitted) for (const peer of message.peers) await call(peer);
      updateState();
      break;
    }
    case "waiting":
      if (message.peer) {
        waiting.set(message.peer.id, message.peer);
        renderHost();
      } else setState("waiting", "room_waiting");
      break;
    case "admitted":
      admitted = true;
      show("call", "room_connecting", false);
      for (const peer of message.peers) await call(peer);
      updateState();
      break;
    case "peer_joined":
      waiting.delete(message.peer.id);
      infos.set(message.peer.id, message.peer);
      dropPeer(message.peer.id); // they offer to us; an old connection of theirs is over
      renderHost();
      break;
    case "peer_left":
      waiting.delete(message.id);
      infos.delete(message.id);
      dropPeer(message.id);
      break;
    case "offer":
      await answer(message.from, message.sdp);
      break;
    case "answer":
      await peers.get(message.from)?.pc.setRemoteDescription({ type: "answer", sdp: message.sdp });
      break;
    case "candidate":
      if (message.candidate) await peers.get(message.from)?.pc.addIceCandidate(message.candidate).catch(() => {});
      break;
    case "mute": {
      const entry = peers.get(message.from);
      if (entry?.tile) entry.tile.dataset.audio = message.audio;
      break;
    }
    case "room_closed":
      finish(message.reason === "switched_to_phone" ? "room_phone" : "room_closed");
      break;
    default:
      break; // pong, error: nothing to show
  }
}

function closed(codeNumber) {
  if (stopped) return;
  if (CLOSED[codeNumber]) return finish(CLOSED[codeNumber]);
  // The network went away (or the server restarted): come back with the same pass.
  for (const id of [...peers.keys()]) dropPeer(id);
  retries += 1;
  if (retries > MAX_RETRIES) return finish("room_gave_up");
  setState("reconnecting", "room_lost");
  setTimeout(connect, Math.min(1000 * 2 ** retries, 15000));
}

function finish(reason) {
  if (stopped) return;
  stopped = true;
  // Too early, and the time is known: say when it opens.
  const id = reason === "room_not_open" && when ? "room_not_open_at" : reason;
  for (const peerId of [...peers.keys()]) dropPeer(peerId);
  for (const track of local?.getTracks() ?? []) track.stop();
  socket?.close(1000);
  show("ended", id);
  setState(id === "room_phone" ? "phone" : "closed", id);
  wayBack(id);
}

/** Every end has a way on: back to the booking, or the call-us line and a new booking. */
function wayBack(id) {
  const back = labelButton(el("button", { type: "button", class: "change big flip", "data-testid": "room-back" }), "back", code, "room_back");
  back.addEventListener("click", () => (history.length > 1 ? history.back() : location.assign("/")));
  const more = ["room_denied", "room_gave_up", "room_full"].includes(id) ? line(code, "call_us", "handset") : null;
  $("ended-prompt").after(el("div", { class: "stack", id: "ended-more" }, more, back));
  if (id === "room_not_open_at" && opens > Date.now() && opens - Date.now() < 2 ** 31 - 1) {
    setTimeout(() => location.reload(), opens - Date.now() + 1000); // open at its time
  }
}

/** Whether the pass opens this room at all (the device-test route checks it the same way). */
async function passWorks() {
  const answer = await request("/api/v1/device-tests/ice-servers", { method: "POST", body: { token: pass } })
    .catch(() => ({ ok: false, status: 0 }));
  return answer.ok || answer.status === 0 || answer.status >= 500 ? "yes" : answer.status;
}

// The host's view: who is waiting (and in what language), whether the interpreter is in.

function renderHost() {
  if (!HOSTS.has(role)) return;
  $("waiting-title").replaceChildren(icon("clock"), prompt(code, "room_waiting_list").text);
  const items = [...waiting.values()].map((peer) => {
    const admit = labelButton(el("button", { type: "button", class: "change", "data-testid": "admit" }), "check", code, "room_admit");
    admit.addEventListener("click", () => send({ type: "admit", peer: peer.id }));
    const language = new Intl.DisplayNames([code], { type: "language" }).of(peer.language ?? "und") ?? peer.language;
    return el("li", { "data-peer": peer.id, "data-language": peer.language ?? "" }, el("span", {}, language), " ", admit);
  });
  $("waiting-list").replaceChildren(...(items.length ? items : [el("li", {}, prompt(code, "room_nobody_waiting").text)]));
  const interpreterIn = [...infos.values()].some((info) => info.role === "interpreter");
  $("interpreter-state").dataset.present = interpreterIn;
  $("interpreter-state").textContent = prompt(code, interpreterIn ? "room_interpreter_in" : "room_interpreter_out").text;
}

async function toPhone() {
  // A staff action: the console's cookie session and its CSRF token.
  const me = await fetch("/api/v1/auth/me", { credentials: "same-origin" }).then((r) => (r.ok ? r.json() : null)).catch(() => null);
  const response = await fetch(`/api/v1/rooms/${roomId}/switch-to-phone`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": me?.csrf_token ?? "" },
    body: "{}",
  }).catch(() => null);
  if (!response?.ok) setState($("status").dataset.connectionState, "room_lost");
}

function toggleMute() {
  const on = $("mute").getAttribute("aria-pressed") !== "true";
  for (const track of local?.getAudioTracks() ?? []) track.enabled = !on;
  $("mute").setAttribute("aria-pressed", on);
  labelButton($("mute"), "speaker", code, on ? "room_mic_off" : "room_mic_on");
  send({ type: "mute", audio: !on, video: !soundOnly });
}

/** Weak link: stop sending video; speech is what matters. */
function dropVideo() {
  soundOnly = true;
  for (const track of local?.getVideoTracks() ?? []) {
    track.stop();
    local.removeTrack(track);
  }
  for (const { pc } of peers.values()) {
    for (const sender of pc.getSenders()) if (sender.track?.kind === "video" || sender.track === null) sender.replaceTrack(null);
  }
  $("drop-video").hidden = true;
  send({ type: "mute", audio: $("mute").getAttribute("aria-pressed") !== "true", video: false });
}

async function start() {
  useLanguage(code);
  document.documentElement.lang = code;
  await loadPrompts(code).catch(() => {});
  markLanguage(document.documentElement, prompt(code, "room_ready"));
  labelButton($("join"), "camera", code, "room_join");
  labelButton($("test"), "check", code, "room_test");
  labelButton($("sound-only"), "speaker", code, "room_sound_only");
  labelButton($("test-end"), "back", code, "room_test_end");
  labelButton($("mute"), "speaker", code, "room_mic_on");
  labelButton($("drop-video"), "speaker", code, "room_sound_only");
  labelButton($("leave"), "cross", code, "room_leave");
  labelButton($("to-phone"), "handset", code, "room_to_phone");
  setUpHelp(code, () => "room");
  show("ready", "room_ready", false);
  if (!pass) return finish("room_denied");
  const works = await passWorks();
  if (works !== "yes") return finish(works === 409 || works === 410 ? "room_not_open" : "room_denied");
  $("join").addEventListener("click", async () => {
    try {
      await media();
    } catch {
      return setState("failed", "room_no_devices");
    }
    connect();
  });
  $("test").addEventListener("click", startTest);
  $("test-end").addEventListener("click", endTest);
  $("sound-only").addEventListener("click", () => {
    soundOnly = !soundOnly;
    $("sound-only").setAttribute("aria-pressed", soundOnly);
  });
  $("mute").addEventListener("click", toggleMute);
  $("drop-video").addEventListener("click", dropVideo);
  $("leave").addEventListener("click", () => {
    send({ type: "leave" });
    finish("room_closed");
  });
  $("to-phone").addEventListener("click", toPhone);
  addEventListener("pagehide", () => socket?.close(1000));
}

start();
