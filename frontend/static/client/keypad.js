// @ts-check
// The phone number on a large keypad: each key says its digit, and the number can be read
// back digit by digit. The input stays, for those who type.

import { el } from "../dom.js";
import { icon, markLanguage, prompt, speakerButton } from "../ui.js";
import { play, sayDigits } from "../speech.js";

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "+", "0", "erase"];
/** Digits only (a short code): an empty cell where the phone keypad has "+". */
export const DIGIT_KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "", "0", "erase"];

/**
 * The typed number's digits (and a leading +), as it is read back.
 * @type {(text: string) => string}
 */
export const digitsOf = (text) => text.replace(/[^\d+]/g, "");

/**
 * Fill `box` with a keypad writing into `input`; returns the read-back button.
 * @param {HTMLElement} box
 * @param {HTMLInputElement} input
 * @param {string} code
 * @param {string[]} [layout] the keys, "" for an empty cell
 * @param {number} [longest] how many characters the input takes
 * @returns {HTMLButtonElement}
 */
export function keypad(box, input, code, layout = KEYS, longest = 32) {
  const erase = prompt(code, "erase");
  const keys = layout.map((key) => {
    if (!key) return el("span", { class: "key-gap", "aria-hidden": "true" });
    const button = el("button", { type: "button", class: "key", "data-key": key, "data-testid": `key-${key}`, dir: "ltr" });
    if (key === "erase") markLanguage(button, erase).setAttribute("aria-label", erase.text);
    button.append(key === "erase" ? icon("erase") : key);
    button.addEventListener("click", () => {
      if (key === "erase") input.value = input.value.slice(0, -1);
      else if (input.value.length < longest) input.value += key;
      input.dispatchEvent(new Event("input"));
      if (key !== "erase") play(sayDigits(key === "+" ? "+" : key, { lang: code }));
    });
    return button;
  });
  const back = speakerButton(code, () => sayDigits(digitsOf(input.value), { lang: code }), "read-back");
  back.classList.add("read-back");
  box.replaceChildren(...keys);
  box.dir = "ltr"; // 1 2 3 from the left, as on every phone, in Arabic and Persian too
  return back;
}
