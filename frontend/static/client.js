// The client page: a language, a service, then booking one choice per screen: how to meet,
// home municipality, a time, a way to be reminded, confirm. Every prompt has a speaker button
// and is spoken on arrival after a tap. Each step is a history entry: the phone's back button
// goes one step back.

import {
  $, addDays, arrive, CHANNEL_ICONS, directionOf, el, formatWhen, getJSON, helsinkiDay, icon, labelButton, line,
  loadPrompts, LANGUAGE_KEY, guessLanguage, markLanguage, nameIn, prompt, renderPrompt, request, say, speak,
  speakerButton,
} from "./speech.js";
import { nextSlots, slotPicker } from "./slots.js";

const PLACE_KEY = "neuvo.municipality";

// Used when /api/v1/languages does not answer: the languages most asked for in Finland.
const FALLBACK_LANGUAGES = [
  ["fi", "suomi"], ["sv", "svenska"], ["en", "English"], ["ar", "العربية"], ["so", "Soomaali"],
  ["prs", "دری"], ["ckb", "کوردیی ناوەندی"], ["ti", "ትግርኛ"], ["uk", "українська"], ["ru", "русский"],
].map(([code, endonym]) => ({ code, endonym, direction: directionOf(code) }));

// Slugs are chosen by each organisation, in Finnish, Swedish or English: match on word stems.
const SERVICE_ICONS = [
  ["people", /peer|vertais|kamrat/],
  ["clipboard", /assess|arvio|kartoitus|kartläggning|bedömning/],
  ["document", /plan|suunnitelm/],
  ["bubbles", /guid|advice|advis|counsel|neuvon|ohjaus|rådgivning|vägledning/],
];
const PHONE = /^\+?\d{6,15}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const screens = Object.fromEntries(["pick", "offer", "how", "where", "time", "contact", "confirm"].map((id) => [id, $(id)]));
const serviceList = $("service-list");
const retryButton = $("retry");

let language = recall();
let languagesRequest;
let servicesRequest;
let placesRequest;
// The choices so far (service, channel, place, slot, phone, email) and the booking's key.
let flow = {};

// Private modes may refuse storage: a choice then lasts for this visit only.
function store(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {}
}

