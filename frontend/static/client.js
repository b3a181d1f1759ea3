// @ts-check
// The client page, one question per screen: a language (heard in itself), the home
// municipality (unless known from the link or this device), a service that reaches it (each
// heard with its organisation's place), how to meet, a time (one proposal at a time), a phone
// number (on a keypad, read back), confirm. Every screen says its question on arrival; the page
// opens under the start control (start.js), whose tap allows sound and says the first question.
// Every screen has the help button in the same place. Each step is a history entry.
// `/?lang=ar&service=<id>&municipality=<code>` opens with those chosen.

import { $, el } from "./dom.js";
import { getJSON } from "./http.js";
import { directionOf, guessLanguage, hear, icon, labelButton, LANGUAGE_KEY, loadPrompts, nameIn, prompt, renderPrompt, say, setUpHelp, speakerButton } from "./ui.js";
import { audioFor, clipFor, join, play, sayDuration, useLanguage } from "./speech.js";
import { offerStart } from "./start.js";
import { findPlace, hearPlace, loadPlaces, placeLabel } from "./places.js";
import { choiceCard } from "./choices.js";
import { phoneOf } from "./callus.js";
import { serviceIcon } from "./pictograms.js";
import { PLACE_KEY, read, store } from "./client/store.js";
import { firstStep, openStep, setUp as setUpSteps } from "./client/steps.js";
import { setUpCallMe } from "./client/callme.js";

// Used when /api/v1/languages does not answer: the languages most asked for in Finland.
const LIKELY = ["fi", "sv", "en", "ar", "so", "prs", "ckb", "ti", "uk", "ru"];
const FALLBACK_LANGUAGES = [
  ["fi", "suomi"], ["sv", "svenska"], ["en", "English"], ["ar", "العربية"], ["so", "Soomaali"],
  ["prs", "دری"], ["ckb", "کوردیی ناوەندی"], ["ti", "ትግርኛ"], ["uk", "українська"], ["ru", "русский"],
].map(([code, endonym]) => ({ code, endonym, direction: directionOf(code) }));

const screens = Object.fromEntries(["pick", "where", "offer", "how", "time", "contact", "confirm"].map((id) => [id, $(id)]));
const wanted = new URLSearchParams(location.search); // an invitation link's preselection
let current = "pick";
let languagesRequest;
/** @type {Map<string, Promise<any[]>>} */
const servicesRequests = new Map(); // per municipality

const page = {
  language: recall(),
  flow: {}, // the choices so far (service, channel, place, slot, phone, email) and the booking's key
  show,
  iconFor: serviceIcon, // one choice of pictogram for the flow and the booking page
  start,
  renderOffer,
  wantedService: wanted.get("service"), // a link's service, chosen once its place's list comes
};

function recall() {
  try {
    const saved = JSON.parse(read(LANGUAGE_KEY));
    return saved?.code ? { code: saved.code, direction: saved.direction === "rtl" ? "rtl" : "ltr" } : null;
  } catch {
    return null; // garbled: ask again
  }
}

/**
 * Show one screen and play its question (`toPlay`), now or on the start control's tap.
 * @param {string} name
 * @param {import("./ui.js").ToPlay | Promise<import("./speech.js").Playable>} [toPlay]
 */
function show(name, toPlay) {
  current = name;
  for (const [key, screen] of Object.entries(screens)) screen.hidden = key !== name;
  screens[name].querySelector("h1")?.focus();
  if (toPlay) play(toPlay);
}

function loadLanguages() {
  languagesRequest ??= getJSON("/api/v1/languages").then(
    (list) => (Array.isArray(list) && list.length ? list : FALLBACK_LANGUAGES),
    () => FALLBACK_LANGUAGES,
  );
  return languagesRequest;
}

