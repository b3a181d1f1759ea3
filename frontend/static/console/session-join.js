// @ts-check
// The interpreter's side of a bridged phone session (session-bridge-join.js is the advisor's):
// while Neuvo has the client on the line (`phone.join_call` in her day view), "Join the call"
// gives her microphone's offer (ICE gathered, no trickling) to the server; the advisor's
// browser answers it and mixes her into the call. Her browser asks how her leg goes until the
// answer is there, sets it, and goes on asking, to learn when the call ended. She never gets
// the client's number: only the call's id. A joined call outlives the day view's reloads.
import { el } from "../dom.js";
import { gathered, microphonePeer } from "./peer.js";

/** @type {import("./tabs.js").Strings} */
export const joinStrings = {
  fi: {
    joinCall: "Liity puheluun", joinLive: "Asiakkaan puhelu on käynnissä: voit liittyä selaimella.",
    joinWaiting: "Yhdistetään ohjaajaan…", joinOn: "Puhelussa {time}", joinLeave: "Poistu puhelusta",
    joinEnded: "Puhelu päättyi.", joinBar: "Puhelu asiakkaan kanssa", joinBelow: "Olet puhelussa: ohjaimet ikkunan alareunassa.",
  },
  sv: {
    joinCall: "Anslut till samtalet", joinLive: "Klientens samtal pågår: du kan ansluta med webbläsaren.",
    joinWaiting: "Kopplar till handledaren…", joinOn: "I samtalet {time}", joinLeave: "Lämna samtalet",
    joinEnded: "Samtalet avslutades.", joinBar: "Samtal med klienten", joinBelow: "Du är i samtalet: knapparna finns längst ned i fönstret.",
  },
  en: {
    joinCall: "Join the call", joinLive: "The client's call is on: you can join from your browser.",
    joinWaiting: "Connecting to the advisor…", joinOn: "On the call {time}", joinLeave: "Leave the call",
    joinEnded: "The call ended.", joinBar: "Call with the client", joinBelow: "You are on the call: its buttons are at the bottom of the window.",
  },
};

/** @type {Map<string, { box: HTMLElement }>} her joined calls by session id */
const joined = new Map();

/** @param {number} ms */
const clock = (ms) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/** Whether the interpreter is on (or joining) this session's call in this page. @param {string} id */
export const joining = (id) => joined.has(id);

/**
 * "Join the call" for the session's interpreter while the client's bridged call is live; the
 * joined call's note when she is on it; null otherwise.
 * @param {any} session one answer of GET /api/v1/bookings
 * @param {{ api: Function, t: Function, report: Function, reload: () => Promise<void>, panel: HTMLElement }} ctx
 * @returns {HTMLElement | null}
 */
export function joinControls(session, ctx) {
  const id = session.id;
  const running = joined.get(id);
  if (running) return running.box;
  if (!session.phone?.join_call) return null;
  const { t, report } = ctx;
  const join = el("button", { type: "button", class: "primary", "data-testid": `join-call-${id}` }, t("joinCall"));
  const box = el("div", { class: "bridge", role: "group", "aria-label": t("joinBar"), "data-testid": `join-${id}-box` },
    el("p", {}, t("joinLive")), join);
  join.addEventListener("click", async () => {
    join.disabled = true;
    try {
      await start(session, ctx, box);
    } catch (error) {
      report(error);
      join.disabled = false;
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
  const { stream, pc, audio } = await microphonePeer(session.phone.ice_servers ?? [], t("bridgeNoMic"), `join-audio-${id}`);
  pc.addEventListener("track", (event) => { audio.srcObject = event.streams[0] ?? new MediaStream([event.track]); });
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  const base = `/api/v1/bookings/${id}/bridge/${session.phone.join_call}/joins`;
  const first = await api("POST", base, { sdp: pc.localDescription?.sdp ?? "" }).catch((/** @type {unknown} */ error) => {
    pc.close();
    for (const track of stream.getTracks()) track.stop();
    audio.remove();
    throw error;
  });
  const leg = { id: first.call.id, timer: 0, remote: false, since: 0 };
  const state = el("p", { role: "status", "data-testid": `join-state-${id}`, "data-state": "calling" }, t("joinWaiting"));
  const mute = el("button", { type: "button", "aria-pressed": "false", "data-testid": `join-mute-${id}` }, t("bridgeMute"));
  const leave = el("button", { type: "button", class: "danger", "data-testid": `join-leave-${id}` }, t("joinLeave"));
  const bar = el("div", { class: "call-bar", role: "region", "aria-label": t("joinBar"), "data-testid": `join-bar-${id}` },
    state, el("div", { class: "toolbar" }, mute, leave));
  document.body.append(bar);
  box.replaceChildren(el("p", {}, t("joinBelow")));
  joined.set(id, { box });
  leave.focus();
  mute.addEventListener("click", () => {
    const on = mute.getAttribute("aria-pressed") !== "true";
    mute.setAttribute("aria-pressed", String(on));
    for (const track of stream.getAudioTracks()) track.enabled = !on;
  });
  const finish = async () => {
    window.clearTimeout(leg.timer);
    pc.close();
    for (const track of stream.getTracks()) track.stop();
    audio.remove();
    bar.remove();
    joined.delete(id);
    await reload();
    const again = /** @type {HTMLElement | null} */ (panel.querySelector(`[data-testid="session-${id}"]`));
    again?.querySelector(".phone-session")?.append(el("p", { role: "status", "data-testid": `join-ended-${id}` }, t("joinEnded")));
    /** @type {HTMLElement | null} */ (panel.querySelector(`[data-testid="join-call-${id}"]`) ?? panel.querySelector(`[data-testid="join-${id}"]`))?.focus();
  };
  const show = async (/** @type {any} */ answer) => {
    state.dataset.state = answer.state;
    if (answer.answer_sdp && !leg.remote) {
      leg.remote = true;
      await pc.setRemoteDescription({ type: "answer", sdp: answer.answer_sdp });
    }
    if (answer.state === "answered" && !leg.since) leg.since = Date.now();
    state.textContent = answer.state === "answered" ? t("joinOn", { time: clock(Date.now() - leg.since) }) : t("joinWaiting");
  };
  const poll = async () => {
    try {
      const answer = await api("GET", `${base}/${leg.id}`);
      if (answer.state === "ended") return await finish();
      await show(answer);
    } catch (error) {
      report(error);
    }
    if (joined.has(id)) leg.timer = window.setTimeout(poll, leg.remote ? 2000 : 1000);
  };
  leave.addEventListener("click", async () => {
    leave.disabled = true;
    window.clearTimeout(leg.timer);
    try {
      await api("POST", `${base}/${leg.id}/leave`);
      await finish();
    } catch (error) {
      report(error);
      leave.disabled = false;
    }
  });
  await show(first);
  leg.timer = window.setTimeout(poll, 1000);
}
