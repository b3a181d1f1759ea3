// @ts-check
// Where the client lives, asked before the services (they depend on it): a short list of the
// likely places (where the region's organisations are, then what their agreements cover),
// each a card with its name heard in the Finnish or Swedish voice, then "another place",
// which opens a search over every municipality.

import { $, el } from "../dom.js";
import { hear, icon, labelButton, line, prompt, renderPrompt, say } from "../ui.js";
import { choiceCard } from "../choices.js";
import { hearPlace, loadPlaces, placeName, shortList } from "../places.js";

// Folded for search: "jarvenpaa" finds Järvenpää, on any keyboard.
const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

/**
 * @param {any} page
 * @param {import("../places.js").Place} place
 * @param {(place: any) => void} onChoose
 */
function placeCard(page, place, onChoose) {
  const { code } = page.language;
  const name = placeName(place, code);
  const label = el("span", { class: "label" }, el("span", { class: "name", lang: name.lang, dir: "ltr" }, name.text));
  if (name.other) label.append(el("span", { class: "other", lang: name.other.lang, dir: "ltr" }, name.other.text));
  const card = choiceCard({
    code, pictogram: "pin", content: label,
    toPlay: () => hearPlace(place, code),
    onChoose: () => onChoose(place),
    testid: `municipality-${place.code}`,
  });
  if (page.flow.place?.code === place.code) card.querySelector(".pick")?.setAttribute("aria-current", "true");
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

/**
 * Every place, the likely ones first, under the search field (shown now).
 * @param {any} page
 * @param {import("../places.js").Place[]} places
 * @param {(place: any) => void} onChoose
 */
function searchAll(page, places, onChoose) {
  const { code } = page.language;
  const search = $("municipality-search", HTMLInputElement);
  $("municipality-search-row").hidden = false;
  $("municipality-list").replaceChildren(...places.map((place) => placeCard(page, place, onChoose)),
    el("li", { "data-prompt": "no_match" }, line(code, "no_match")));
  filterPlaces();
  search.focus();
}

/**
 * Show the short list of likely places and "another place" (or, when no agreement gives any
 * place a service, the search over all of them).
 * @param {any} page
 * @param {(place: any) => void} onChoose
 */
async function listPlaces(page, onChoose) {
  const { code } = page.language;
  const list = $("municipality-list");
  list.replaceChildren();
  list.setAttribute("aria-busy", "true");
  let places;
  try {
    places = await loadPlaces(code);
  } catch {
    say(code, "load_failed");
    const retry = labelButton(el("button", { type: "button", class: "change" }), "retry", code, "try_again");
    retry.addEventListener("click", () => listPlaces(page, onChoose));
    list.replaceChildren(el("li", {}, retry));
    return;
  } finally {
    list.removeAttribute("aria-busy");
  }
  const likely = shortList(places, page.flow.place);
  if (!likely.length) return searchAll(page, places, onChoose);
  const another = prompt(code, "another_place");
  const more = choiceCard({
    code, pictogram: "search",
    content: el("span", { class: "label", lang: another.lang }, another.text),
    toPlay: () => hear(code, "another_place"),
    onChoose: () => searchAll(page, places, onChoose),
    testid: "another-place",
  });
  more.classList.add("another");
  list.replaceChildren(...likely.map((place) => placeCard(page, place, onChoose)), more);
}

/**
 * The "where do you live" screen; its question, to play on arrival.
 * @param {any} page
 * @param {(place: any) => void} onChoose
 */
export function renderWhere(page, onChoose) {
  const { code } = page.language;
  const search = $("municipality-search", HTMLInputElement);
  search.value = "";
  search.placeholder = prompt(code, "search").text;
  search.setAttribute("aria-label", search.placeholder);
  $("search-icon").replaceChildren(icon("search"));
  $("municipality-search-row").hidden = true; // until "another place"
  listPlaces(page, onChoose);
  renderPrompt($("where-prompt"), "where_live", code);
  return hear(code, "where_live");
}

export function setUpWhere() {
  $("municipality-search").addEventListener("input", filterPlaces);
  $("municipality-search").addEventListener("keydown", (event) => {
    // Enter with one place left takes it.
    const left = [.../** @type {NodeListOf<HTMLButtonElement>} */ ($("municipality-list").querySelectorAll("li:not([hidden]) button.pick"))];
    if (event.key === "Enter" && left.length === 1) {
      left[0].click();
      left[0].click();
    }
  });
}
