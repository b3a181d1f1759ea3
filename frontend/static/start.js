// @ts-check
// The start that plays: a client page opened from a link or a letter opens under one large
// "tap to listen" control (a speaker and a tapping hand; its name in the page's language).
// Browsers allow sound only after a tap or a key: the tap anywhere on the control (or Enter or
// Space, the control being focused on arrival) allows it and plays at once what the page last
// asked to play, its question in the link's language. A page reached from another client page
// in the same tab after such a tap has sound already and shows no control, unless the browser
// refuses to play after all. Used by every client page: `offerStart(code)` once the page
// knows its language (again when it learns a better one).

import { el } from "./dom.js";
import { guessLanguage, icon, loadPrompts, markLanguage, prompt } from "./ui.js";
import { isUnlocked, playWaiting, unlock, whenRefused } from "./speech.js";

const HEARD_KEY = "neuvo.sound"; // in this tab's sessionStorage: sound was allowed on a page before
/** @type {HTMLButtonElement | null} */
let control = null;
let language = guessLanguage();

function heardBefore() {
  try {
    return sessionStorage.getItem(HEARD_KEY) === "1";
  } catch {
    return false; // storage blocked: ask for the tap
  }
}

function remember() {
  try {
    sessionStorage.setItem(HEARD_KEY, "1");
  } catch {
    // storage blocked: the next page asks for its own tap
  }
}

/** What the control covers: made inert while it is up, so that a tap or Tab reaches only it. */
const covered = () => /** @type {HTMLElement[]} */ ([...document.body.children].filter((node) => node !== control && node.tagName !== "SCRIPT"));

/** The control's name and direction in `code` (its prompts loaded or not yet). */
function label(code) {
  if (!control) return;
  const found = prompt(code, "tap_to_listen");
  markLanguage(control, found).setAttribute("aria-label", found.text || "▶");
}

function start() {
  unlock();
  remember();
  close();
  // The screen under the control: its heading takes the focus, as on any screen's arrival.
  const heading = document.querySelector("main section:not([hidden]) h1") ?? document.querySelector("main h1");
  /** @type {HTMLElement | null} */ (heading)?.focus();
  playWaiting();
}

function close() {
  control?.remove();
  control = null;
  for (const node of covered()) node.inert = false;
}

function open() {
  if (control || isUnlocked()) return;
  control = el("button", { type: "button", class: "start", "data-testid": "start" },
    el("span", { class: "start-disc" }, icon("speaker"), icon("tap")));
  label(language);
  control.addEventListener("click", start);
  document.body.prepend(control);
  for (const node of covered()) node.inert = true;
  control.focus();
}

/**
 * The page's language is known: the control's name in `code` (the link's language; the
 * browser's where the page knows nothing).
 * @param {string} code
 * @returns {Promise<void>}
 */
export async function offerStart(code) {
  language = code;
  await loadPrompts(code).catch(() => {});
  if (language === code) label(code);
}

// Sound thought allowed (a page reached from another) but refused by this browser: ask for the tap.
whenRefused(() => {
  open();
  offerStart(language);
});
// The control is up from the first moment, named in the guessed language until the page knows
// better; where sound was allowed in this tab before, none: the page plays at once.
if (heardBefore()) unlock();
else {
  open();
  offerStart(language);
}
