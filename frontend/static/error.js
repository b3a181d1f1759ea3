// @ts-check
// A wrong address, for a person: in their language (the last one chosen, kept in the
// browser), spoken on the start control's tap (start.js), with a way on: the call-us line and a
// new booking.

import { $, el } from "./dom.js";
import { arrive, directionOf, guessLanguage, hear, labelButton, line, loadPrompts, renderPrompt, setUpHelp } from "./ui.js";
import { join, useLanguage } from "./speech.js";
import { offerStart } from "./start.js";
import { callUs, hearNumber, remembered } from "./callus.js";

/**
 * Say what went wrong in the reader's language, with a way on.
 * @returns {Promise<void>}
 */
async function start() {
  const code = guessLanguage();
  offerStart(code);
  await loadPrompts(code).catch(() => {});
  useLanguage(code);
  document.documentElement.lang = code;
  document.documentElement.dir = directionOf(code);
  setUpHelp(code, () => "error");
  renderPrompt($("error-prompt"), "not_found", code);
  // The number of the organisation this device last booked with, when it has one.
  const phone = remembered();
  const call = callUs(code, phone);
  $("error-more").replaceChildren(...call.nodes.filter(Boolean),
    labelButton(el("a", { class: "change big", href: "/", "data-testid": "book-new" }), "calendar", code, "book_new"));
  // What happened and what to do: now, or on the start control's tap.
  arrive($("error"), async () => (phone ? join(await hear(code, "help_error"), await hearNumber(code, "our_number", phone)) : hear(code, "help_error")));
}

start();
