// @ts-check
// Shared by the client pages: prompts, pictograms, and the pieces every
// screen has (a heading that can be heard, lines, labelled buttons). Sound is speech.js's.

import { $, el } from "./dom.js";
import { getJSON } from "./http.js";
import { audioFor, play, useLanguage } from "./speech.js";

// One prompt file per language (prompts/<code>.json): a phone loads only its own. Only fi, sv
// and en have been checked by a person; the others are "reviewed": false, marked on the page.
const PROMPT_LANGUAGES = ["fi", "sv", "en", "ar", "so", "prs", "ckb", "ti", "uk", "ru",
  "et", "fa", "kmr", "zh", "sq", "vi", "th", "tr", "es", "fr", "ps", "am"]; // as prompts/*.json
export const LANGUAGE_KEY = "neuvo.language";
const RTL = new Set(["ar", "prs", "fa", "ps", "ckb", "ur", "he"]); // as in core/languages.py
/** @typedef {{ reviewed: boolean, text: Record<string, string> }} Dictionary one prompts/<code>.json */
/**
 * A prompt in the language it was found in: its words, whether a person has checked them, and
 * the prompt id to play (null where `{name}`s were filled: no recording says those words).
 * @typedef {{ id: string, audio: string | null, lang: string, text: string, reviewed: boolean }} Prompt
 */
/** @type {Record<string, Dictionary>} */
const dictionaries = {};
/** @type {Record<string, Promise<void>>} */
const loading = {};

// Pictograms: stroke paths on a 24×24 grid, styled by neuvo.css.
/** @type {Record<string, string>} */
const ICONS = {
  speaker: '<path d="M4 9h4l5-4v14l-5-4H4z"/><path d="M16.5 9a4 4 0 0 1 0 6M19 6.5a8 8 0 0 1 0 11"/>',
  globe: '<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3c3.5 4 3.5 14 0 18M12 3c-3.5 4-3.5 14 0 18"/>',
  retry: '<path d="M20 12a8 8 0 1 1-2.3-5.7M20 4v5h-5"/>',
  clock: '<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>',
  bubbles: '<path d="M3 4h12v9H8l-4 3v-3H3z"/><path d="M18 8h3v9h-1v3l-3-3h-6v-2"/>',
  clipboard: '<rect x="5" y="4" width="14" height="17" rx="2"/><path d="M9 2h6v4H9zM9 11l2 2 4-4M9 17h6"/>',
  document: '<path d="M6 3h8l4 4v14H6z"/><path d="M14 3v4h4M9 12h6M9 16h6"/>',
  people: '<circle cx="9" cy="8" r="3"/><circle cx="17" cy="9" r="2.5"/><path d="M3 20c0-4 3-6 6-6s6 2 6 6M16 14.5c3 0 5 2 5 5.5"/>',
  generic: '<circle cx="12" cy="12" r="9"/><path d="M12 11v6M12 7.5v.5"/>',
  camera: '<rect x="2" y="6" width="13" height="12" rx="2"/><path d="M15 10l6-3v10l-6-3z"/>',
  handset: '<path d="M5 3h4l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 5a2 2 0 0 1 2-2z"/>',
  // "Call me": the handset with an arrow coming in; and the topics a call-back may be about.
  callme: '<path d="M5 3h4l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 5a2 2 0 0 1 2-2z"/><path d="M21 3l-6 6M15 4v5h5"/>',
  work: '<rect x="3" y="7" width="18" height="13" rx="2"/><path d="M9 7V4h6v3M3 13h18"/>',
  house: '<path d="M3 11l9-8 9 8M5 9.5V21h14V9.5M10 21v-6h4v6"/>',
  health: '<path d="M12 20s-8-5-8-11a4.5 4.5 0 0 1 8-2.5A4.5 4.5 0 0 1 20 9c0 6-8 11-8 11z"/><path d="M9 11h6M12 8v6"/>',
  school: '<path d="M3 5c3-1 6-1 9 1 3-2 6-2 9-1v14c-3-1-6-1-9 1-3-2-6-2-9-1z"/><path d="M12 6v14"/>',
  money: '<circle cx="12" cy="12" r="9"/><path d="M15 8.5c-.5-1-1.7-1.5-3-1.5-1.7 0-3 .9-3 2.2 0 3 6 1.6 6 4.6 0 1.3-1.3 2.2-3 2.2-1.4 0-2.6-.6-3.1-1.7M12 5.5V7M12 17v1.5"/>',
  building: '<path d="M4 21V6l8-3 8 3v15M2 21h20M10 21v-4h4v4M8 9h2M14 9h2M8 13h2M14 13h2"/>',
  bubble: '<path d="M4 4h16v12H9l-5 4z"/><path d="M8 9h8M8 12h5"/>',
  interpreter: '<circle cx="5.5" cy="14" r="2.5"/><circle cx="18.5" cy="14" r="2.5"/><path d="M1 22c0-2.5 2-4 4.5-4s4.5 1.5 4.5 4M14 22c0-2.5 2-4 4.5-4s4.5 1.5 4.5 4M8 2h8v6h-3l-1 2-1-2H8z"/>',
  back: '<path d="M20 12H5M11 5l-7 7 7 7"/>',
  next: '<path d="M4 12h15M13 5l7 7-7 7"/>',
  pin: '<path d="M12 22s-7-6.5-7-12a7 7 0 0 1 14 0c0 5.5-7 12-7 12z"/><circle cx="12" cy="10" r="2.5"/>',
  search: '<circle cx="11" cy="11" r="7"/><path d="M21 21l-5-5"/>',
  calendar: '<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4"/>',
  bell: '<path d="M6 17v-6a6 6 0 0 1 12 0v6l2 2H4zM10 21h4"/>',
  check: '<circle cx="12" cy="12" r="9"/><path d="M8 12l3 3 5-6"/>',
  cross: '<circle cx="12" cy="12" r="9"/><path d="M9 9l6 6M15 9l-6 6"/>',
  more: '<path d="M6 9l6 6 6-6"/>',
  help: '<circle cx="12" cy="12" r="9"/><path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .9-1 1.7v.5M12 17v.5"/>',
  list: '<path d="M8 6h12M8 12h12M8 18h12M4 6h.5M4 12h.5M4 18h.5"/>',
  good: '<circle cx="12" cy="12" r="9"/><path d="M8 14c1 2 2.5 3 4 3s3-1 4-3M9 9.5v.5M15 9.5v.5"/>',
  okay: '<circle cx="12" cy="12" r="9"/><path d="M8 15h8M9 9.5v.5M15 9.5v.5"/>',
  bad: '<circle cx="12" cy="12" r="9"/><path d="M8 17c1-2 2.5-3 4-3s3 1 4 3M9 9.5v.5M15 9.5v.5"/>',
  erase: '<path d="M9 5h11v14H9l-6-7z"/><path d="M12 9l5 6M17 9l-5 6"/>',
  day: '<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4M14 15h4"/>',
  tap: '<path d="M9 13V5.5a1.5 1.5 0 0 1 3 0V12M12 11a1.5 1.5 0 0 1 3 0v1.5M15 12a1.5 1.5 0 0 1 3 0v3.5a6 6 0 0 1-6 6h-.5a6 6 0 0 1-4.8-2.4L4 15.6a1.5 1.5 0 0 1 2.3-1.9L9 16"/><path d="M6 6.5a4.5 4.5 0 0 1 9 0"/>',
};

