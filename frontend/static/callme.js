// @ts-check
// "Call me", as every client page has it: the round button (a handset with an arrow coming in),
// the optional topic pictograms, and what the client is told once her request is in: received,
// her number read back, roughly when the call comes, and our number meanwhile. The client page
// (client/callme.js) asks for the number on the keypad; the booking page takes the booking's.

import { $, el } from "./dom.js";
import { request } from "./http.js";
import { hear, icon, line, markLanguage, prompt, speakerButton } from "./ui.js";
import { join, play, sayDate, sayDigits } from "./speech.js";
import { hearNumber, numberLine, phoneOf, remembered } from "./callus.js";

/** The topics a request may name (the server's Topic), each with its pictogram. */
export const TOPICS = [
  ["booking", "calendar"], ["work", "work"], ["housing", "house"], ["health", "health"],
  ["school", "school"], ["money", "money"], ["other", "generic"],
];

/**
 * What the server answers to a request: roughly when, and the organisation's number.
 * @typedef {{ id?: string, today?: boolean, expected_at?: string | null, expected_label?: string | null,
 *   organisation_phone?: string | null, organisation_phone_label?: string | null }} Received
 */

/**
 * The round "call me" button, labelled (for screen readers) in `code`.
 * @param {HTMLButtonElement} button
 * @param {string} code
 * @returns {HTMLButtonElement}
 */
export function labelCallMe(button, code) {
  const found = prompt(code, "call_me");
  markLanguage(button, found).setAttribute("aria-label", found.text);
  button.title = found.text;
  button.replaceChildren(icon("callme"));
  return button;
}

/**
 * Optional topic pictograms: a tap says the topic and marks it (a second tap unmarks it).
 * @param {string} code
 * @returns {{ node: HTMLElement, chosen: () => string | null }}
 */
export function topicPicker(code) {
  let chosen = null;
  const buttons = TOPICS.map(([topic, pictogram]) => {
    const found = prompt(code, `topic_${topic}`);
    const button = markLanguage(el("button", { type: "button", class: "topic", "aria-pressed": "false", "data-testid": `topic-${topic}` },
      icon(pictogram), el("span", {}, found.text)), found);
    button.addEventListener("click", () => {
      chosen = chosen === topic ? null : topic;
      for (const other of buttons) other.setAttribute("aria-pressed", String(other === button && chosen === topic));
      if (chosen) play(hear(code, `topic_${topic}`));
    });
    return button;
  });
  const node = el("div", { class: "topics-box" }, line(code, "callme_topic", null), el("div", { class: "topics" }, ...buttons));
  return { node, chosen: () => chosen };
}

/**
 * What the client is told once her request is in (or was in already), and what plays it.
 * @param {string} code
 * @param {Received | null} answer null when the request was in already
 * @param {string} [typed] the number as she typed it, read back digit by digit
 * @returns {{ nodes: (HTMLElement | null)[], toPlay: () => Promise<import("./speech.js").Playable> }}
 */
export function received(code, answer, typed) {
  const first = answer ? "callme_received" : "callme_already";
  const phone = phoneOf(answer) ?? remembered();
  const later = Boolean(answer && !answer.today && answer.expected_at);
  const whenId = answer?.today ? "callme_today" : later ? "callme_after" : null;
  const vars = later ? { when: answer?.expected_label ?? "" } : undefined;
  const sayWhen = () => (later && answer?.expected_at
    ? sayDate(answer.expected_at, { lang: code, text: prompt(code, "callme_after", vars).text, prompt: "callme_after" })
    : hear(code, whenId ?? first));
  const digits = typed ? typed.replace(/[^\d+]/g, "") : "";
  const number = digits
    ? el("p", { class: "line", "data-testid": "callme-number" }, icon("callme"), el("span", { dir: "ltr" }, typed ?? ""),
      speakerButton(code, () => sayDigits(digits, { lang: code }), "callme-read-back"))
    : null;
  const nodes = [line(code, first, "check"), number, whenId ? line(code, whenId, "clock", vars, sayWhen) : null, numberLine(code, phone)];
  const toPlay = async () => join(
    await hear(code, first),
    digits ? await sayDigits(digits, { lang: code }) : null,
    whenId ? await sayWhen() : null,
    phone ? await hearNumber(code, "our_number", phone) : null);
  return { nodes, toPlay };
}

/**
 * Ask for a call from the booking link's page (`address`, /b/<token>): the booking's number.
 * Resolves to what to show and play, or to an error prompt id.
 * @param {string} address
 * @param {string | null} topic
 * @returns {Promise<{ answer: Received | null, error?: string, detail?: string }>}
 */
export async function askFromLink(address, topic) {
  const found = await request(`${address}/callback`, { method: "POST", body: topic ? { topic } : {} }).catch(() => null);
  if (found?.ok) return { answer: found.data };
  if (found?.status === 409 && /callback-already-open/.test(found.data?.type ?? "")) return { answer: null };
  return { answer: null, error: found?.status === 409 ? "callme_too_many" : "failed", detail: found?.data?.detail };
}

/**
 * The booking link page's "Call me": one tap asks for a call to the booking's number (about
 * the booking); the answer is shown and said in its place. Put once before `before`.
 * @param {string} code
 * @param {string} address
 * @param {HTMLElement} before
 */
export function linkCallMe(code, address, before) {
  let box = $("link-callme");
  if (!box) {
    box = el("div", { id: "link-callme", class: "stack", "data-testid": "link-callme" });
    before.before(box);
  }
  const button = el("button", { type: "button", class: "change big", "data-testid": "call-me" });
  const found = prompt(code, "call_me");
  markLanguage(button, found).replaceChildren(icon("callme"), el("span", {}, found.text));
  const place = /** @type {HTMLElement} */ (box);
  button.addEventListener("click", async () => {
    if (button.getAttribute("aria-busy") === "true") return;
    button.setAttribute("aria-busy", "true");
    const { answer, error, detail } = await askFromLink(address, "booking");
    button.removeAttribute("aria-busy");
    if (error) {
      place.replaceChildren(button, line(code, error, "cross"), detail ? el("p", { class: "detail", dir: "auto" }, detail) : "");
      return play(hear(code, error));
    }
    const told = received(code, answer);
    place.replaceChildren(...told.nodes.filter((node) => node !== null));
    place.querySelector("p")?.focus();
    play(told.toPlay);
  });
  place.replaceChildren(button);
}