function read(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function recall() {
  try {
    const saved = JSON.parse(read(LANGUAGE_KEY));
    return saved?.code ? { code: saved.code, direction: saved.direction === "rtl" ? "rtl" : "ltr" } : null;
  } catch {
    return null; // garbled: ask again
  }
}

/** Show one screen; when a tap led here, focus its prompt and speak it (sound is allowed now). */
function show(name, byTap, found) {
  for (const [key, screen] of Object.entries(screens)) screen.hidden = key !== name;
  if (byTap) arrive(screens[name], found);
}

function loadLanguages() {
  languagesRequest ??= getJSON("/api/v1/languages").then(
    (list) => (Array.isArray(list) && list.length ? list : FALLBACK_LANGUAGES),
    () => FALLBACK_LANGUAGES,
  );
  return languagesRequest;
}

function languageButton(item) {
  const direction = item.direction === "rtl" ? "rtl" : "ltr";
  const button = el("button", {
    type: "button", lang: item.code, dir: direction, "data-testid": `language-${item.code}`,
  }, item.endonym);
  if (language?.code === item.code) button.setAttribute("aria-current", "true");
  button.addEventListener("click", () => choose({ code: item.code, direction }));
  return button;
}

async function showLanguages(byTap) {
  const code = language?.code ?? guessLanguage();
  await loadPrompts(code).catch(() => {}); // no prompts: the pictograms still tell
  const found = renderPrompt($("pick-prompt"), "choose_language", code);
  say();
  show("pick", byTap, found);
  const list = $("language-list");
  list.setAttribute("aria-busy", "true");
  list.replaceChildren(...(await loadLanguages()).map(languageButton));
  list.removeAttribute("aria-busy");
}

/** Make `choice` the page's language: its `lang`, and its direction, which mirrors the layout. */
function applyLanguage(choice) {
  language = choice;
  document.documentElement.lang = choice.code;
  document.documentElement.dir = choice.direction;
}

function choose(choice) {
  applyLanguage(choice);
  store(LANGUAGE_KEY, JSON.stringify(choice));
  showServices(true);
}

function iconFor(service) {
  if (service.peer_guidance) return "people";
  return SERVICE_ICONS.find(([, pattern]) => pattern.test(service.slug))?.[0] ?? "generic";
}

function formatMinutes(code, minutes) {
  // CLDR knows each language's plural forms; fa-AF is CLDR's Dari. Fall back to "{n} min".
  const locale = code === "prs" ? "fa-AF" : code;
  try {
    const format = new Intl.NumberFormat(locale, { style: "unit", unit: "minute", unitDisplay: "long" });
    if (format.resolvedOptions().locale.split("-")[0] === locale.split("-")[0]) {
      return format.format(minutes);
    }
  } catch {
    // An older browser without unit formatting, or a tag it rejects.
  }
  return prompt(code, "minutes").text.replace("{n}", minutes);
}

/** A big tappable card: pictogram and label in one button, and a speaker button beside it. */
function choice(iconName, label, spoken, onClick, testid) {
  const button = el("button", { type: "button", class: "pick" }, icon(iconName), label);
  if (testid) button.dataset.testid = testid;
  button.addEventListener("click", onClick);
  return el("li", { class: "card" }, button, speakerButton(spoken.lang, spoken.text, spoken.audio));
}

function serviceCard(service, code) {
  const name = nameIn(service.names, code);
  const duration = formatMinutes(code, service.duration_minutes);
  const label = el("span", { class: "label" },
    el("span", { class: "name", lang: name.lang, dir: "auto" }, name.text),
    el("span", { class: "duration" }, icon("clock"), el("span", {}, duration)));
  const card = choice(iconFor(service), label, { lang: name.lang, text: `${name.text}. ${duration}` }, () => {
    flow = { service };
    go("how");
  });
  Object.assign(card.dataset, { testid: "service", slug: service.slug });
  return card;
}

async function renderServices() {
  retryButton.hidden = true;
  serviceList.replaceChildren();
  serviceList.setAttribute("aria-busy", "true");
  servicesRequest ??= getJSON("/api/v1/services");
  let services;
  try {
    services = await servicesRequest;
  } catch {
    servicesRequest = undefined; // let "try again" ask anew
    say(language.code, "load_failed");
    retryButton.hidden = false;
    return;
  } finally {
    serviceList.removeAttribute("aria-busy");
  }
  // The public list holds active services only.
  serviceList.replaceChildren(...services.map((service) => serviceCard(service, language.code)));
  say(language.code, services.length ? null : "no_services");
}

async function showServices(byTap) {
  const { code } = language;
  await loadPrompts(code).catch(() => {});
  const found = renderPrompt($("offer-prompt"), "what_help", code);
  labelButton($("change-language"), "globe", code, "change_language");
  labelButton(retryButton, "retry", code, "try_again");
  for (const back of document.querySelectorAll(".back")) labelButton(back, "back", code, "back");
  say();
  show("offer", byTap, found);
  await renderServices();
}

// Each step needs what the one before chose; reached without it (a reload, or "forward" after
// one), the client starts again from the services.
const STEPS = {
  how: [() => flow.service, renderHow],
  where: [() => flow.channel, renderWhere],
  time: [() => flow.place, renderTime],
  contact: [() => flow.slot, renderContact],
  confirm: [() => flow.phone || flow.email, renderConfirm],
};

function go(step) {
  history.pushState({ step }, "");
  open(step);
}

function open(step) {
  say();
  if (!STEPS[step]?.[0]()) {
    history.replaceState(null, "");
    showServices(true);
    return;
  }
  show(step, true, STEPS[step][1]());
  if (step === "contact" && flow.fieldError) fieldError(flow.fieldError);
  flow.fieldError = null;
}

function renderHow() {
  const { code } = language;
  $("channel-list").replaceChildren(...Object.entries(CHANNEL_ICONS)
    .filter(([channel]) => flow.service.channels.includes(channel))
    .map(([channel, pictogram]) => {
      const found = prompt(code, channel);
      const label = markLanguage(el("span", { class: "label" }, found.text), found);
      return choice(pictogram, label, found, () => {
        flow.channel = channel;
        go("where");
      }, `channel-${channel}`);
    }));
  return renderPrompt($("how-prompt"), "how_meet", code);
}

// Folded for search: "jarvenpaa" finds Järvenpää, on any keyboard.
const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

function placeButton(place, code, last) {
  const names = [[place.name_fi, "fi"], [place.name_sv, "sv"]];
  if (code === "sv") names.reverse();
  const label = el("span", { class: "label" }, el("span", { lang: names[0][1] }, names[0][0]));
  if (place.name_fi !== place.name_sv) label.append(el("span", { class: "other", lang: names[1][1] }, names[1][0]));
  const button = el("button", { type: "button", "data-testid": `municipality-${place.code}` }, icon("pin"), label);
  if (place.code === last) button.setAttribute("aria-current", "true");
  button.addEventListener("click", () => {
    flow.place = place;
    store(PLACE_KEY, place.code);
    go("time");
  });
  const item = el("li", {}, button);
  item.dataset.search = fold(`${place.name_fi} ${place.name_sv} ${place.code}`);
  return item;
}

function filterPlaces() {
  const wanted = fold($("municipality-search").value.trim());
  const items = [...$("municipality-list").children];
  let shown = 0;
  for (const item of items.filter((li) => li.dataset.search)) {
    item.hidden = !item.dataset.search.includes(wanted);
    if (!item.hidden) shown += 1;
  }
  const nothing = items.find((li) => li.dataset.prompt === "no_match");
  if (nothing) nothing.hidden = shown > 0;
}

async function listPlaces() {
  const { code } = language;
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
    retry.addEventListener("click", listPlaces);
    list.replaceChildren(el("li", {}, retry));
    return;
  } finally {
    list.removeAttribute("aria-busy");
  }
  const last = read(PLACE_KEY);
  const key = code === "sv" ? "name_sv" : "name_fi";
  const sorted = [...places].sort((a, b) => (b.code === last) - (a.code === last) || a[key].localeCompare(b[key], code === "sv" ? "sv" : "fi"));
  list.replaceChildren(...sorted.map((place) => placeButton(place, code, last)), el("li", { "data-prompt": "no_match" }, line(code, "no_match")));
  filterPlaces();
}

