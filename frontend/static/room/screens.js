// @ts-check
// The room page's screens and what they say: the status line, the sections, the host's waiting list, each end's way on.

import { $, el } from "../dom.js";
import { hear, icon, labelButton, prompt, renderPrompt, say } from "../ui.js";
import { join, play } from "../speech.js";
import { callUs, hearNumber, numberLine } from "../callus.js";
import { code, HOSTS, opens, phone, room, send, when } from "./state.js";

const sections = ["ready", "testing", "call", "ended"];
const WAY_OUT = ["room_denied", "room_gave_up", "room_full"]; // ends that tell the client to call

/**
 * Show the connection state (for the tests and the styles) and say prompt `id`, if any.
 * @param {string} state
 * @param {string} [id]
 */
export function setState(state, id) {
  $("status").dataset.connectionState = state;
  if (id) say(code, id);
}

/**
 * Show screen `name` alone, with prompt `id` as its heading (said aloud unless `spoken` is false).
 * @param {string} name
 * @param {string} [id]
 * @param {boolean} [spoken]
 */
export function show(name, id, spoken = true) {
  for (const section of sections) $(section).hidden = section !== name;
  if (!id) return;
  const vars = id === "room_not_open_at" ? { when } : undefined;
  renderPrompt($(`${name}-prompt`), id, code, vars);
  if (spoken) play(hear(code, id, vars));
}

// The host's view: who is waiting (and in what language), whether the interpreter is in.

export function renderHost() {
  if (!HOSTS.has(room.role)) return;
  $("waiting-title").replaceChildren(icon("clock"), prompt(code, "room_waiting_list").text);
  const items = [...room.waiting.values()].map((peer) => {
    const admit = labelButton(el("button", { type: "button", class: "change", "data-testid": "admit" }), "check", code, "room_admit");
    admit.addEventListener("click", () => send({ type: "admit", peer: peer.id }));
    const language = new Intl.DisplayNames([code], { type: "language" }).of(peer.language ?? "und") ?? peer.language;
    return el("li", { "data-peer": peer.id, "data-language": peer.language ?? "" }, el("span", {}, language), " ", admit);
  });
  $("waiting-list").replaceChildren(...(items.length ? items : [el("li", {}, prompt(code, "room_nobody_waiting").text)]));
  // Only a session that needs an interpreter says whether she is in.
  const interpreterIn = [...room.infos.values()].some((info) => info.role === "interpreter");
  $("interpreter-state").hidden = !room.needsInterpreter;
  $("interpreter-state").dataset.present = String(interpreterIn);
  $("interpreter-state").textContent = room.needsInterpreter ? prompt(code, interpreterIn ? "room_interpreter_in" : "room_interpreter_out").text : "";
}

/**
 * The end screen for prompt `id`, said aloud, with its way on.
 * @param {string} id
 */
export function showEnd(id) {
  show("ended", id, false);
  // Said aloud, with the number where there is one to give.
  const vars = id === "room_not_open_at" ? { when } : undefined;
  const number = !phone ? null : id === "room_phone" ? "call_from" : WAY_OUT.includes(id) ? "our_number" : null;
  play(async () => (number ? join(await hear(code, id, vars), await hearNumber(code, number, phone)) : hear(code, id, vars)));
  setState(id === "room_phone" ? "phone" : "closed", id);
  wayBack(id);
}

/**
 * Every end has a way on: back to the booking, or the call-us line with the organisation's
 * number (from the booking page) and a new booking; gone on by phone, the number we call from.
 * @param {string} id
 */
function wayBack(id) {
  const back = labelButton(el("button", { type: "button", class: "change big flip", "data-testid": "room-back" }), "back", code, "room_back");
  back.addEventListener("click", () => (history.length > 1 ? history.back() : location.assign("/")));
  const more = WAY_OUT.includes(id) ? callUs(code, phone).nodes
    : id === "room_phone" ? [numberLine(code, phone, "call_from")] : [];
  $("ended-prompt").after(el("div", { class: "stack", id: "ended-more" }, ...more.filter(Boolean), back));
  if (id === "room_not_open_at" && opens > Date.now() && opens - Date.now() < 2 ** 31 - 1) {
    setTimeout(() => location.reload(), opens - Date.now() + 1000); // open at its time
  }
}
