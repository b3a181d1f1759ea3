// @ts-check
// A phone session called through Neuvo (session-phone.js shows it when a SIP connection is
// configured): "Call" gives the browser's microphone offer to the server, which dials the
// client and answers with the phone's audio once she picks up; mute and hang up. The browser
// never learns the number nor talks to the media server: everything goes through
// /api/v1/bookings/{id}/bridge. A live call outlives the day view's reloads (kept per session).
// An interpreter who joins by phone can be dialled in once the client answered
// (session-bridge-mix.js: a second leg, mixed here into a three-way call); an interpreter who
// joins from her own browser is answered here and mixed in the same way (session-bridge-join.js).
import { el } from "../dom.js";
import { gathered, microphonePeer } from "./peer.js";
import { interpreterLeg, mixStrings } from "./session-bridge-mix.js";
import { browserLegs, joinedStrings } from "./session-bridge-join.js";

/** @type {import("./tabs.js").Strings} */
export const bridgeStrings = {
  fi: {
    ...mixStrings.fi,
    ...joinedStrings.fi,
    bridgeCall: "Soita Neuvon kautta", bridgeCalling: "Soitetaan…", bridgeRinging: "Hälyttää…",
    bridgeAnswered: "Puhelu käynnissä {time}", bridgeEnded: "Puhelu päättyi: {outcome}",
    bridgeHangUp: "Lopeta puhelu", bridgeMute: "Mykistä mikrofoni", bridgeNoMic: "Mikrofonia ei saatu käyttöön.",
    bridgeControls: "Puhelu asiakkaalle", bridgeLive: "käynnissä", bridgeBelow: "Puhelu on käynnissä: ohjaimet ikkunan alareunassa.",
  },
  sv: {
    ...mixStrings.sv,
    ...joinedStrings.sv,
    bridgeCall: "Ring via Neuvo", bridgeCalling: "Ringer upp…", bridgeRinging: "Det ringer…",
    bridgeAnswered: "Samtal pågår {time}", bridgeEnded: "Samtalet avslutades: {outcome}",
    bridgeHangUp: "Lägg på", bridgeMute: "Stäng av mikrofonen", bridgeNoMic: "Mikrofonen kunde inte användas.",
    bridgeControls: "Samtal till klienten", bridgeLive: "pågår", bridgeBelow: "Samtalet pågår: knapparna finns längst ned i fönstret.",
  },
  en: {
    ...mixStrings.en,
    ...joinedStrings.en,
    bridgeCall: "Call through Neuvo", bridgeCalling: "Calling…", bridgeRinging: "Ringing…",
    bridgeAnswered: "On the call {time}", bridgeEnded: "Call ended: {outcome}",
    bridgeHangUp: "Hang up", bridgeMute: "Mute microphone", bridgeNoMic: "The microphone could not be used.",
    bridgeControls: "Call to the client", bridgeLive: "in progress", bridgeBelow: "On the call: its buttons are at the bottom of the window.",
  },
};

/**
 * @typedef {import("./session-bridge-mix.js").ClientLeg & { audio: HTMLAudioElement, callId: string,
 *   state: string, box: HTMLElement, timer: number, answeredAt: number, remote: boolean }} Live
 */
/** @type {Map<string, Live>} live calls by session id */
const live = new Map();

/** @param {number} ms */
const clock = (ms) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/**
 * The call controls of one phone session: the running call's when there is one.
 * @param {any} session one answer of GET /api/v1/bookings (phone.bridge true)
 * @param {{ api: Function, t: Function, report: Function, reload: () => Promise<void>, panel: HTMLElement }} ctx
 * @returns {HTMLElement}
 */
export function bridgeControls(session, { api, t, report, reload, panel }) {
  const id = session.id;
  const running = live.get(id);
  if (running) return running.box;
  // A call this page does not carry (the tab that placed it was closed): asking how it goes
  // lets the server find it ended (Janus hangs up a call nobody follows) and keep its end.
  const stale = (session.phone.calls ?? []).find((/** @type {any} */ c) => c.bridged && !c.ended_at);
  if (stale) {
    api("GET", `/api/v1/bookings/${id}/bridge/${stale.id}`)
      .then((/** @type {any} */ answer) => (answer.state === "ended" ? reload() : undefined))
      .catch(() => undefined);
  }
  const call = el("button", { type: "button", class: "primary", "data-testid": `bridge-call-${id}` }, t("bridgeCall"));
  const box = el("div", { class: "bridge", role: "group", "aria-label": t("bridgeControls"), "data-testid": `bridge-${id}` }, call);
  call.addEventListener("click", async () => {
    call.disabled = true;
    try {
      await start(session, { api, t, report, reload, panel }, box);
    } catch (error) {
      report(error);
      call.disabled = false;
    }
  });
  return box;
}

/**
 * @param {any} session
 * @param {{ api: Function, t: Function, report: Function, reload: () => Promise<void>, panel: HTMLElement }} ctx
 * @param {HTMLElement} box
 */