function renderWhere() {
  const { code } = language;
  const search = $("municipality-search");
  search.value = "";
  search.placeholder = prompt(code, "search").text;
  search.setAttribute("aria-label", search.placeholder);
  $("search-icon").replaceChildren(icon("search"));
  listPlaces();
  return renderPrompt($("where-prompt"), "where_live", code);
}

function renderTime() {
  const { code } = language;
  const query = { service_id: flow.service.id, municipality: flow.place.code, language: code, channel: flow.channel };
  const lastDay = addDays(helsinkiDay(), flow.service.horizon_days ?? 366);
  slotPicker($("slot-picker"), code, query, (slot) => {
    flow.slot = slot;
    go("contact");
  }, lastDay);
  return renderPrompt($("time-prompt"), "choose_time", code);
}

function fieldLabel(row, input, id) {
  const found = prompt(language.code, id);
  row.replaceChildren(markLanguage(el("label", { for: input }, found.text), found), speakerButton(found.lang, found.text, id));
}

/** Show prompt `id` (and the server's own words, if any) under the phone or e-mail input. */
function fieldError({ field, id, detail }) {
  const { code } = language;
  const found = prompt(code, id);
  const input = $(field);
  input.setAttribute("aria-invalid", "true");
  $(`${field}-error`).replaceChildren(markLanguage(el("span", {}, found.text), found), detail ? el("span", { class: "detail", dir: "auto" }, detail) : "");
  input.focus();
  speak(found.lang, found.text, id);
}

function clearErrors() {
  for (const field of ["phone", "email"]) {
    $(field).removeAttribute("aria-invalid");
    $(`${field}-error`).replaceChildren();
  }
}

// Finnish numbers as people write them (040 123 4567) in the international form (+35840…).
const normalisePhone = (text) => text.replace(/[\s().-]/g, "").replace(/^00/, "+").replace(/^0/, "+358");

function renderContact() {
  const { code } = language;
  const phoneOnly = flow.channel === "phone"; // the advisor calls this number
  fieldLabel($("phone-label"), "phone", "phone_number");
  fieldLabel($("email-label"), "email", "email");
  $("email-field").hidden = phoneOnly;
  $("phone").value = flow.typedPhone ?? "";
  $("email").value = flow.email ?? "";
  clearErrors();
  $("reminder-note").replaceChildren(line(code, "reminder_only", "bell"));
  labelButton($("next"), "next", code, "next");
  return renderPrompt($("contact-prompt"), phoneOnly ? "contact_phone" : "contact", code);
}

function checkContact(event) {
  event.preventDefault();
  const phoneOnly = flow.channel === "phone";
  const typed = $("phone").value.trim();
  const phone = normalisePhone(typed);
  const email = phoneOnly ? "" : $("email").value.trim();
  let error;
  if (!phone && !email) error = { field: "phone", id: phoneOnly ? "need_phone" : "need_contact" };
  else if (phone && !PHONE.test(phone)) error = { field: "phone", id: "check_phone" };
  else if (email && !EMAIL.test(email)) error = { field: "email", id: "check_email" };
  clearErrors();
  if (error) return fieldError(error);
  Object.assign(flow, { phone: phone || undefined, email: email || undefined, typedPhone: typed });
  go("confirm");
}

