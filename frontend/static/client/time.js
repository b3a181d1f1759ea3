// @ts-check
// The time screen by ear: one proposal at a time, earliest first ("Tuesday 14 April, 10:00:
// is that good?") with yes / another time / another day. The full list stays for readers.

import { el } from "../dom.js";
import { getJSON } from "../http.js";
import { addDays, helsinkiDay } from "../days.js";
import { hear, icon, labelButton, line, prompt, say } from "../ui.js";
import { join, play, sayDate } from "../speech.js";
import { callUs, remembered } from "../callus.js";

const DAYS = 14; // per request; the server refuses more than 62

/** @typedef {import("../slots.js").Slot} Slot */

/**
 * What a slot says: its date and time as the server writes them (Babel, as the SMS).
 * @type {(code: string, slot: Slot) => Promise<import("../speech.js").Playable>}
 */
export const saySlot = (code, slot) => sayDate(slot.starts_at, { lang: code, text: slot.label });

/**
 * Propose the free times of `query` one at a time in `box`, from today to `lastDay`;
 * `pick(slot)` runs on "yes". Returns {start(), hearAgain()}.
 * @param {HTMLElement} box
 * @param {string} code
 * @param {Record<string, string>} query
 * @param {(slot: Slot) => void} pick
 * @param {string} lastDay
 */
export function proposer(box, code, query, pick, lastDay) {
  let from = helsinkiDay();
  let slots = [];
  let at = -1;
  let exhausted = false;

  async function more() {
    while (!exhausted) {
      const to = addDays(from, DAYS - 1);
      const found = await getJSON(`/api/v1/slots?${new URLSearchParams({ ...query, from, to })}`);
      from = addDays(to, 1);
      exhausted = from > lastDay;
      if (found.slots.length) {
        slots.push(...found.slots);
        return found;
      }
    }
    return null;
  }

  /** Move to the first slot after `at` for which `test` holds, fetching more as needed. */
  async function seek(test) {
    for (let i = at + 1; ; i += 1) {
      if (i >= slots.length && !(await more())) return false;
      if (i < slots.length && test(slots[i])) {
        at = i;
        return true;
      }
    }
  }

  const toPlay = async () => join(await saySlot(code, slots[at]), await hear(code, "time_ok"));

  function render() {
    const slot = slots[at];
    const own = slot.own_language;
    const yes = labelButton(el("button", { type: "button", class: "primary big", "data-testid": "proposal-yes" }), "check", code, "yes_time");
    const other = labelButton(el("button", { type: "button", class: "change big", "data-testid": "proposal-other-time" }), "clock", code, "other_time");
    const day = labelButton(el("button", { type: "button", class: "change big", "data-testid": "proposal-other-day" }), "day", code, "other_day");
    yes.addEventListener("click", () => pick(slot));
    other.addEventListener("click", () => next(() => true));
    day.addEventListener("click", () => {
      const today = helsinkiDay(new Date(slot.starts_at));
      next((s) => helsinkiDay(new Date(s.starts_at)) !== today);
    });
    const note = prompt(code, own ? "own_language" : "interpreter");
    box.replaceChildren(
      el("div", { class: "proposal", "data-testid": "proposal-slot", "data-slot-start": slot.starts_at },
        el("p", { class: "proposal-day" }, icon("calendar"), el("span", { "data-testid": "proposal-day" }, slot.day_label)),
        el("p", { class: "proposal-time", "data-testid": "proposal-time" }, icon("clock"), el("span", {}, slot.time_label)),
        el("p", { class: "line" }, icon(own ? "bubble" : "interpreter"), el("span", {}, note.text))),
      line(code, "time_ok", "help"),
      el("div", { class: "stack answers" }, yes, other, day));
  }

  function nothing() {
    // The way out: the number of the service's organisation, shown as a tel: link and read out.
    const call = callUs(code, remembered());
    box.replaceChildren(el("div", { class: "empty", "data-testid": "slots-reason" },
      line(code, "no_times", "calendar"), ...call.nodes.filter(Boolean)));
    say(code, "no_times");
    play(async () => join(await hear(code, "no_times"), await call.toPlay()));
  }

  async function next(test) {
    box.setAttribute("aria-busy", "true");
    let found;
    try {
      found = await seek(test);
    } catch {
      box.removeAttribute("aria-busy");
      const retry = labelButton(el("button", { type: "button", class: "change" }), "retry", code, "try_again");
      retry.addEventListener("click", () => next(test));
      box.replaceChildren(line(code, "load_failed", "cross"), retry);
      return;
    }
    box.removeAttribute("aria-busy");
    if (!found) {
      if (at >= 0) {
        // Past the last one: begin again from the earliest.
        at = -1;
        return next(() => true);
      }
      return nothing();
    }
    render();
    play(toPlay());
  }

  return {
    start: () => next(() => true),
    hearAgain: () => (at >= 0 ? play(toPlay()) : null),
  };
}
