// @ts-check
// Signalling over the WebSocket and the mesh of peer connections: whoever arrives makes the offers to those already in.

import { $, el } from "../dom.js";
import { hear, renderPrompt } from "../ui.js";
import { play } from "../speech.js";
import { code, HOSTS, pass, room, roomId, send, when } from "./state.js";
import { renderHost, setState, show, showEnd } from "./screens.js";

const MAX_RETRIES = 6; // then the page stops and says so, with a way back
// What a refusal means to the person in front of the screen.
// A refused pass or message is not a lost network: trying again would loop for ever.
const CLOSED = {
  4000: "room_closed", 4400: "room_denied", 4401: "room_denied", 4403: "room_denied", 4408: "room_denied",
  4409: "room_full", 4410: "room_not_open", 4411: "room_closed",
};

/** Open the room's signalling socket; a lost one is opened again. */
export function connect() {
  setState("connecting", "room_connecting");
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  room.socket = new WebSocket(`${scheme}://${location.host}/api/v1/rooms/${roomId}/signal`);
  room.socket.onopen = () => send({ type: "join", token: pass, audio_only: room.soundOnly });
  room.socket.onmessage = (event) => handle(JSON.parse(event.data));
  room.socket.onclose = (event) => closed(event.code);
}

/** Oneself in the call, a small muted tile beside the others (the camera preview moves in). */
function selfView() {
  const self = $("self");
  if (!room.local?.getVideoTracks().length || self.parentElement === $("tiles")) return;
  self.hidden = false;
  $("tiles").prepend(self);
}

function tile(id) {
  const entry = room.peers.get(id);
  if (!entry.tile) {
    entry.tile = el("video", { class: "tile", autoplay: "", playsinline: "", "data-peer": id, "data-role": room.infos.get(id)?.role ?? "" });
    $("tiles").append(entry.tile);
  }
  return entry.tile;
}

function dropPeer(id) {
  const entry = room.peers.get(id);
  if (!entry) return;
  entry.pc.close();
  entry.tile?.remove();
  room.peers.delete(id);
  updateState();
}

function peerConnection(id) {
  dropPeer(id); // the same person again (a reload): start afresh
  const { local } = room;
  const pc = new RTCPeerConnection({ iceServers: room.iceServers });
  room.peers.set(id, { pc, tile: null });
  for (const track of local?.getTracks() ?? []) pc.addTrack(track, local);
  if (!local?.getAudioTracks().length) pc.addTransceiver("audio", { direction: "recvonly" });
  if (!local?.getVideoTracks().length) pc.addTransceiver("video", { direction: "recvonly" });
  pc.onicecandidate = (event) => send({ type: "candidate", to: id, candidate: event.candidate?.candidate ? event.candidate.toJSON() : null });
  pc.ontrack = (event) => { tile(id).srcObject = event.streams[0] ?? new MediaStream([event.track]); };
  pc.onconnectionstatechange = updateState;
  return pc;
}

async function call(info) {
  room.infos.set(info.id, info);
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
  if (room.stopped || !room.admitted) return;
  const states = [...room.peers.values()].map((p) => p.pc.connectionState);
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
      Object.assign(room, { me: message.id, role: message.role, iceServers: message.ice_servers, admitted: message.admitted, needsInterpreter: Boolean(message.needs_interpreter) });
      room.retries = 0;
      for (const peer of message.waiting ?? []) room.waiting.set(peer.id, peer);
      show("call", room.admitted ? "room_in" : "room_waiting", !room.admitted);
      selfView();
      $("host").hidden = !HOSTS.has(room.role);
      if (room.admitted) for (const peer of message.peers) await call(peer);
      updateState();
      break;
    }
    case "waiting":
      if (message.peer) {
        room.waiting.set(message.peer.id, message.peer);
        renderHost();
      } else setState("waiting", "room_waiting");
      break;
    case "admitted":
      room.admitted = true;
      show("call", "room_connecting", false);
      play(hear(code, "room_in")); // let in: said aloud, as the waiting was
      for (const peer of message.peers) await call(peer);
      updateState();
      break;
    case "peer_joined":
      room.waiting.delete(message.peer.id);
      room.infos.set(message.peer.id, message.peer);
      dropPeer(message.peer.id); // they offer to us; an old connection of theirs is over
      renderHost();
      break;
    case "peer_left":
      room.waiting.delete(message.id);
      room.infos.delete(message.id);
      dropPeer(message.id);
      break;
    case "offer":
      await answer(message.from, message.sdp);
      break;
    case "answer":
      await room.peers.get(message.from)?.pc.setRemoteDescription({ type: "answer", sdp: message.sdp });
      break;
    case "candidate":
      if (message.candidate) await room.peers.get(message.from)?.pc.addIceCandidate(message.candidate).catch(() => {});
      break;
    case "mute": {
      const entry = room.peers.get(message.from);
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
  if (room.stopped) return;
  if (CLOSED[codeNumber]) return finish(CLOSED[codeNumber]);
  // The network went away (or the server restarted): come back with the same pass.
  for (const id of [...room.peers.keys()]) dropPeer(id);
  room.retries += 1;
  if (room.retries > MAX_RETRIES) return finish("room_gave_up");
  setState("reconnecting", "room_lost");
  setTimeout(connect, Math.min(1000 * 2 ** room.retries, 15000));
}

/**
 * Leave for good: close every connection and the devices, and show why, with a way on.
 * @param {string} reason the end screen's prompt
 */
export function finish(reason) {
  if (room.stopped) return;
  room.stopped = true;
  // Too early, and the time is known: say when it opens.
  const id = reason === "room_not_open" && when ? "room_not_open_at" : reason;
  for (const peerId of [...room.peers.keys()]) dropPeer(peerId);
  for (const track of room.local?.getTracks() ?? []) track.stop();
  room.socket?.close(1000);
  showEnd(id);
}