/** The client's likely languages first: the last chosen, the browser's, those most asked for. */
function likelyFirst(list) {
  const browser = (navigator.languages ?? []).map((tag) => (tag.toLowerCase() === "fa-af" ? "prs" : tag.toLowerCase().split("-")[0]));
  const order = [page.language?.code, ...browser, ...LIKELY].filter(Boolean);
  const rank = (item) => (order.includes(item.code) ? order.indexOf(item.code) : order.length);
  return [...list].sort((a, b) => rank(a) - rank(b));
}

function languageCard(item) {
  const direction = item.direction === "rtl" ? "rtl" : "ltr";
  const name = el("span", { class: "label name", lang: item.code, dir: direction }, item.endonym);
  const card = choiceCard({
    code: page.language?.code ?? guessLanguage(),
    pictogram: "globe",
    content: name,
    // Each language's name said in itself: a recording, else a device voice of that language.
    toPlay: () => audioFor("language_name", { lang: item.code, text: item.endonym }),
    onChoose: () => choose({ code: item.code, direction }),
    testid: `language-${item.code}`,
  });
  if (page.language?.code === item.code) card.querySelector(".pick").setAttribute("aria-current", "true");
  return card;
}

async function showLanguages() {
  const code = page.language?.code ?? guessLanguage();
  offerStart(code);
  await loadPrompts(code).catch(() => {}); // no prompts: the pictograms still tell
  renderPrompt($("pick-prompt"), "choose_language", code);
  setUpHelp(code, () => current);
  say();
  show("pick", () => hear(code, "choose_language"));
  const list = $("language-list");
  list.setAttribute("aria-busy", "true");
  list.replaceChildren(...likelyFirst(await loadLanguages()).map(languageCard));
  list.removeAttribute("aria-busy");
}

/** Make `choice` the page's language: its `lang`, and its direction, which mirrors the layout. */
function applyLanguage(choice) {
  page.language = choice;
  useLanguage(choice.code);
  offerStart(choice.code);
  document.documentElement.lang = choice.code;
  document.documentElement.dir = choice.direction;
}

function choose(choice) {
  applyLanguage(choice);
  store(LANGUAGE_KEY, JSON.stringify(choice));
  start();
}

function serviceCard(service, code, place) {
  const name = nameIn(service.names, code);
  const minutes = prompt(code, "minutes", { n: service.duration_minutes });
  const duration = el("span", {}, minutes.text);
  // The server says a duration as the language does; until it answers, the prompt's words.
  const spokenDuration = sayDuration(service.duration_minutes, { lang: code, text: minutes.text });
  spokenDuration.then((said) => { duration.textContent = said.text || minutes.text; });
  // Whose it is: the organisation's place (heard too) and name, so that Oulu's and Jakobstad's
  // "Guidance and advice" are told apart by ear.
  const whose = el("span", { class: "whose" }, icon("pin"), place ? placeLabel(place, code, { class: "place", "data-testid": "service-place" }) : null,
    el("span", { class: "org", lang: "fi", dir: "auto" }, service.organisation_name ?? ""));
  const label = el("span", { class: "label" },
    el("span", { class: "name", lang: name.lang, dir: "auto" }, name.text), service.organisation_name ? whose : null,
    el("span", { class: "duration" }, icon("clock"), duration));
  const card = choiceCard({
    code,
    pictogram: serviceIcon(service),
    content: label,
    toPlay: async () => join(
      await clipFor("services", service.id, { lang: code, text: name.lang === code ? name.text : "" }),
      // Its place is a Finnish or Swedish word: said by that language's voice.
      place ? await hearPlace(place, code) : null,
      await spokenDuration),
    onChoose: () => chooseService(service),
    testid: "service",
  });
  /** @type {HTMLButtonElement} */ (card.querySelector("button.pick")).dataset.slug = service.slug;
  card.dataset.testid = "service-card";
  return card;
}

function chooseService(service) {
  phoneOf(service); // the number to give if no time suits
  page.flow = { service, place: page.flow.place };
  openStep(page, "how", true);
}

