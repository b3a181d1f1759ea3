// @ts-check
// The browser's side of a call the console makes through Neuvo (session-bridge.js, the
// advisor's; session-join.js, the interpreter's): the microphone sent on a peer connection,
// what comes back played, and the offer made whole (ICE gathered, no trickling through the
// server).
import { el } from "../dom.js";

/**
 * The microphone, a peer connection sending it, and an <audio> element (in the page) for what
 * comes back; an Error saying `noMic` when the microphone cannot be had.
 * @param {RTCIceServer[]} iceServers
 * @param {string} noMic
 * @param {string} testid the <audio> element's
 * @returns {Promise<{ stream: MediaStream, pc: RTCPeerConnection, audio: HTMLAudioElement }>}
 */
export async function microphonePeer(iceServers, noMic, testid) {
  /** @type {MediaStream} */
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
  } catch {
    throw new Error(noMic);
  }
  const pc = new RTCPeerConnection({ iceServers });
  for (const track of stream.getAudioTracks()) pc.addTrack(track, stream);
  const audio = /** @type {HTMLAudioElement} */ (el("audio", { autoplay: true, "data-testid": testid }));
  document.body.append(audio);
  return { stream, pc, audio };
}

/**
 * Resolves once the browser has gathered its ICE candidates (all in the offer: no trickling
 * through the server), or after three seconds with what it has.
 * @param {RTCPeerConnection} pc
 */
export function gathered(pc) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => { if (pc.iceGatheringState === "complete") resolve(undefined); };
    pc.addEventListener("icegatheringstatechange", done);
    window.setTimeout(resolve, 3000);
  });
}
