// @ts-check
// The way out of every dead end: wherever a client is told to call, the organisation's number
// as a tel: link, read out digit by digit after the words. The number last learnt (from a
// service chosen or a booking shown) is kept in this browser, so that a page that knows no
// organisation (a wrong link) can still give one.

import { el } from "./dom.js";
import { hear, icon, markLanguage, prompt, speakerButton } from "./ui.js";
import { join, sayDigits } from "./speech.js";
import { read, store } from "./client/store.js";

const KEY = "neuvo.phone";

/** @typedef {{ e164: string, label: string }} Phone an organisation's public number */

/**
 * The number of `data` (a service or a booking: organisation_phone, organisation_phone_label),
 * kept for later pages; null when it has none.
 * @param {{ organisation_phone?: string | null, organisation_phone_label?: string | null } | null | undefined} data
 * @returns {Phone | null}
 */
export function phoneOf(data) {
  if (!data?.organisation_phone) return null;
  const phone = { e164: data.organisation_phone, label: data.organisation_phone_label || data.organisation_phone };
  store(KEY, JSON.stringify(phone));
  return phone;
}

/**
 * The number last learnt on this device, or null.
 * @returns {Phone | null}
 */
export function remembered() {
  try {
    const found = JSON.parse(read(KEY) ?? "null");
    return typeof found?.e164 === "string" && /^\+\d{6,15}$/.test(found.e164) ? { e164: found.e164, label: String(found.label || found.e164) } : null;
  } catch {
    return null;
  }
}

/**
 * Prompt `id` followed by the number's digits, one by one.
 * @param {string} code
 * @param {string} id
 * @param {Phone} phone
 */
export async function hearNumber(code, id, phone) {
  return join(await hear(code, id), await sayDigits(phone.label.replace(/^\+/, "00"), { lang: code }));
}

/**
 * A line of prompt `id` ("Our phone number:") with the number as a tel: link, and a speaker
 * button that says both; nothing when there is no number.
 * @param {string} code
 * @param {Phone | null} phone
 * @param {string} [id]
 */
export function numberLine(code, phone, id = "our_number") {
  if (!phone) return null;
  const found = prompt(code, id);
  const link = el("a", { class: "tel", href: `tel:${phone.e164}`, dir: "ltr", "data-testid": "call-number" }, phone.label);
  return markLanguage(el("p", { class: "line number", "data-prompt": id },
    icon("handset"), el("span", {}, `${found.text} `, link), speakerButton(found.lang, () => hearNumber(code, id, phone), `speak-${id}`)), found);
}

/**
 * Prompt `id` (by default "Call us and we will help you.") and the number to call, and what
 * plays them in turn.
 * @param {string} code
 * @param {Phone | null} phone
 * @param {string} [id]
 * @returns {{ nodes: (HTMLElement | null)[], toPlay: () => Promise<import("./speech.js").Playable> }}
 */
export function callUs(code, phone, id = "call_us") {
  const found = prompt(code, id);
  const words = markLanguage(el("p", { class: "line", "data-prompt": id }, icon("handset"), el("span", {}, found.text),
    speakerButton(found.lang, () => hear(code, id))), found);
  const toPlay = async () => (phone ? join(await hear(code, id), await hearNumber(code, "our_number", phone)) : hear(code, id));
  return { nodes: [words, numberLine(code, phone)], toPlay };
}
