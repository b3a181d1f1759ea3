// @ts-check
// The interpreter joining the bridged call from her own browser (session-join.js is her side):
// following the client's call, this browser learns of her offer (`joining`), answers it with a
// new RTCPeerConnection added to the three-way mix (session-bridge-mix.js: her leg sends the
// microphone and every other leg, and is heard by them), and posts its answer. A leg it holds
// that the server no longer lists as `joined` has ended (she left): it is closed. Neuvo only
// carries the offer and the answer; her browser and this one talk to each other.
import { el } from "../dom.js";
import { Mix } from "./session-bridge-mix.js";

/** @type {import("./tabs.js").Strings} */
export const joinedStrings = {
  fi: {
    joinedWaiting: "Tulkki liittyy selaimella…", joinedOn: "Tulkki mukana selaimella {time}",
    joinedLeft: "Tulkki poistui puhelusta.", joinedLeg: "Tulkki selaimella",
  },
  sv: {
    joinedWaiting: "Tolken ansluter med webbläsaren…", joinedOn: "Tolken med via webbläsaren {time}",
    joinedLeft: "Tolken lämnade samtalet.", joinedLeg: "Tolken via webbläsaren",
  },
  en: {
    joinedWaiting: "The interpreter joins from her browser…", joinedOn: "Interpreter on the call from her browser {time}",
    joinedLeft: "The interpreter left the call.", joinedLeg: "The interpreter in her browser",
  },
};

/** @param {number} ms */
const clock = (ms) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/**
 * The call bar's part for the interpreter in her browser: her state and "End the interpreter's
 * call". `update(answer)` with each answer of following the client's call; `end()` when it ends.
 * @param {string} id the session
 * @param {import("./session-bridge-mix.js").ClientLeg & { callId: string }} call
 * @param {{ api: Function, t: Function, report: Function, gathered: (pc: RTCPeerConnection) => Promise<unknown> }} ctx
 */
export function browserLegs(id, call, { api, t, report, gathered }) {
  const state = el("p", { role: "status", "data-testid": `bridge-joined-state-${id}` });
  const hangUp = el("button", { type: "button", hidden: true, "data-testid": `bridge-joined-hangup-${id}` },
    t("bridgeInterpreterHangUp"));
  const box = el("div", { class: "toolbar leg", role: "group", hidden: true, "aria-label": t("joinedLeg"),
    "data-testid": `bridge-joined-${id}` }, state, hangUp);
  /** @type {Map<string, { pc: RTCPeerConnection, audio: HTMLAudioElement, since: number }>} */
  const legs = new Map();
  /** @type {Set<string>} offers being answered now (a poll comes every second or two) */
  const answering = new Set();
  const base = () => `/api/v1/bookings/${id}/bridge/${call.callId}/joins`;

  const close = (/** @type {string} */ joinId) => {
    const leg = legs.get(joinId);
    if (!leg) return;
    leg.pc.close();
    leg.audio.remove();
    call.mix?.remove(`join-${joinId}`);
    legs.delete(joinId);
  };
  const draw = () => {
    const [first] = legs.values();
    hangUp.hidden = !first;
    if (first) {
      box.hidden = false;
      state.dataset.state = first.since ? "answered" : "calling";
      state.textContent = first.since ? t("joinedOn", { time: clock(Date.now() - first.since) }) : t("joinedWaiting");
    }
  };

  /** @param {{ id: string, offer_sdp: string }} offer */
  const answer = async (offer) => {
    answering.add(offer.id);
    try {
      // The mix starts with her, as with an interpreter dialled by phone.
      if (!call.mix) call.mix = new Mix(call.stream);
      const mix = call.mix;
      await mix.context.resume();
      if (!mix.legs.has("client")) {
        const track = mix.add("client");
        if (call.incoming) mix.heard("client", call.incoming);
        await call.pc.getSenders()[0]?.replaceTrack(track);
      }
      const name = `join-${offer.id}`;
      const pc = new RTCPeerConnection({ iceServers: call.ice });
      const audio = el("audio", { autoplay: true, "data-testid": `bridge-joined-audio-${id}` });
      document.body.append(audio);
      legs.set(offer.id, { pc, audio, since: 0 });
      box.hidden = false;
      draw();
      // Her leg is in the mix before her audio arrives (the track comes with her offer).
      const track = mix.add(name);
      pc.addEventListener("track", (event) => {
        const stream = event.streams[0] ?? new MediaStream([event.track]);
        audio.srcObject = stream;
        mix.heard(name, stream);
      });
      await pc.setRemoteDescription({ type: "offer", sdp: offer.offer_sdp });
      const [transceiver] = pc.getTransceivers();
      transceiver.direction = "sendrecv";
      await transceiver.sender.replaceTrack(track);
      await pc.setLocalDescription(await pc.createAnswer());
      await gathered(pc);
      const done = await api("POST", `${base()}/${offer.id}/answer`, { sdp: pc.localDescription?.sdp ?? "" });
      const leg = legs.get(offer.id);
      if (done.state === "ended") close(offer.id);
      else if (leg) leg.since = Date.now();
      draw();
    } catch (error) {
      close(offer.id);
      report(error);
    } finally {
      answering.delete(offer.id);
    }
  };

  hangUp.addEventListener("click", async () => {
    const [joinId] = legs.keys();
    if (!joinId) return;
    hangUp.disabled = true;
    try {
      await api("POST", `${base()}/${joinId}/leave`);
      close(joinId);
      state.dataset.state = "ended";
      state.textContent = t("joinedLeft");
      hangUp.hidden = true;
    } catch (error) {
      report(error);
    } finally {
      hangUp.disabled = false;
    }
  });

  return {
    box,
    /**
     * @param {any} following an answer of following the client's call
     * @param {number} asked when that answer was asked for (a leg answered since is kept)
     */
    update(following, asked) {
      const joined = new Set(following.joined ?? []);
      for (const offer of following.joining ?? []) {
        if (!legs.has(offer.id) && !answering.has(offer.id)) answer(offer);
      }
      for (const [joinId, leg] of legs) {
        if (leg.since && leg.since < asked && !joined.has(joinId)) {
          close(joinId);
          state.dataset.state = "ended";
          state.textContent = t("joinedLeft");
          hangUp.hidden = true;
        }
      }
      if (legs.size) draw();
    },
    /** the client's call ended (the server ended her leg with it) */
    end() { for (const joinId of [...legs.keys()]) close(joinId); },
  };
}
