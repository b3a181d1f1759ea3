// @ts-check
// Free times as a full list, 14 days at a time, grouped by day: for those who read (the client
// page's "all times", and moving a booking on the link page). Each time is written as the server
// writes it in the client's language (Babel, as the SMS). A speech bubble marks a time in the
// client's own language; two people and a bubble mark a time with an interpreter.

import { el } from "./dom.js";
import { getJSON } from "./http.js";
import { addDays, helsinkiDay } from "./days.js";
import { hear, icon, labelButton, line, prompt, say, speakerButton } from "./ui.js";
import { join, play, sayDate } from "./speech.js";
import { callUs, remembered } from "./callus.js";

/**
 * A free time as /api/v1/slots gives it: `slot` is its signed reference, the labels the
 * server's words for it (Babel, as the SMS).
 * @typedef {{ slot: string, starts_at: string, label?: string, time_label?: string, own_language?: boolean, [more: string]: any }} Slot
 */

const DAYS = 14; // per request; the server refuses more than 62

/**
 * A button for `slot`; `own_language` undefined (a 409's next free times) shows no pictogram.
 * @param {string} code
 * @param {Slot} slot
 * @param {(slot: Slot) => void} pick
 * @param {{ testid?: string, text?: string }} [options]
 */
export function slotButton(code, slot, pick, { testid = "slot", text = slot.time_label } = {}) {
  const own = slot.own_language;
  const note = own === undefined ? null : prompt(code, own ? "own_language" : "interpreter");
  const button = el("button", { type: "button", class: "slot", "data-testid": testid, "data-slot-start": slot.starts_at,
    "data-own-language": own === undefined ? null : String(own) },
    el("span", {}, text), note && icon(own ? "bubble" : "interpreter"));
  if (note) button.setAttribute("aria-label", `${text}, ${note.text}`);
  button.addEventListener("click", () => pick(slot));
  return button;
}

/**
 * The next free times a 409 offered, to take at once.
 * @type {(code: string, slots: Slot[], pick: (slot: Slot) => void) => HTMLDivElement}
 */
export const nextSlots = (code, slots, pick) =>
  el("div", { class: "times wide" }, ...slots.map((slot) => slotButton(code, slot, pick, { testid: "next-slot", text: slot.label })));

function daySection(code, slots, pick) {
  const title = slots[0].day_label;
  return el("section", { class: "day" },
    el("div", { class: "day-head" }, el("h2", { tabindex: "-1" }, title),
      speakerButton(code, async () => join(...(await Promise.all(slots.map((s) => sayDate(s.starts_at, { lang: code, text: s.label }))))))),
    el("div", { class: "times" }, ...slots.map((slot) => slotButton(code, slot, pick))));
}

/**
 * Fill `box` with the free times for `query` (service_id, municipality, language, channel),
 * from today to `lastDay` at most; `pick(slot)` runs when one is tapped.
 * @param {HTMLElement} box
 * @param {string} code
 * @param {Record<string, string>} query
 * @param {(slot: Slot) => void} pick
 * @param {string} lastDay
 */
export function slotPicker(box, code, query, pick, lastDay) {
  const legend = el("div", { class: "legend" }, line(code, "own_language", "bubble"), line(code, "interpreter", "interpreter"));
  const days = el("div", { class: "days" });
  const empty = el("div", { class: "empty", "data-testid": "slots-reason", hidden: "" });
  const later = labelButton(el("button", { type: "button", class: "change more", "data-testid": "slots-later", hidden: "" }), "more", code, "later");
  const retry = labelButton(el("button", { type: "button", class: "change more", hidden: "" }), "retry", code, "try_again");
  box.replaceChildren(legend, days, empty, later, retry);
  let from = helsinkiDay();
  let shown = 0;

  async function load(focusNew) {
    const to = addDays(from, DAYS - 1);
    later.hidden = retry.hidden = true;
    days.setAttribute("aria-busy", "true");
    let found;
    try {
      found = await getJSON(`/api/v1/slots?${new URLSearchParams({ ...query, from, to })}`);
    } catch {
      say(code, "load_failed");
      retry.hidden = false;
      return;
    } finally {
      days.removeAttribute("aria-busy");
    }
    if (box.firstChild !== legend) return; // another search replaced this one meanwhile
    from = addDays(to, 1);
    const groups = new Map();
    for (const slot of found.slots) {
      const day = helsinkiDay(new Date(slot.starts_at));
      groups.set(day, [...(groups.get(day) ?? []), slot]);
    }
    const sections = [...groups.values()].map((slots) => daySection(code, slots, pick));
    days.append(...sections);
    shown += found.slots.length;
    say(code, found.slots.length || !shown ? null : "no_times");
    empty.hidden = shown > 0;
    if (!shown) {
      // The server's reason is plain text in its own words: shown as it is, in its own direction.
      const reason = found.reason ? el("p", { class: "detail", dir: "auto" }, found.reason) : "";
      const call = callUs(code, remembered());
      empty.replaceChildren(line(code, "no_times", "calendar"), reason, ...call.nodes.filter(Boolean));
      play(async () => join(await hear(code, "no_times"), await call.toPlay()));
    }
    later.hidden = from > lastDay;
    if (focusNew) sections[0]?.querySelector("h2").focus();
  }

  later.addEventListener("click", () => load(true));
  retry.addEventListener("click", () => load(false));
  return load(false);
}
