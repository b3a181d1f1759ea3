// @ts-check
// What the room page knows: the link's pass, language and time, and who is in the room now.

import { guessLanguage } from "../ui.js";

const params = new URLSearchParams(location.hash.slice(1));
export const pass = params.get("t") ?? "";
export const code = params.get("lang") || guessLanguage();
export const when = params.get("when") ?? ""; // the session's time as the SMS writes it
export const opens = Date.parse(params.get("opens") ?? "");
// The organisation's number ("+35885550100 08 5550100", from the booking page): the way out
// when the call fails, and the number we call from when the session goes on by phone.
const [e164, ...label] = (params.get("phone") ?? "").split(" ");
export const phone = /^\+\d{6,15}$/.test(e164) ? { e164, label: label.join(" ") || e164 } : null;
export const roomId = location.pathname.split("/").pop();
export const HOSTS = new Set(["advisor", "peer_counsellor"]);

/**
 * The page's changing state, shared by its modules.
 * @type {{ local: MediaStream | null, soundOnly: boolean, socket: WebSocket | null, me: string | null,
 *   role: string | null, needsInterpreter: boolean, iceServers: RTCIceServer[], admitted: boolean, stopped: boolean, retries: number,
 *   test: { pc: RTCPeerConnection, id: string, timer: ReturnType<typeof setInterval> } | null,
 *   peers: Map<string, { pc: RTCPeerConnection, tile?: HTMLVideoElement }>, infos: Map<string, any>, waiting: Map<string, any> }}
 */
export const room = {
  local: null, // this device's camera and microphone
  soundOnly: false,
  socket: null,
  me: null,
  role: null,
  needsInterpreter: false, // the welcome says
  iceServers: [],
  admitted: false,
  stopped: false,
  retries: 0,
  test: null, // the device test under way
  peers: new Map(), // id -> { pc, tile }
  infos: new Map(), // id -> what the server says about them (role, language, muted)
  waiting: new Map(), // id -> info, for hosts
};

/**
 * Send one signalling message, if the socket is open.
 * @param {{ type: string, [more: string]: unknown }} message
 */
export function send(message) {
  if (room.socket?.readyState === WebSocket.OPEN) room.socket.send(JSON.stringify(message));
}
