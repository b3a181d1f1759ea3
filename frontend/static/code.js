// @ts-check
// /code: the client types the short code an operator read out over the phone, on a large
// keypad (each digit said, the whole code read back), and the page opens the booking as its
// link does. A wrong code is said and shown in the client's language; so is "wait a minute"
// after too many (the server answers 429).

import { $ } from "./dom.js";
import { request } from "./http.js";
import { directionOf, guessLanguage, hear, labelButton, line, loadPrompts, renderPrompt, say, setUpHelp } from "./ui.js";
import { play, useLanguage } from "./speech.js";
import { offerStart } from "./start.js";
import { DIGIT_KEYS, keypad } from "./client/keypad.js";

const LENGTH = 8;
const code = guessLanguage(); // the language chosen on the start page, kept on this device
let busy = false;

/** Say and show what went wrong (prompt `id`), and give the keypad back. */
function problem(id) {
  $("code-error").replaceChildren(line(code, id, "cross"));
  say(code, id);
  play(hear(code, id));
}

async function open() {
  const digits = /** @type {HTMLInputElement} */ ($("code")).value.replace(/\D/g, "");
  if (digits.length !== LENGTH) return problem("code_wrong");
  if (busy) return;
  busy = true;
  let answer;
  try {
    answer = await request("/code", { method: "POST", body: { code: digits } });
  } catch {
    answer = { ok: false, status: 0, data: null };
  } finally {
    busy = false;
  }
  if (answer.ok && answer.data?.link) return location.assign(answer.data.link);
  if (answer.status === 404 || answer.status === 422) return problem("code_wrong");
  if (answer.status === 429) return problem("code_wait");
  problem("failed");
}

async function start() {
  offerStart(code);
  await loadPrompts(code).catch(() => {});
  useLanguage(code);
  document.documentElement.lang = code;
  document.documentElement.dir = directionOf(code);
  setUpHelp(code, () => "code");
  renderPrompt($("code-prompt"), "code_q", code);
  labelButton($("home"), "back", code, "back");
  labelButton($("open"), "next", code, "next");
  const input = /** @type {HTMLInputElement} */ ($("code"));
  const back = keypad($("keypad"), input, code, DIGIT_KEYS, LENGTH);
  $("code-row").replaceChildren(input, back);
  input.addEventListener("input", () => $("code-error").replaceChildren());
  $("code-form").addEventListener("submit", (event) => {
    event.preventDefault();
    open();
  });
  $("code-prompt").querySelector("h1")?.focus();
  play(hear(code, "code_q")); // now, or on the start control's tap (start.js)
}

start();