async function start(session, { api, t, report, reload, panel }, box) {
  const id = session.id;
  const { stream, pc, audio } = await microphonePeer(session.phone.ice_servers ?? [], t("bridgeNoMic"), `bridge-audio-${id}`);
  /** @type {Live} */
  const call = { pc, stream, incoming: null, mix: null, ice: session.phone.ice_servers ?? [], audio, callId: "",
    state: "calling", box, timer: 0, answeredAt: 0, remote: false };
  pc.addEventListener("track", (event) => {
    call.incoming = event.streams[0] ?? new MediaStream([event.track]);
    audio.srcObject = call.incoming;
    call.mix?.heard("client", call.incoming);
  });
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  const state = el("p", { role: "status", "data-testid": `bridge-state-${id}`, "data-state": "calling" }, t("bridgeCalling"));
  const mute = el("button", { type: "button", "aria-pressed": "false", "data-testid": `bridge-mute-${id}` }, t("bridgeMute"));
  const hangUp = el("button", { type: "button", class: "danger", "data-testid": `bridge-hangup-${id}` }, t("bridgeHangUp"));
  // The controls stay at the bottom of the window while the call lasts, whatever the advisor
  // scrolls to or opens (the day's table scrolls sideways on a phone).
  // Her leg's part of the bar, for an interpreter who joins by phone (Neuvo has her number).
  const interpreter = session.phone.interpreter_joins === "phone" ? interpreterLeg(id, call, { api, t, report, gathered }) : null;
  // And the interpreter joining from her own browser (any interpreter of the session may).
  const joined = browserLegs(id, call, { api, t, report, gathered });
  const bar = el("div", { class: "call-bar", role: "region", "aria-label": t("bridgeControls"), "data-testid": `bridge-bar-${id}` },
    state, el("div", { class: "toolbar" }, mute, hangUp), interpreter?.box, joined.box);
  document.body.append(bar);
  live.set(id, call);
  box.replaceChildren(el("p", {}, t("bridgeBelow")));
  hangUp.focus();
  mute.addEventListener("click", () => {
    const on = mute.getAttribute("aria-pressed") !== "true";
    mute.setAttribute("aria-pressed", String(on));
    // The microphone's own track: silent in every leg's mix too.
    for (const track of stream.getAudioTracks()) track.enabled = !on;
  });
  const base = `/api/v1/bookings/${id}/bridge`;
  const finish = async (/** @type {any} */ answer) => {
    window.clearTimeout(call.timer);
    joined.end();
    interpreter?.end(); // the server ended her leg with the client's
    pc.close();
    for (const track of stream.getTracks()) track.stop();
    audio.remove();
    bar.remove();
    live.delete(id);
    await reload();
    const again = /** @type {HTMLElement | null} */ (panel.querySelector(`[data-testid="bridge-call-${id}"]`));
    if (answer?.call?.outcome) {
      const said = t("bridgeEnded", { outcome: t(answer.call.outcome) });
      again?.closest(".bridge")?.prepend(el("p", { role: "status", "data-testid": `bridge-ended-${id}` }, said));
    }
    again?.focus();
  };
  const show = async (/** @type {any} */ answer, asked = Date.now()) => {
    call.state = answer.state;
    state.dataset.state = answer.state;
    if (answer.answer_sdp && !call.remote) {
      call.remote = true;
      await pc.setRemoteDescription({ type: "answer", sdp: answer.answer_sdp });
    }
    if (answer.state === "answered" && !call.answeredAt) {
      call.answeredAt = Date.now();
      interpreter?.ready();
    }
    joined.update(answer, asked);
    state.textContent = answer.state === "answered" ? t("bridgeAnswered", { time: clock(Date.now() - call.answeredAt) })
      : answer.state === "ringing" ? t("bridgeRinging") : t("bridgeCalling");
  };
  const poll = async () => {
    try {
      const asked = Date.now();
      const answer = await api("GET", `${base}/${call.callId}`);
      if (answer.state === "ended") return await finish(answer);
      await show(answer, asked);
    } catch (error) {
      report(error);
    }
    if (live.get(id) === call) call.timer = window.setTimeout(poll, call.state === "answered" ? 2000 : 1000);
  };
  hangUp.addEventListener("click", async () => {
    hangUp.disabled = true;
    window.clearTimeout(call.timer);
    try {
      await finish(call.callId ? await api("POST", `${base}/${call.callId}/hangup`) : null);
    } catch (error) {
      report(error);
      hangUp.disabled = false;
    }
  });
  try {
    const first = await api("POST", base, { sdp: pc.localDescription?.sdp ?? "" });
    call.callId = first.call.id;
    if (first.state === "ended") return await finish(first);
    await show(first);
    await reload(); // the day's list shows the call as going on (this box moves along)
    hangUp.focus();
  } catch (error) {
    await finish(null);
    throw error;
  }
  call.timer = window.setTimeout(poll, 1000);
}