/**
 * Pictogram `name` (a key of ICONS), hidden from screen readers.
 * @param {string} name
 */
export function icon(name) {
  const span = el("span", { class: "icon", "aria-hidden": "true" });
  span.innerHTML = `<svg viewBox="0 0 24 24" focusable="false">${ICONS[name]}</svg>`;
  return span;
}

/** @type {(code: string) => "rtl" | "ltr"} */
export const directionOf = (code) => (RTL.has(code) ? "rtl" : "ltr");
/** @type {Record<string, string>} */
export const CHANNEL_ICONS = { video: "camera", phone: "handset", in_person: "building" };

/**
 * A name from `names` in `code`, else English, else Finnish or Swedish (one is always there).
 * @param {Record<string, string>} names
 * @param {string} code
 * @returns {{ lang: string, text: string }}
 */
export function nameIn(names, code) {
  const lang = [code, "en", "fi", "sv"].find((c) => names[c]) ?? Object.keys(names)[0];
  return { lang, text: names[lang] ?? "" };
}

/**
 * Load the prompts of `code` (English where there are none yet); resolves once they are in.
 * @param {string} code
 * @returns {Promise<void>}
 */
export function loadPrompts(code) {
  const lang = PROMPT_LANGUAGES.includes(code) ? code : "en";
  loading[lang] ??= getJSON(`/static/prompts/${lang}.json`).then(
    (dictionary) => { dictionaries[lang] = dictionary; },
    (error) => {
      delete loading[lang]; // ask again next time
      if (lang === "en") throw error;
      return loadPrompts("en");
    },
  );
  return loading[lang];
}

/** Prompt `id` in `code` (or English), `{name}`s filled from `vars`; only a fixed text has a
 * recording (`audio`, its prompt id).
 * @param {string} code
 * @param {string} id
 * @param {Record<string, unknown>} [vars]
 * @returns {Prompt}
 */
export function prompt(code, id, vars) {
  const lang = dictionaries[code] ? code : "en";
  const found = dictionaries[lang] ?? { reviewed: true, text: {} };
  const text = (found.text[id] ?? dictionaries.en?.text[id] ?? "").replace(/\{(\w+)\}/g, (_, name) => String(vars?.[name] ?? ""));
  return { id, audio: vars ? null : id, lang, text, reviewed: found.reviewed };
}

/**
 * Mark `node` as written in the prompt's language, and as unreviewed where it is.
 * @template {HTMLElement} N
 * @param {N} node
 * @param {{ lang: string, reviewed: boolean }} found
 * @returns {N}
 */
export function markLanguage(node, { lang, reviewed }) {
  node.lang = lang;
  node.dir = directionOf(lang);
  node.dataset.reviewed = String(reviewed);
  return node;
}

