// @ts-check
// The booking's steps after the service: how to meet, the home municipality (skipped when
// known), a time, the phone number, confirm. Each needs what the one before chose; reached
// without it (a reload, or "forward" after one), the client starts again from the services.

import { $, el } from "../dom.js";
import { getJSON } from "../http.js";
import { addDays, helsinkiDay } from "../days.js";
import { CHANNEL_ICONS, hear, icon, labelButton, line, markLanguage, prompt, renderPrompt, say, speakerButton } from "../ui.js";
import { clipFor } from "../speech.js";
import { choiceCard } from "../choices.js";
import { slotPicker } from "../slots.js";
import { proposer } from "./time.js";
import { keypad } from "./keypad.js";
import { renderReminderWay } from "./reminder.js";
import { checkContact, renderConfirm, setUpBooking } from "./book.js";

/**
 * What the client has chosen so far, step by step.
 * @typedef {{ service?: { channels: string[], [more: string]: any }, channel?: string, place?: any,
 *   slot?: any, phone?: string, email?: string, [more: string]: any }} Flow
 */

/** What each step needs chosen before it. @type {Record<string, (flow: Flow) => unknown>} */
export const NEEDS = {
  how: (flow) => flow.service,
  where: (flow) => flow.channel,
  time: (flow) => flow.channel && flow.place,
  contact: (flow) => flow.slot,
  confirm: (flow) => flow.phone || flow.email,
};

/** @type {Record<string, (page: any) => any>} */
const RENDER = { how: renderHow, where: renderWhere, time: renderTime, contact: renderContact, confirm: renderConfirm };

/**
 * The step to show when `step` is asked for: one already decided is passed over (a service
 * with one way to meet decides the way; a known municipality, when going forward, the place).
 * @param {Flow} flow
 * @param {string} step
 * @param {boolean} [push] going forward (a tap), not back or a reload
 * @returns {string}
 */
export function stepFor(flow, step, push) {
  if (step === "how" && flow.service?.channels.length === 1) {
    flow.channel = flow.service.channels[0];
    step = "where";
  }
  if (step === "where" && flow.place && push) step = "time";
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
  step = stepFor(flow, step, push);
  if (push) history.pushState({ step }, "");
  say();
  if (!canOpen(flow, step)) {
    history.replaceState(null, "");
    page.showServices();
    return;
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
          openStep(page, "where", true);
        },
        testid: `channel-${channel}`,
      });
    }));
  renderPrompt($("how-prompt"), "how_meet", code);
  return hear(code, "how_meet");
}

// Folded for search: "jarvenpaa" finds Järvenpää, on any keyboard.
const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

function placeCard(page, place) {
  const { code } = page.language;
  const names = [[place.name_fi, "fi"], [place.name_sv, "sv"]];
  if (code === "sv") names.reverse();
  const label = el("span", { class: "label" }, el("span", { class: "name", lang: names[0][1] }, names[0][0]));
  if (place.name_fi !== place.name_sv) label.append(el("span", { class: "other", lang: names[1][1] }, names[1][0]));
  const card = choiceCard({
    code, pictogram: "pin", content: label,
    // Words for the device's voice only where the name is written in the page's language.
    toPlay: () => clipFor("municipalities", place.code, { lang: code, text: names[0][1] === code ? names[0][0] : "" }),
    onChoose: () => {
      page.flow.place = place;
      openStep(page, "time", true);
    },
    testid: `municipality-${place.code}`,
  });
  card.dataset.search = fold(`${place.name_fi} ${place.name_sv} ${place.code}`);
  return card;
}

function filterPlaces() {
  const wanted = fold($("municipality-search", HTMLInputElement).value.trim());
  const items = /** @type {HTMLElement[]} */ ([...$("municipality-list").children]);
  let shown = 0;
  for (const item of items.filter((li) => li.dataset.search)) {
    item.hidden = !item.dataset.search.includes(wanted);
    if (!item.hidden) shown += 1;
  }
  const nothing = items.find((li) => li.dataset.prompt === "no_match");
  if (nothing) nothing.hidden = shown > 0;
}

let placesRequest;

async function listPlaces(page) {
  const { code } = page.language;
  const list = $("municipality-list");
  list.replaceChildren();
  list.setAttribute("aria-busy", "true");
  placesRequest ??= getJSON("/api/v1/municipalities");
  let places;
  try {
    places = await placesRequest;
  } catch {
    placesRequest = undefined;
    say(code, "load_failed");
    const retry = labelButton(el("button", { type: "button", class: "change" }), "retry", code, "try_again");
    retry.addEventListener("click", () => listPlaces(page));
    list.replaceChildren(el("li", {}, retry));
    return;
  } finally {
    list.removeAttribute("aria-busy");
  }
  const key = code === "sv" ? "name_sv" : "name_fi";
  const sorted = [...places].sort((a, b) => a[key].localeCompare(b[key], code === "sv" ? "sv" : "fi"));
  list.replaceChildren(...sorted.map((place) => placeCard(page, place)), el("li", { "data-prompt": "no_match" }, line(code, "no_match")));
  filterPlaces();
}

function renderWhere(page) {
  const { code } = page.language;
  const search = $("municipality-search", HTMLInputElement);
  search.value = "";
  search.placeholder = prompt(code, "search").text;
  search.setAttribute("aria-label", search.placeholder);
  $("search-icon").replaceChildren(icon("search"));
  listPlaces(page);
  renderPrompt($("where-prompt"), "where_live", code);
  return hear(code, "where_live");
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
  $("municipality-search").addEventListener("input", filterPlaces);
  $("municipality-search").addEventListener("keydown", (event) => {
    // Enter with one place left takes it.
    const left = [.../** @type {NodeListOf<HTMLButtonElement>} */ ($("municipality-list").querySelectorAll("li:not([hidden]) button.pick"))];
    if (event.key === "Enter" && left.length === 1) {
      left[0].click();
      left[0].click();
    }
  });
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
