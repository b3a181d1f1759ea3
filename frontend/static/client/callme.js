// @ts-check
// "Call me" on the client page, on every screen once the language is known: the round button
// beside the help button opens a screen where the number is typed on the big keypad (each
// digit said, the whole read back), a topic may be tapped, and "Call me" sends it; the next
// screen says, in her language, that the request is in and roughly when the call comes. A
// number that is no mobile one is said and shown, and nothing is sent again until it is fixed.
// Where her language cannot be booked by ear yet (the server asks the speech library), the
// first screen after the language (the municipality or the services) offers the call first,
// as a pictogram card above anything to read.

import { $, el } from "../dom.js";
import { getJSON, request } from "../http.js";
import { hear, labelButton, markLanguage, prompt, renderPrompt } from "../ui.js";
import { play } from "../speech.js";
import { choiceCard } from "../choices.js";
import { labelCallMe, received, topicPicker } from "../callme.js";
import { keypad } from "./keypad.js";

/** @type {Record<string, Promise<boolean>>} whether each language is booked by ear */
const heard = {};
let topics = topicPicker("en");

const back = () => el("div", { class: "top" }, el("button", { class: "change back", type: "button" }));

/** The screen with the keypad and the topics. */
const callMeScreen = () => el("section", { id: "callme", "data-testid": "screen-callme", hidden: true },
  back(), el("div", { id: "callme-prompt", class: "prompt" }),
  el("form", { id: "callme-form", class: "stack contact", novalidate: true },
    el("div", { class: "field" },
      el("div", { id: "callme-phone-row", class: "phone-row" },
        el("input", { id: "callme-phone", type: "tel", inputmode: "none", autocomplete: "tel", dir: "ltr", maxlength: "32",
          "aria-describedby": "callme-phone-error", "data-testid": "callme-phone" })),
      el("div", { id: "callme-keypad", class: "keypad", "data-testid": "callme-keypad" }),
      el("p", { id: "callme-phone-error", class: "field-error", "data-testid": "callme-error" })),
    el("div", { id: "callme-topics" }),
    el("button", { id: "callme-send", class: "primary big", type: "submit", "data-testid": "callme-send" })));

/** The screen that says the request is in. */
const calledScreen = () => el("section", { id: "called", "data-testid": "screen-called", hidden: true },
  back(), el("div", { id: "called-prompt", class: "prompt" }), el("div", { id: "called-more", class: "stack", "data-testid": "called" }));

/**
 * Whether `code` can be booked by ear (asked once per language; unknown counts as heard).
 * @param {string} code
 */
function isHeard(code) {
  heard[code] ??= getJSON(`/api/v1/callbacks/offer?language=${encodeURIComponent(code)}`).then((found) => found.path_heard !== false, () => true);
  return heard[code];
}

/** @param {any} page */
function open(page) {
  const { code } = page.language;
  if (history.state?.step !== "callme") history.pushState({ step: "callme" }, "");
  renderPrompt($("callme-prompt"), "callme_q", code);
  labelButton(/** @type {HTMLElement} */ ($("callme").querySelector(".back")), "back", code, "back");
  const input = $("callme-phone", HTMLInputElement);
  $("callme-phone-row").replaceChildren(input, keypad($("callme-keypad"), input, code));
  clearError();
  topics = topicPicker(code);
  $("callme-topics").replaceChildren(topics.node);
  labelButton($("callme-send"), "callme", code, "call_me");
  page.show("callme", hear(code, "callme_q"));
}

function clearError() {
  $("callme-phone").removeAttribute("aria-invalid");
  $("callme-phone-error").replaceChildren();
}

/** Show and say prompt `id` under the number (with the server's words, if any). */
function showError(code, id, detail) {
  const found = prompt(code, id);
  const input = $("callme-phone");
  input.setAttribute("aria-invalid", "true");
  $("callme-phone-error").replaceChildren(markLanguage(el("span", { "data-prompt": id }, found.text), found),
    detail ? el("span", { class: "detail", dir: "auto" }, detail) : "");
  input.focus();
  play(hear(code, id));
}

