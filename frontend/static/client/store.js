// @ts-check
// What the client page keeps in this browser: the language (shared with every client page)
// and the municipality of the last booking. Private modes may refuse storage: a choice then
// lasts for this visit only.

export const PLACE_KEY = "neuvo.municipality";

/**
 * Keep `value` under `key`, if this browser lets us.
 * @param {string} key
 * @param {string} value
 */
export function store(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {}
}

/**
 * What is kept under `key`, or null.
 * @param {string} key
 * @returns {string | null}
 */
export function read(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