/**
 * Before the reader has said: their last choice, else the browser's language, else Finnish.
 * @returns {string}
 */
export function guessLanguage() {
  try {
    const saved = JSON.parse(localStorage.getItem(LANGUAGE_KEY))?.code;
    if (typeof saved === "string") return saved;
  } catch {
    // storage blocked or garbled
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const lower = String(tag).toLowerCase();
    const code = lower === "fa-af" ? "prs" : lower.split("-")[0] === "ku" ? "kmr" : lower.split("-")[0]; // fa-AF is Dari; ku is Kurmanji (Sorani is ckb)
    if (PROMPT_LANGUAGES.includes(code)) return code;
  }
  return "fi";
}

/** @typedef {import("./speech.js").Playable} Playable */
/** @typedef {() => Playable | Promise<Playable>} ToPlay */

/**
 * A round button that plays what `toPlay()` gives (a playable, or a promise of one).
 * @param {string} lang
 * @param {ToPlay} toPlay
 * @param {string} [testid]
 */
export function speakerButton(lang, toPlay, testid) {
  const label = prompt(lang, "listen");
  const button = markLanguage(el("button", { type: "button", class: "speak", "aria-label": label.text }), label);
  if (testid) button.dataset.testid = testid;
  button.append(icon("speaker"));
  button.addEventListener("click", () => play(toPlay()));
  return button;
}

/**
 * Prompt `id` to play: its file if the manifest has one, else its words.
 * @type {(code: string, id: string, vars?: Record<string, unknown>) => Promise<Playable>}
 */
export const hear = (code, id, vars) => {
  const found = prompt(code, id, vars);
  return audioFor(found.audio ?? `-${id}`, { lang: found.lang, text: found.text });
};

/** Fill `slot` with prompt `id` as a heading, its speaker button and any machine-translation
 * note; `toPlay` is what the button plays where the words hold a date (default: the prompt).
 * @param {HTMLElement} slot
 * @param {string} id
 * @param {string} code
 * @param {Record<string, unknown>} [vars]
 * @param {ToPlay} [toPlay]
 * @returns {Prompt}
 */
export function renderPrompt(slot, id, code, vars, toPlay = () => hear(code, id, vars)) {
  const found = prompt(code, id, vars);
  useLanguage(found.lang);
  const heading = el("h1", { id: `prompt-${id}`, tabindex: "-1" }, found.text);
  slot.replaceChildren(heading, speakerButton(found.lang, toPlay, `speak-${id}`));
  if (!found.reviewed) {
    // In the client's own language: a listener's words were made by a machine, not yet checked.
    const note = el("small", { class: "machine", "data-testid": "machine-translation" }, "⚙ ", prompt(found.lang, "machine_translation").text);
    note.title = prompt(found.lang, "machine_translation_note").text;
    slot.append(note);
  }
  markLanguage(slot, found).dataset.prompt = id;
  return found;
}

/**
 * A line of prompt `id` with a pictogram and its own speaker button (playing `toPlay`).
 * @param {string} code
 * @param {string} id
 * @param {string | null} [iconName]
 * @param {Record<string, unknown>} [vars]
 * @param {ToPlay} [toPlay]
 */
export function line(code, id, iconName, vars, toPlay = () => hear(code, id, vars)) {
  const found = prompt(code, id, vars);
  return markLanguage(el("p", { class: "line", "data-prompt": id },
    iconName && icon(iconName), el("span", {}, found.text), speakerButton(found.lang, toPlay)), found);
}

/**
 * Give `button` a pictogram and prompt `id` as its label.
 * @template {HTMLElement} B
 * @param {B} button
 * @param {string} iconName
 * @param {string} code
 * @param {string} id
 * @returns {B}
 */
export function labelButton(button, iconName, code, id) {
  const found = prompt(code, id);
  markLanguage(button, found).replaceChildren(icon(iconName), el("span", {}, found.text));
  return button;
}

/**
 * Put prompt `id` in the status line (read out by screen readers), or clear it.
 * @param {string} [code]
 * @param {string} [id]
 */
export function say(code, id) {
  const status = $("status");
  status.replaceChildren();
  if (id) markLanguage(status, prompt(code, id)).textContent = prompt(code, id).text;
}

/**
 * Focus a screen's heading and play `toPlay` (its question): called after a tap.
 * @param {HTMLElement} screen
 * @param {Parameters<typeof play>[0]} [toPlay]
 */
export function arrive(screen, toPlay) {
  screen.querySelector("h1")?.focus();
  if (toPlay) play(toPlay);
}

/** The help button, in one place on every screen: it says what the screen asks and how to
 * answer (prompt `help_<screen>`), and shows it in the status line for those who read.
 * @param {string} code
 * @param {() => string} screenOf
 */
export function setUpHelp(code, screenOf) {
  const button = $("help");
  const found = prompt(code, "help");
  markLanguage(button, found).setAttribute("aria-label", found.text);
  button.replaceChildren(icon("help"));
  button.onclick = () => {
    const id = `help_${screenOf()}`;
    say(code, id);
    play(hear(code, id));
  };
}