/** The services that reach the client's municipality, each with its organisation's place. */
async function renderServices() {
  const { code } = page.language;
  const { place } = page.flow;
  const list = $("service-list");
  $("retry").hidden = true;
  list.replaceChildren();
  list.setAttribute("aria-busy", "true");
  if (!servicesRequests.has(place.code)) servicesRequests.set(place.code, getJSON(`/api/v1/services?municipality=${encodeURIComponent(place.code)}`));
  let services;
  try {
    services = await servicesRequests.get(place.code);
  } catch {
    servicesRequests.delete(place.code); // let "try again" ask anew
    say(code, "load_failed");
    $("retry").hidden = false;
    return;
  } finally {
    list.removeAttribute("aria-busy");
  }
  const places = await loadPlaces(code).catch(() => []);
  const placeOf = (service) => places.find((p) => p.code === service.organisation_municipality) ?? null;
  list.replaceChildren(...services.map((service) => serviceCard(service, code, placeOf(service))));
  say(code, services.length ? null : "no_services");
  const link = services.find((service) => service.id === page.wantedService);
  page.wantedService = null; // once: going back shows the list
  if (link) chooseService(link);
}

/** The client's municipality on the services screen: shown, heard, and changed. */
function renderPlace(code) {
  const { place } = page.flow;
  const change = labelButton(el("button", { type: "button", class: "change", "data-testid": "change-place" }), "pin", code, "change_place");
  change.addEventListener("click", () => openStep(page, "where", true));
  $("offer-place").replaceChildren(el("p", { class: "line" }, icon("pin"), placeLabel(place, code, { "data-testid": "offer-place-name" }),
    speakerButton(code, () => hearPlace(place, code), "speak-place")), change);
}

/** The services screen (a step: the place comes first); its question, to play on arrival. */
function renderOffer() {
  const { code } = page.language;
  renderPrompt($("offer-prompt"), "what_help", code);
  renderPlace(code);
  renderServices();
  return hear(code, "what_help");
}

/** Once the language is known: the buttons every screen has, then the first question. */
async function start() {
  const { code } = page.language;
  await loadPrompts(code).catch(() => {});
  labelButton($("change-language"), "globe", code, "change_language");
  labelButton($("have-code"), "calendar", code, "have_code"); // a code read out by phone
  labelButton($("retry"), "retry", code, "try_again");
  for (const back of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll(".back"))) labelButton(back, "back", code, "back");
  setUpHelp(code, () => current);
  say();
  // The municipality of this device's earlier booking, unless the link named one.
  page.flow.place ??= await findPlace(read(PLACE_KEY), code);
  const step = firstStep(page.flow);
  page.base = step;
  history.replaceState({ step }, ""); // back from the next step comes here
  openStep(page, step, false);
}

/** An invitation link: open in its language with its municipality and service chosen. */
async function preselect() {
  const lang = wanted.get("lang");
  if (lang && /^[a-z]{2,3}$/.test(lang)) {
    const known = (await loadLanguages()).find((item) => item.code === lang);
    if (known) applyLanguage({ code: lang, direction: known.direction === "rtl" ? "rtl" : "ltr" });
    if (known) store(LANGUAGE_KEY, JSON.stringify(page.language));
  }
  const code = wanted.get("municipality");
  if (code && /^\d{3}$/.test(code)) page.flow.place = await findPlace(code, page.language?.code ?? "fi");
  if (!page.language) return showLanguages();
  return start();
}

$("change-language").addEventListener("click", () => showLanguages());
$("retry").addEventListener("click", () => renderServices());
for (const back of document.querySelectorAll(".back")) back.addEventListener("click", () => history.back());
addEventListener("popstate", (event) => (event.state?.step ? openStep(page, event.state.step, false) : start()));

setUpSteps(page);
Object.assign(screens, setUpCallMe(page)); // "call me", on every screen after the language
if (history.state?.step) history.replaceState(null, ""); // a reload: what was chosen is gone
if (page.language) applyLanguage(page.language);
if (wanted.size) preselect();
else if (page.language) start();
else showLanguages();
