// @ts-check
// The contact step's choice of how the reminder comes: a call that speaks it and asks for a
// key (1 keep, 2 cancel, 0 a person calls), a text message, or both. Untouched, nothing is
// sent with the booking and the server decides: a call where the language's reminder can be
// spoken, else a text message; what is shown pressed at first says the same. Offered only
// when the server can place calls at all (the language's manifest says `calls`): else no
// choice is shown, and the reminder comes as a text message.
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
  flow.remind ??= /** @type {Remind} */ ({ call: false, sms: true, touched: false });
  $("reminder-way").replaceChildren(); // nothing to choose until the server says it can call
  Promise.resolve(manifest(code)).then((found) => {
    if (page.language.code !== code) return; // another language was chosen meanwhile
    if (!found?.calls) {
      flow.remind = /** @type {Remind} */ ({ call: false, sms: true, touched: false });
      return;
    }
    // The language's call question has audio: the server will call by default, so show it.
    if (!flow.remind.touched && found.prompts?.call_key1) Object.assign(flow.remind, { call: true, sms: false });
    draw(page);
  }).catch(() => {});
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
