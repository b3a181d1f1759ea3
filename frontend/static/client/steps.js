// @ts-check
// The booking's steps after the language: the home municipality (not asked when known from
// the link or this device), the services that reach it, how to meet, a time, the phone number,
// confirm. Each needs what the one before chose; reached without it (a reload, or "forward"
// after one), the client starts again.

import { $, el } from "../dom.js";
import { getJSON } from "../http.js";
import { addDays, helsinkiDay } from "../days.js";
import { CHANNEL_ICONS, hear, labelButton, line, markLanguage, prompt, renderPrompt, say, speakerButton } from "../ui.js";
import { choiceCard } from "../choices.js";
import { slotPicker } from "../slots.js";
import { proposer } from "./time.js";
import { keypad } from "./keypad.js";
import { renderReminderWay } from "./reminder.js";
import { checkContact, renderConfirm, setUpBooking } from "./book.js";
import { renderWhere, setUpWhere } from "./where.js";

/**
 * What the client has chosen so far, step by step.
 * @typedef {{ service?: { channels: string[], [more: string]: any }, channel?: string, place?: any,
 *   slot?: any, phone?: string, email?: string, [more: string]: any }} Flow
 */

/** What each step needs chosen before it. @type {Record<string, (flow: Flow) => unknown>} */
export const NEEDS = {
  where: () => true,
  offer: (flow) => flow.place,
  how: (flow) => flow.place && flow.service,
  time: (flow) => flow.channel && flow.place,
  contact: (flow) => flow.slot,
  confirm: (flow) => flow.phone || flow.email,
};

/** @type {Record<string, (page: any) => any>} */
const RENDER = {
  where: (page) => renderWhere(page, (place) => {
    page.flow = { place }; // the services, and so everything after, depend on the place
    openStep(page, "offer", true);
  }),
  offer: (page) => page.renderOffer(),
  how: renderHow, time: renderTime, contact: renderContact, confirm: renderConfirm,
};

/**
 * The step a client starts on once the language is known: the services of her municipality
 * when it is known (from the link or this device), else the question where she lives.
 * @param {Flow} flow
 */
export const firstStep = (flow) => (flow.place ? "offer" : "where");

/**
 * The step to show when `step` is asked for: one already decided is passed over (a service
 * with one way to meet decides the way).
 * @param {Flow} flow
 * @param {string} step
 * @returns {string}
 */
export function stepFor(flow, step) {
  if (step === "how" && flow.service?.channels.length === 1) {
    flow.channel = flow.service.channels[0];
    step = "time";
  }
  return step;
}

/**
 * Whether `step` can be shown: it is one, and the flow has what it needs.
 * @param {Flow} flow
 * @param {string} step
 */
export const canOpen = (flow, step) => Object.prototype.hasOwnProperty.call(NEEDS, step) && Boolean(NEEDS[step](flow));

/**
 * Open `step` (a new history entry when `push`), or the one after it when it is decided;
 * reached without what it needs (a reload, or "forward" after one), start again.
 * @param {any} page
 * @param {string} step
 * @param {boolean} [push]
 */
export function openStep(page, step, push) {
  const { flow } = page;
  step = stepFor(flow, step);
  if (push) history.pushState({ step }, "");
  say();
  if (!canOpen(flow, step)) {
    history.replaceState(null, "");
    page.start();
    return;
  }
  if (step === "where" || step === "offer") {
    // The first screen after the language has the language and code buttons, and no back.
    const top = $(step).querySelector(".top");
    top.append($("entry"));
    /** @type {HTMLElement} */ (top.querySelector(".back")).hidden = step === page.base;
  }
  const question = RENDER[step](page);
  page.show(step, question);
  if (step === "contact" && flow.fieldError) page.fieldError(flow.fieldError);
  flow.fieldError = null;
}

function renderHow(page) {
  const { code } = page.language;
  $("channel-list").replaceChildren(...Object.entries(CHANNEL_ICONS)
    .filter(([channel]) => page.flow.service.channels.includes(channel))
    .map(([channel, pictogram]) => {
      const found = prompt(code, channel);
      return choiceCard({
        code, pictogram, content: markLanguage(el("span", { class: "label" }, found.text), found),
        toPlay: () => hear(code, channel),
        onChoose: () => {
          page.flow.channel = channel;
          openStep(page, "time", true);
        },
        testid: `channel-${channel}`,
      });
    }));
  renderPrompt($("how-prompt"), "how_meet", code);
  return hear(code, "how_meet");
}

function renderTime(page) {
  const { code } = page.language;
  const { flow } = page;
  const query = { service_id: flow.service.id, municipality: flow.place.code, language: code, channel: flow.channel };
  const lastDay = addDays(helsinkiDay(), flow.service.horizon_days ?? 366);
  const pick = (slot) => {
    flow.slot = slot;
    openStep(page, "contact", true);
  };
  const list = $("slot-picker");
  list.hidden = true;
  list.replaceChildren();
  const all = labelButton(el("button", { type: "button", class: "change more", "data-testid": "all-times" }), "list", code, "all_times");
  all.addEventListener("click", () => {
    all.remove();
    list.hidden = false;
    slotPicker(list, code, query, pick, lastDay);
  });
  const times = proposer($("proposal"), code, query, pick, lastDay);
  renderPrompt($("time-prompt"), "choose_time", code);
  $("time-prompt").after(all);
  times.start(); // says the first proposal as it arrives
  return null;
}

function fieldLabel(page, row, input, id) {
  const found = prompt(page.language.code, id);
  row.replaceChildren(markLanguage(el("label", { for: input }, found.text), found), speakerButton(found.lang, () => hear(found.lang, id)));
}

function renderContact(page) {
  const { code } = page.language;
  const { flow } = page;
  const phoneOnly = flow.channel === "phone"; // the advisor calls this number
  fieldLabel(page, $("phone-label"), "phone", "phone_number");
  fieldLabel(page, $("email-label"), "email", "email");
  $("phone-row").replaceChildren($("phone"), keypad($("keypad"), $("phone"), code));
  $("email-field").hidden = phoneOnly;
  $("phone", HTMLInputElement).value = flow.typedPhone ?? "";
  $("email", HTMLInputElement).value = flow.email ?? "";
  page.clearErrors();
  $("reminder-note").replaceChildren(line(code, "reminder_only", "bell"));
  renderReminderWay(page);
  labelButton($("next"), "next", code, "next");
  const id = phoneOnly ? "contact_phone" : "contact";
  renderPrompt($("contact-prompt"), id, code);
  return hear(code, id);
}

export function setUp(page) {
  setUpWhere();
  $("contact-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const next = $("next", HTMLButtonElement);
    if (next.getAttribute("aria-busy") === "true") return; // the number is being read already
    next.setAttribute("aria-busy", "true");
    try {
      if (await checkContact(page)) openStep(page, "confirm", true);
    } finally {
      next.removeAttribute("aria-busy");
    }
  });
  setUpBooking(page, (step) => openStep(page, step, true));
}