/** @param {any} page */
async function send(page) {
  const { code } = page.language;
  const typed = $("callme-phone", HTMLInputElement).value.trim();
  clearError();
  if (!typed) return showError(code, "need_phone");
  const body = { phone: typed, language: code, topic: topics.chosen() ?? undefined,
    service_id: page.flow.service?.id, municipality: page.flow.place?.code };
  const answer = await request("/api/v1/callbacks", { method: "POST", body }).catch(() => null);
  const type = answer?.data?.type ?? "";
  if (answer?.status === 422) {
    const mobile = /mobile/.test(JSON.stringify(answer.data ?? {}));
    return showError(code, mobile ? "check_mobile" : "check_phone", answer.data?.detail);
  }
  if (answer?.ok || /callback-already-open/.test(type)) return showReceived(page, answer?.ok ? answer.data : null, typed);
  showError(code, answer?.status === 409 ? "callme_too_many" : "failed", answer?.data?.detail);
}

/** @param {any} page */
function showReceived(page, data, typed) {
  const { code } = page.language;
  const told = received(code, data, typed);
  renderPrompt($("called-prompt"), data ? "callme_received" : "callme_already", code);
  labelButton(/** @type {HTMLElement} */ ($("called").querySelector(".back")), "back", code, "back");
  $("called-more").replaceChildren(...told.nodes.slice(1).filter(Boolean)); // the first is the heading
  page.show("called", told.toPlay);
}

// The screens a client meets first after the language (the municipality, the services: which
// comes first depends on what is known): the offer goes on the one shown, under its question.
const FIRST_SCREENS = ["where", "offer"];

/**
 * The offer of a call, when the language cannot be booked by ear: on the first screen after
 * the language screen, above anything to read.
 * @param {any} page
 */
async function offer(page) {
  const code = page.language?.code;
  const box = $("callme-offer");
  const screen = FIRST_SCREENS.map((id) => $(id)).find((found) => found && !found.hidden);
  if (!code || !box || !screen) return;
  const silent = !(await isHeard(code));
  if (page.language?.code !== code || screen.hidden) return; // changed meanwhile
  box.hidden = !silent;
  if (!silent) return box.replaceChildren();
  (screen.querySelector(".prompt") ?? screen.firstElementChild)?.after(box);
  const found = prompt(code, "callme_offer");
  const label = markLanguage(el("span", { class: "label name" }, found.text), found);
  box.replaceChildren(el("ul", { class: "services" }, choiceCard({
    code, pictogram: "callme", content: label, toPlay: () => hear(code, "callme_offer"),
    onChoose: () => open(page), testid: "callme-offer",
  })));
}

/**
 * Add the call-me button and screens to the client page; returns the screens for `page.show`.
 * @param {any} page
 * @returns {Record<string, HTMLElement>}
 */
export function setUpCallMe(page) {
  const main = document.querySelector("main");
  const status = $("status");
  const screens = { callme: callMeScreen(), called: calledScreen() };
  for (const screen of Object.values(screens)) main?.insertBefore(screen, status);
  const button = el("button", { id: "call-me", class: "help call-me", type: "button", "data-testid": "call-me", hidden: "" });
  $("help").after(button);
  const box = el("div", { id: "callme-offer", class: "callme-offer", hidden: "" });
  main?.append(box); // moved to the first screen after the language when it is shown
  button.addEventListener("click", () => open(page));
  $("callme-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const sending = $("callme-send");
    if (sending.getAttribute("aria-busy") === "true") return;
    sending.setAttribute("aria-busy", "true");
    try {
      await send(page);
    } finally {
      sending.removeAttribute("aria-busy");
    }
  });
  for (const back of Object.values(screens).map((s) => s.querySelector(".back"))) back?.addEventListener("click", () => history.back());
  // Shown on every screen once the language is known, but not on its own screens.
  const watch = () => {
    const code = page.language?.code;
    const own = !screens.callme.hidden || !screens.called.hidden;
    button.hidden = !code || !$("pick").hidden || own;
    if (code) labelCallMe(/** @type {HTMLButtonElement} */ (button), code);
    document.body.classList.toggle("has-call-me", !button.hidden);
    if (code && FIRST_SCREENS.some((id) => $(id) && !$(id).hidden)) offer(page);
  };
  const observer = new MutationObserver(watch);
  for (const screen of document.querySelectorAll("main > section")) observer.observe(screen, { attributes: true, attributeFilter: ["hidden"] });
  watch();
  return screens;
}
