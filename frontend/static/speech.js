// @ts-check
// How the pages speak: the one place that knows the server's audio contract.
//   GET /audio/<lang>/manifest.json -> {voice, prompts: {id: url}, clips, services, municipalities, calls}
//   GET /audio/<lang>/say?date=ISO | ?duration=N | ?digits=D -> {sequence: [url], text, missing}
// A "playable" is {lang, text, sequence}: recorded or generated files to play in turn, and the
// words they say. Without its files, the device's own voice says the words, but only where the
// device has a voice of that language: never another language's voice (it would be noise).
// A joined playable may keep its `parts`, each played (or said) on its own.

import { request } from "./http.js";

/**
 * Something to play: recorded or generated files in turn (`sequence`), the words they say, and
 * where a joined playable could not be one sequence, its `parts`.
 * @typedef {{ lang: string, text: string, sequence: string[], parts?: Playable[] }} Playable
 */
/** @typedef {{ lang?: string, text?: string }} Words */

/** @type {Map<string, Promise<Record<string, any>>>} */
const manifests = new Map();
let current = "fi";
/** @type {{ audio: HTMLAudioElement | null, cancelled: boolean } | null} */
let playing = null;
let unlocked = false; // browsers play sound only after the person's first tap or key
/** @type {Promise<Playable | null | undefined> | Playable | null} */
let waiting = null; // what the page last asked to play before sound was allowed: the start control plays it
let calls = 0; // each play() and stop() counts: a play that waited on its files gives way to a later one
/** @type {(() => void) | null} */
let onRefused = null;

/**
 * The language that audioFor, sayDate, sayDigits and sayDuration use by default.
 * @param {string} code
 */
export function useLanguage(code) {
  current = code;
}

/**
 * The JSON at `url`, or null when it is not there.
 * @param {string} url
 */
async function json(url) {
  try {
    const answer = await request(url);
    return answer.ok ? answer.data : null;
  } catch {
    return null; // no server part yet, or the network failed: the device's voice or silence
  }
}

/**
 * The language's manifest (only files that exist), fetched once.
 * @param {string} [lang]
 */
export function manifest(lang = current) {
  if (!manifests.has(lang)) {
    manifests.set(lang, json(`/audio/${encodeURIComponent(lang)}/manifest.json`).then((found) => found ?? {}));
  }
  return manifests.get(lang);
}

/** @type {(lang: string, text?: string, sequence?: string[]) => Playable} */
const playable = (lang, text, sequence) => ({ lang, text: text ?? "", sequence: sequence ?? [] });

/**
 * Prompt `promptId` (its words `text`, to be said by the device where there is no file).
 * @param {string} promptId
 * @param {Words} [words]
 * @returns {Promise<Playable>}
 */
export async function audioFor(promptId, { lang = current, text } = {}) {
  const url = (await manifest(lang)).prompts?.[promptId];
  return playable(lang, text, url ? [url] : []);
}

/**
 * A recording from the manifest's `kind` ("services", "municipalities", "clips") for `key`.
 * @param {string} kind
 * @param {string} key
 * @param {Words} [words]
 * @returns {Promise<Playable>}
 */
export async function clipFor(kind, key, { lang = current, text } = {}) {
  const url = (await manifest(lang))[kind]?.[key];
  return playable(lang, text, url ? [url] : []);
}

/**
 * @param {string} lang
 * @param {Record<string, string>} query
 * @param {string} [text]
 * @returns {Promise<Playable>}
 */
async function say(lang, query, text) {
  const found = await json(`/audio/${encodeURIComponent(lang)}/say?${new URLSearchParams(query)}`);
  if (!found) return playable(lang, text, []);
  const complete = Array.isArray(found.sequence) && !(found.missing ?? []).length;
  return playable(lang, found.text || text, complete ? found.sequence : []);
}

/** A date and time (ISO with offset) as the language says it; `text` is the page's own label.
 * With `prompt` (such as "when"), inside that prompt's words: "Your appointment is on …".
 * @type {(iso: string, words?: Words & { prompt?: string }) => Promise<Playable>} */
export const sayDate = (iso, { lang = current, text, prompt } = {}) =>
  say(lang, prompt ? { date: iso, prompt } : { date: iso }, text);

/**
 * Digits one by one ("0 4 0 …"), as a phone number is read back.
 * @type {(digits: string, words?: { lang?: string }) => Promise<Playable>} */
export const sayDigits = (digits, { lang = current } = {}) =>
  say(lang, { digits }, String(digits).split("").join(" "));

/**
 * A duration of `n` minutes; `text` is the page's own words for it.
 * @type {(n: number, words?: Words) => Promise<Playable>} */
export const sayDuration = (n, { lang = current, text } = {}) => say(lang, { duration: String(n) }, text);

