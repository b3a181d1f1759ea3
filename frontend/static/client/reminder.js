// @ts-check
// The contact step's choice of how the reminder comes: a call that speaks it and asks for a
// key (1 keep, 2 cancel, 0 a person calls), a text message, or both. Untouched, nothing is
// sent with the booking and the server decides: a call where the language's reminder can be
// spoken, else a text message; what is shown pressed at first says the same.
import { $, el } from "../dom.js";
import { hear, icon, markLanguage, prompt } from "../ui.js";
import { manifest, play } from "../speech.js";

/** @typedef {{ call: boolean, sms: boolean, touched: boolean }} Remind */

const WAYS = /** @type {const} */ ([["call", "handset", "remind_call"], ["sms", "bubble", "remind_sms"]]);

/**
 * Draw the two toggles in #reminder-way for the flow's choice (made now if there is none).
 * @param {{ language: { code: string }, flow: any }} page
 */
export function renderReminderWay(page) {
  const { code } = page.language;
  const { flow } = page;
  if (!flow.remind) {
    flow.remind = /** @type {Remind} */ ({ call: false, sms: true, touched: false });
    // The language's call question has audio: the server will call by default, so show it.
    Promise.resolve(manifest(code)).then((found) => {
      if (!flow.remind.touched && found?.prompts?.call_key1) {
        Object.assign(flow.remind, { call: true, sms: false });
        draw(page);
      }
    }).catch(() => {});
  }
  draw(page);
}

/** @param {{ language: { code: string }, flow: any }} page */
function draw(page) {
  const { code } = page.language;
  /** @type {Remind} */
  const remind = page.flow.remind;
  const buttons = WAYS.map(([way, iconName, id]) => {
    const found = prompt(code, id);
    const button = markLanguage(el("button", {
      type: "button", class: "toggle", "aria-pressed": String(remind[way]), "data-testid": `remind-${way}`,
    }, icon(iconName), el("span", {}, found.text)), found);
    button.addEventListener("click", () => {
      remind[way] = !remind[way];
      if (!remind.call && !remind.sms) remind[way === "call" ? "sms" : "call"] = true; // one way at least
      remind.touched = true;
      draw(page);
      /** @type {HTMLElement | null} */ ($("reminder-way").querySelector(`[data-testid="remind-${way}"]`))?.focus();
      play(hear(code, id));
    });
    return button;
  });
  $("reminder-way").replaceChildren(...buttons);
}

/**
 * The booking's `reminder_by` for the flow's choice; undefined when the client left it.
 * @param {{ remind?: Remind, phone?: string }} flow
 * @returns {"call" | "sms" | "call_and_sms" | undefined}
 */
export function reminderBy(flow) {
  const remind = flow.remind;
  if (!remind?.touched || !flow.phone) return undefined;
  return remind.call && remind.sms ? "call_and_sms" : remind.call ? "call" : "sms";
}
