// @ts-check
// Municipalities on the client pages. A place's name is a Finnish or Swedish word in any
// sentence: on a page of any language it is said by the Finnish voice (the Swedish one for a
// Swedish-speaking municipality, and on a Swedish page), from that language's name files,
// and marked so (`lang`) where it is shown. Only Finnish and Swedish have those files.

import { el } from "./dom.js";
import { getJSON } from "./http.js";
import { clipFor } from "./speech.js";

/**
 * A municipality as GET /api/v1/municipalities gives it; `language`: the one its name is said
 * in on other languages' pages; `home`, `reach` with `order=likely`.
 * @typedef {{ code: string, name_fi: string, name_sv: string, language?: string, home?: boolean, reach?: number }} Place
 */

/**
 * The language a place's name is said (and shown first) in on a page of `code`.
 * @param {Place} place
 * @param {string} code
 * @returns {"fi" | "sv"}
 */
export function nameLanguage(place, code) {
  if (code === "fi" || code === "sv") return code;
  return place.language === "sv" ? "sv" : "fi";
}

/**
 * The name heard and shown first, in its language, and the other official name (if it differs).
 * @param {Place} place
 * @param {string} code
 * @returns {{ lang: "fi" | "sv", text: string, other: { lang: "fi" | "sv", text: string } | null }}
 */
export function placeName(place, code) {
  const lang = nameLanguage(place, code);
  const [text, otherText] = lang === "sv" ? [place.name_sv, place.name_fi] : [place.name_fi, place.name_sv];
  const other = otherText && otherText !== text ? { lang: lang === "sv" ? "fi" : "sv", text: otherText } : null;
  return { lang, text, other: /** @type {any} */ (other) };
}

/**
 * The place's name to play: its Finnish (or Swedish) name file, whatever the page's language;
 * without a file, the words for a device voice of that language only.
 * @param {Place} place
 * @param {string} code
 */
export function hearPlace(place, code) {
  const name = placeName(place, code);
  return clipFor("municipalities", place.code, { lang: name.lang, text: name.text });
}

/**
 * The name as shown: marked with the language it is said in.
 * @param {Place} place
 * @param {string} code
 * @param {Record<string, string>} [attributes]
 */
export function placeLabel(place, code, attributes = {}) {
  const name = placeName(place, code);
  return el("span", { lang: name.lang, dir: "ltr", ...attributes }, name.text);
}

/** @type {Map<string, Promise<Place[]>>} */
const lists = new Map();

/**
 * Every municipality, where a client likely lives first (the serving organisations' homes,
 * then the places agreements cover); fetched once per order of names.
 * @param {string} code the page's language
 * @returns {Promise<Place[]>}
 */
export function loadPlaces(code) {
  const lang = code === "sv" ? "sv" : "fi";
  if (!lists.has(lang)) {
    const request = getJSON(`/api/v1/municipalities?order=likely&lang=${lang}`);
    lists.set(lang, request);
    request.catch(() => lists.delete(lang)); // ask again next time
  }
  return /** @type {Promise<Place[]>} */ (lists.get(lang));
}

/**
 * The place with official code `code`, or null (unknown, or the list did not come).
 * @param {string | null | undefined} code
 * @param {string} lang the page's language
 * @returns {Promise<Place | null>}
 */
export async function findPlace(code, lang) {
  if (!code) return null;
  const found = await loadPlaces(lang).catch(() => []);
  return found.find((place) => place.code === code) ?? null;
}

/**
 * The short list a listener is offered as cards: the likely places (those services reach),
 * at most `size`, with `current` (a place chosen before) first.
 * @param {Place[]} places in the server's likely order
 * @param {Place | null} [current]
 * @param {number} [size]
 * @returns {Place[]}
 */
export function shortList(places, current, size = 6) {
  const likely = places.filter((place) => (place.reach ?? 0) > 0 && place.code !== current?.code);
  return [...(current ? [current] : []), ...likely].slice(0, size);
}
