// @ts-check
// A letter's link that opens nothing (a code typed wrong, or expired): said in the letter's
// language (the server knows it when the code was a real one), else in the reader's, with the
// number to call as a tel: link, read digit by digit, and a way to book anyway.

import { $, el } from "./dom.js";
import { arrive, directionOf, guessLanguage, hear, icon, labelButton, line, loadPrompts, renderPrompt, setUpHelp, speakerButton } from "./ui.js";
import { join, sayDigits, useLanguage } from "./speech.js";
import { offerStart } from "./start.js";

/**
 * What the server says about the link.
 * @typedef {{ language: string | null, contacts: { name: string, names: Record<string, string>, phone: string, shown: string }[] }} Facts
 */

/** @returns {Facts} */
function facts() {
  try {
    const found = JSON.parse($("invitation").dataset.facts || "{}");
    return { language: found.language ?? null, contacts: Array.isArray(found.contacts) ? found.contacts : [] };
  } catch {
    return { language: null, contacts: [] };
  }
}

/**
 * One organisation's number: its name (in the reader's language where it has one), the
 * number as a tel: link, and a speaker that says "call us" and the number digit by digit.
 * @param {string} code
 * @param {Facts["contacts"][number]} contact
 */
function callLine(code, contact) {
  const name = contact.names?.[code] || contact.names?.fi || contact.name;
  // Read out as it is dialled in Finland: 0 and the rest, digit by digit.
  const digits = contact.phone.startsWith("+358") ? `0${contact.phone.slice(4)}` : contact.phone.replace(/\D/g, "");
  const toPlay = async () => join(await hear(code, "call_us"), await sayDigits(digits, { lang: code }));
  return el("li", {}, el("p", { class: "line" }, icon("handset"),
    el("span", { class: "label" }, el("span", { lang: "fi", dir: "auto" }, name), " ",
      el("a", { href: `tel:${contact.phone}`, dir: "ltr", "data-testid": "call-number" }, contact.shown || contact.phone)),
    speakerButton(code, toPlay)));
}

async function start() {
  const found = facts();
  const code = found.language ?? guessLanguage();
  offerStart(code);
  await loadPrompts(code).catch(() => {});
  useLanguage(code);
  document.documentElement.lang = code;
  document.documentElement.dir = directionOf(code);
  setUpHelp(code, () => "gone");
  renderPrompt($("missing-prompt"), "gone", code);
  $("missing-calls").replaceChildren(...found.contacts.map((contact) => callLine(code, contact)));
  $("missing-more").replaceChildren(line(code, "call_us", "handset"),
    labelButton(el("a", { class: "change big", href: "/", "data-testid": "book-new" }), "calendar", code, "book_new"));
  // What happened and what to do: said now, or on the start control's tap (start.js).
  arrive($("missing"), () => hear(code, "help_gone"));
}

start();
