// @ts-check
// The interpreter dialled into a bridged call (session-bridge.js), and the three-way mix.
// Neuvo dials her number as a second leg: this browser's second RTCPeerConnection, offered to
// /api/v1/bookings/{id}/bridge/interpreter, followed and hung up like the client's leg. Her
// number stays on the server. Janus only bridges each leg to its phone, so this browser mixes
// (a host-mixed three-way call): each leg sends the microphone plus every other leg's audio,
// and the advisor hears every leg through its <audio> element.
import { el } from "../dom.js";

/** @type {import("./tabs.js").Strings} */
export const mixStrings = {
  fi: {
    bridgeInterpreter: "Soita tulkki mukaan", bridgeInterpreterCalling: "Tulkille soitetaan…",
    bridgeInterpreterRinging: "Tulkin puhelin hälyttää…", bridgeInterpreterAnswered: "Tulkki mukana {time}",
    bridgeInterpreterEnded: "Tulkin puhelu päättyi: {outcome}", bridgeInterpreterHangUp: "Lopeta tulkin puhelu",
    bridgeInterpreterLeg: "Tulkin puhelu", partyInterpreter: "Tulkki",
  },
  sv: {
    bridgeInterpreter: "Koppla in tolken", bridgeInterpreterCalling: "Ringer upp tolken…",
    bridgeInterpreterRinging: "Det ringer hos tolken…", bridgeInterpreterAnswered: "Tolken med {time}",
    bridgeInterpreterEnded: "Tolkens samtal avslutades: {outcome}", bridgeInterpreterHangUp: "Avsluta tolkens samtal",
    bridgeInterpreterLeg: "Samtal till tolken", partyInterpreter: "Tolken",
  },
  en: {
    bridgeInterpreter: "Call the interpreter in", bridgeInterpreterCalling: "Calling the interpreter…",
    bridgeInterpreterRinging: "The interpreter's phone rings…", bridgeInterpreterAnswered: "Interpreter on the call {time}",
    bridgeInterpreterEnded: "The interpreter's call ended: {outcome}", bridgeInterpreterHangUp: "End the interpreter's call",
    bridgeInterpreterLeg: "Call to the interpreter", partyInterpreter: "Interpreter",
  },
};

/**
 * One AudioContext mixing the call: per leg, a destination (what that leg sends) fed by the
 * microphone and by every other leg's remote audio. Muting the microphone's track silences it
 * in every mix. Chromium feeds a remote WebRTC stream to WebAudio only while a media element
 * plays it: each leg keeps its <audio>.
 */
export class Mix {
  /** @param {MediaStream} microphone */
  constructor(microphone) {
    this.context = new AudioContext(); // made in a click: allowed to start
    this.microphone = this.context.createMediaStreamSource(microphone);
    /** @type {Map<string, { destination: MediaStreamAudioDestinationNode, source: MediaStreamAudioSourceNode | null }>} */
    this.legs = new Map();
  }

  /**
   * A leg joins the mix: the track it sends from now on.
   * @param {string} name
   * @returns {MediaStreamTrack}
   */
  add(name) {
    const destination = this.context.createMediaStreamDestination();
    this.microphone.connect(destination);
    for (const other of this.legs.values()) other.source?.connect(destination);
    this.legs.set(name, { destination, source: null });
    return destination.stream.getAudioTracks()[0];
  }

  /**
   * A leg's remote audio arrived: into every other leg's mix.
   * @param {string} name
   * @param {MediaStream} stream
   */
  heard(name, stream) {
    const leg = this.legs.get(name);
    if (!leg || leg.source || !stream.getAudioTracks().length) return;
    leg.source = this.context.createMediaStreamSource(stream);
    for (const [other, { destination }] of this.legs) if (other !== name) leg.source.connect(destination);
  }

  /** @param {string} name a leg that ended */
  remove(name) {
    const leg = this.legs.get(name);
    if (!leg) return;
    leg.source?.disconnect();
    this.microphone.disconnect(leg.destination);
    this.legs.delete(name);
  }

  close() {
    this.context.close().catch(() => undefined);
  }
}

/** @param {number} ms */
const clock = (ms) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/**
 * @typedef {{ pc: RTCPeerConnection, stream: MediaStream, incoming: MediaStream | null, mix: Mix | null,
 *   ice: RTCIceServer[] }} ClientLeg the client's live call, as session-bridge.js keeps it
 */

/**
 * The call bar's part for the interpreter: "Call the interpreter in", then her leg's state
 * and its own hang-up. Shown once the client answered; `end()` when the client's call ends.
 * @param {string} id the session
 * @param {ClientLeg} call
 * @param {{ api: Function, t: Function, report: Function, gathered: (pc: RTCPeerConnection) => Promise<unknown> }} ctx
 */
