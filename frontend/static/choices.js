// @ts-check
// Choosing by ear: a first tap (or keyboard focus) on a choice says it and marks it; a tap on
// its check pictogram, or a second tap on it, chooses it. Nothing is chosen unheard by mistake,
// and a reader taps twice.

import { el } from "./dom.js";
import { icon, prompt, markLanguage } from "./ui.js";
import { play, stop } from "./speech.js";

/**
 * A choice card: `content` (pictogram and words) in one big button, and its check button.
 * `toPlay()` gives what it says; `onChoose()` runs when it is chosen.
 * @param {{ code: string, pictogram?: string | null, content: Node, toPlay: import("./ui.js").ToPlay,
 *   onChoose: () => void, testid?: string, attributes?: Record<string, import("./dom.js").Attribute> }} card
 * @returns {HTMLLIElement}
 */
export function choiceCard({ code, pictogram, content, toPlay, onChoose, testid, attributes = {} }) {
  const pick = el("button", { type: "button", class: "pick", "aria-pressed": "false", ...attributes },
    pictogram ? icon(pictogram) : null, content);
  const ok = prompt(code, "choose_this");
  const confirm = markLanguage(el("button", { type: "button", class: "ok", "aria-label": ok.text, hidden: "" }, icon("check")), ok);
  if (testid) {
    pick.dataset.testid = testid;
    confirm.dataset.testid = `${testid}-ok`;
  }
  const card = el("li", { class: "card" }, pick, confirm);
  const choose = () => {
    stop();
    onChoose();
  };
  pick.addEventListener("click", () => {
    if (pick.getAttribute("aria-pressed") === "true") return choose();
    select(card);
    play(toPlay());
  });
  // A keyboard or switch user hears each choice as they move onto it.
  pick.addEventListener("focus", () => {
    if (pick.matches(":focus-visible")) play(toPlay());
  });
  confirm.addEventListener("click", choose);
  return card;
}

/**
 * Mark `card` as the one heard last, and show its check button; unmark its siblings.
 * @param {HTMLElement} card
 */
function select(card) {
  for (const other of card.parentElement?.children ?? []) {
    other.querySelector(".pick")?.setAttribute("aria-pressed", "false");
    other.querySelector(".ok")?.setAttribute("hidden", "");
    other.classList.remove("heard");
  }
  card.classList.add("heard");
  card.querySelector(".pick").setAttribute("aria-pressed", "true");
  card.querySelector(".ok").removeAttribute("hidden");
}