function renderSummary() {
  const { code } = language;
  const name = nameIn(flow.service.names, code);
  const how = prompt(code, flow.channel);
  const when = formatWhen(code, flow.slot.starts_at);
  const own = flow.slot.own_language;
  const row = (pictogram, ...content) => el("li", {}, icon(pictogram), el("span", {}, ...content));
  $("summary").replaceChildren(
    row(iconFor(flow.service), el("span", { lang: name.lang, dir: "auto" }, name.text)),
    row(CHANNEL_ICONS[flow.channel], markLanguage(el("span", {}, how.text), how)),
    row("calendar", when, own === undefined ? null : icon(own ? "bubble" : "interpreter")),
    row("bell", el("span", { dir: "ltr" }, flow.phone ? flow.typedPhone : flow.email)),
    el("li", { class: "listen" }, speakerButton(code, `${name.text}. ${how.text}. ${when}.`)));
}

function renderConfirm() {
  const { code } = language;
  renderSummary();
  labelButton($("book"), "check", code, "book");
  $("booking-error").replaceChildren();
  return renderPrompt($("confirm-prompt"), "confirm", code);
}

// A random (version 4) UUID; crypto.randomUUID exists in secure contexts only.
const uuid = () => crypto.randomUUID?.() ?? "10000000-1000-4000-8000-100000000000"
  .replace(/[018]/g, (c) => (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));

/** Tell why the booking did not go through, say it, and offer what can be done instead. */
function bookingError(id, detail, ...offers) {
  const { code } = language;
  const found = prompt(code, id);
  $("booking-error").replaceChildren(line(code, id, "cross"), detail ? el("p", { class: "detail", dir: "auto" }, detail) : "", ...offers);
  $("booking-error").scrollIntoView({ block: "nearest" });
  speak(found.lang, found.text, id);
}

async function book(slot = flow.slot) {
  const { code } = language;
  if (slot !== flow.slot) {
    flow.slot = slot; // one of the next free times a 409 offered
    renderSummary();
  }
  const client = { preferred_language: code, home_municipality_code: flow.place.code, prefers_audio: true };
  if (flow.phone) client.phone = flow.phone;
  if (flow.email) client.email = flow.email;
  const body = { slot: slot.slot, client };
  // The same request keeps its key, so a retry after a lost answer never books twice.
  if (flow.keyFor !== JSON.stringify(body)) Object.assign(flow, { key: uuid(), keyFor: JSON.stringify(body) });
  const button = $("book");
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  $("booking-error").replaceChildren();
  let answer;
  try {
    answer = await request("/api/v1/bookings", { method: "POST", body, headers: { "Idempotency-Key": flow.key } });
  } catch {
    answer = { status: 0, data: null };
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
  const problem = answer.data ?? {};
  if (answer.status === 201 && problem.client_link) {
    location.href = new URL(problem.client_link, location.href).pathname; // never another host
    return;
  }
  const field = (problem.errors ?? []).find((error) => /^client\.(phone|email)/.test(error.field));
  if (answer.status === 422 && field) {
    const name = field.field.includes("phone") ? "phone" : "email";
    flow.fieldError = { field: name, id: `check_${name}`, detail: field.reason ?? problem.detail };
    history.back(); // to the contact step, which shows it beside the input
    return;
  }
  // Problem types are /problems/<error-name>, as api/errors.py names them.
  const taken = /slot-unavailable/.test(problem.type);
  const otherTime = answer.status === 409 ? !/too-many/.test(problem.type) : problem.errors?.some((e) => e.field === "slot");
  if (problem.next_slots?.length) {
    bookingError("taken", null, nextSlots(code, problem.next_slots, book));
  } else if (taken || otherTime) {
    const again = labelButton(el("button", { type: "button", class: "change" }), "calendar", code, "choose_time");
    again.addEventListener("click", () => history.go(-2)); // back to the times
    bookingError(taken ? "taken" : "booking_failed", problem.detail, again);
  } else {
    bookingError("booking_failed", problem.detail ?? prompt(code, "try_again").text);
  }
}

window.speechSynthesis?.getVoices(); // Chrome loads its voices only once first asked
$("change-language").addEventListener("click", () => showLanguages(true));
retryButton.addEventListener("click", () => renderServices());
for (const back of document.querySelectorAll(".back")) back.addEventListener("click", () => history.back());
$("municipality-search").addEventListener("input", filterPlaces);
$("municipality-search").addEventListener("keydown", (event) => {
  // Enter with one place left takes it.
  const left = [...$("municipality-list").querySelectorAll("li:not([hidden]) button[data-testid]")];
  if (event.key === "Enter" && left.length === 1) left[0].click();
});
$("contact-form").addEventListener("submit", checkContact);
$("book").addEventListener("click", () => book());
addEventListener("popstate", (event) => (event.state?.step ? open(event.state.step) : showServices(true)));

if (history.state?.step) history.replaceState(null, ""); // a reload: what was chosen is gone
if (language) {
  applyLanguage(language);
  showServices(false);
} else {
  showLanguages(false);
}