export function interpreterLeg(id, call, { api, t, report, gathered }) {
  const dial = el("button", { type: "button", "data-testid": `bridge-interpreter-call-${id}` }, t("bridgeInterpreter"));
  const state = el("p", { role: "status", "data-testid": `bridge-interpreter-state-${id}` });
  // Not red: the red button ends the whole call; this one only her leg.
  const hangUp = el("button", { type: "button", hidden: true, "data-testid": `bridge-interpreter-hangup-${id}` },
    t("bridgeInterpreterHangUp"));
  const box = el("div", { class: "toolbar leg", role: "group", hidden: true, "aria-label": t("bridgeInterpreterLeg"),
    "data-testid": `bridge-interpreter-${id}` }, state, dial, hangUp);
  /** @type {{ pc: RTCPeerConnection, audio: HTMLAudioElement, callId: string, timer: number, answeredAt: number, remote: boolean, state: string } | null} */
  let leg = null;
  const base = `/api/v1/bookings/${id}/bridge`;

  const close = () => {
    if (!leg) return;
    window.clearTimeout(leg.timer);
    leg.pc.close();
    leg.audio.remove();
    call.mix?.remove("interpreter");
    leg = null;
    hangUp.hidden = true;
    dial.hidden = false;
    dial.disabled = false;
  };
  const show = async (/** @type {any} */ answer) => {
    if (!leg) return;
    if (answer.state === "ended") {
      const focused = document.activeElement === hangUp; // she hung up: keep the keyboard's place
      close();
      if (focused) dial.focus();
      state.dataset.state = "ended";
      state.textContent = answer.call?.outcome ? t("bridgeInterpreterEnded", { outcome: t(answer.call.outcome) }) : "";
      return;
    }
    leg.state = state.dataset.state = answer.state;
    if (answer.answer_sdp && !leg.remote) {
      leg.remote = true;
      await leg.pc.setRemoteDescription({ type: "answer", sdp: answer.answer_sdp });
    }
    if (answer.state === "answered" && !leg.answeredAt) leg.answeredAt = Date.now();
    state.textContent = answer.state === "answered" ? t("bridgeInterpreterAnswered", { time: clock(Date.now() - leg.answeredAt) })
      : answer.state === "ringing" ? t("bridgeInterpreterRinging") : t("bridgeInterpreterCalling");
  };
  const poll = async () => {
    const mine = leg;
    if (!mine) return;
    try {
      await show(await api("GET", `${base}/${mine.callId}`));
    } catch (error) {
      report(error);
    }
    if (leg === mine) mine.timer = window.setTimeout(poll, mine.state === "answered" ? 2000 : 1000);
  };

  dial.addEventListener("click", async () => {
    dial.disabled = true;
    try {
      // The mix starts with her: the client's leg sends the microphone and her from now on.
      if (!call.mix) call.mix = new Mix(call.stream);
      const mix = call.mix;
      await mix.context.resume();
      if (!mix.legs.has("client")) {
        const track = mix.add("client");
        if (call.incoming) mix.heard("client", call.incoming);
        await call.pc.getSenders()[0]?.replaceTrack(track);
      }
      const pc = new RTCPeerConnection({ iceServers: call.ice });
      const track = mix.add("interpreter");
      pc.addTrack(track, new MediaStream([track]));
      const audio = el("audio", { autoplay: true, "data-testid": `bridge-interpreter-audio-${id}` });
      document.body.append(audio);
      pc.addEventListener("track", (event) => {
        const stream = event.streams[0] ?? new MediaStream([event.track]);
        audio.srcObject = stream;
        mix.heard("interpreter", stream);
      });
      leg = { pc, audio, callId: "", timer: 0, answeredAt: 0, remote: false, state: "calling" };
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc);
      state.dataset.state = "calling";
      state.textContent = t("bridgeInterpreterCalling");
      const first = await api("POST", `${base}/interpreter`, { sdp: pc.localDescription?.sdp ?? "" });
      if (!leg) return; // the client's call ended meanwhile
      leg.callId = first.call.id;
      dial.hidden = true;
      hangUp.hidden = false;
      hangUp.disabled = false;
      hangUp.focus();
      await show(first);
      if (leg) leg.timer = window.setTimeout(poll, 1000);
    } catch (error) {
      close();
      state.textContent = "";
      report(error);
    }
  });
  hangUp.addEventListener("click", async () => {
    if (!leg) return;
    hangUp.disabled = true;
    window.clearTimeout(leg.timer);
    try {
      await show(await api("POST", `${base}/${leg.callId}/hangup`));
      dial.focus();
    } catch (error) {
      report(error);
      hangUp.disabled = false;
    }
  });
  return {
    box,
    /** the client answered: she may be called in */
    ready() { box.hidden = false; },
    /** the client's call ended (the server ended hers with it) */
    end() { close(); call.mix?.close(); },
  };
}