/** One playable of several in turn. Where every part has files, one sequence of files; else
 * the parts are kept, and each is played from its files or said by the device's voice of its
 * own language, so that one missing name does not silence a whole summary.
 * @param {...(Playable | null | undefined)} parts
 * @returns {Playable}
 */
export function join(...parts) {
  const found = parts.filter(Boolean);
  const lang = found[0]?.lang ?? current;
  const whole = found.every((p) => p.sequence.length && p.lang === lang);
  const joined = playable(lang, found.map((p) => p.text).filter(Boolean).join(". "), whole ? found.flatMap((p) => p.sequence) : []);
  return whole ? joined : { ...joined, parts: found }; // each part in its own language
}

/**
 * A voice of `lang` on this device, if it has one.
 * @param {string} lang
 * @returns {SpeechSynthesisVoice | null}
 */
export function voiceFor(lang) {
  const voices = (window.speechSynthesis?.getVoices() ?? []).filter((v) => v.lang.toLowerCase().split(/[-_]/)[0] === lang);
  return voices.find((v) => v.localService) ?? voices[0] ?? null;
}

export function stop() {
  calls += 1;
  waiting = null;
  if (playing) {
    playing.cancelled = true;
    playing.audio?.pause();
  }
  playing = null;
  window.speechSynthesis?.cancel();
}

/** Play `p` (a playable, a promise of one, or a function giving either): its files in turn, else the device's voice of its
 * language, else nothing; a joined playable part by part. Before sound is allowed (a first tap or key: the start control)
 * it is kept, and playWaiting() plays it. A play still fetching gives way to any later play() or stop().
 * Resolves false when nothing was played to the end (refused, stopped, or given way).
 * @param {Playable | Promise<Playable> | (() => Playable | Promise<Playable>) | null | undefined} p
 * @returns {Promise<boolean>}
 */
export async function play(p) {
  const call = ++calls;
  const asked = typeof p === "function" ? p() : p;
  if (!unlocked) {
    waiting = asked ?? null; // fetched now, played on the start tap
    return false;
  }
  const found = await asked;
  if (!found || call !== calls) return false;
  stop();
  const run = { cancelled: false, audio: null };
  playing = run;
  for (const part of found.parts ?? [found]) {
    if (run.cancelled) return false;
    const done = part.sequence.length ? await playFiles(run, part.sequence) : await speak(run, part);
    if (done === "refused") return refused(found);
    if (!done) return false;
  }
  return true;
}

/**
 * The browser would not play: sound is not allowed after all (a page opened without a tap).
 * Keep `found` for the start control, and show it.
 * @param {Playable} found
 */
function refused(found) {
  unlocked = false;
  waiting = found;
  onRefused?.();
  return false;
}

/** Allow sound: called on the person's tap or key (the start control), or where sound was allowed in this tab before. */
export function unlock() {
  unlocked = true;
}

/** Play what the page asked for before sound was allowed, if anything. */
export function playWaiting() {
  const found = waiting;
  waiting = null;
  return play(found);
}

/**
 * Run `callback` when the browser refuses to play (sound thought allowed but not).
 * @param {() => void} callback
 */
export function whenRefused(callback) {
  onRefused = callback;
}

/**
 * The files in turn; "refused" when the browser would not play without a tap, false when stopped
 * or the file would not play.
 * @param {{ audio: HTMLAudioElement | null, cancelled: boolean }} run
 * @param {string[]} sequence
 * @returns {Promise<boolean | "refused">}
 */
async function playFiles(run, sequence) {
  for (const url of sequence) {
    if (run.cancelled) return false;
    run.audio = new Audio(url);
    const ended = new Promise((resolve) => {
      run.audio.onended = resolve;
      run.audio.onerror = resolve;
    });
    try {
      await run.audio.play();
    } catch (error) {
      return error instanceof DOMException && error.name === "NotAllowedError" ? "refused" : false;
    }
    await ended;
  }
  return true;
}

/**
 * The words by the device's voice of their language, waited for; none: silence, not a wrong voice.
 * @param {{ cancelled: boolean }} run
 * @param {Playable} playable
 * @returns {Promise<boolean>}
 */
function speak(run, { lang, text }) {
  const voice = voiceFor(lang);
  if (!voice || !text) return Promise.resolve(true);
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.voice = voice;
  utterance.lang = voice.lang;
  // Some engines never say they ended: go on after a generous guess of the words' length.
  return new Promise((resolve) => {
    const done = () => resolve(!run.cancelled);
    utterance.onend = done;
    utterance.onerror = done;
    setTimeout(done, 1500 + 90 * text.length);
    window.speechSynthesis.speak(utterance);
  });
}

export const isUnlocked = () => unlocked;

addEventListener("pointerdown", unlock, { capture: true });
addEventListener("keydown", unlock, { capture: true });
window.speechSynthesis?.getVoices(); // Chrome loads its voices only once first asked
