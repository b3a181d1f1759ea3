// @ts-check
// The Campaigns tab's "do not contact": find a newcomer by name or phone number (a person who
// calls and asks to be left alone), then mark them; their data goes and no file brings them back.
import { el } from "../dom.js";
import { field, setFieldError, table, row } from "./widgets.js";
import { problemText } from "./i18n.js";
import { languageName } from "./names.js";

/** @type {import("./tabs.js").Strings} */
export const strings = {
  fi: {
    people: "Älä ota yhteyttä", peopleHelp: "Henkilö, joka ei halua yhteydenottoja: hae hänet nimellä tai puhelinnumerolla.",
    who: "Nimi tai puhelinnumero", search: "Hae", tooShort: "Kirjoita vähintään kaksi merkkiä.", nobody: "Ketään ei löytynyt.",
    person: "Henkilö", postcode: "Postinumero", state: "Tilanne", st_new: "tuotu", st_printed: "kirje tulostettu",
    st_open: "avasi linkin", st_book: "varasi ajan", mark: "Älä ota yhteyttä", confirmMark: "Vahvista: poista tiedot",
    marked: "{name}: tiedot poistettu, eikä häntä tuoda enää uudelleen.",
  },
  sv: {
    people: "Kontakta inte", peopleHelp: "En person som inte vill bli kontaktad: sök på namn eller telefonnummer.",
    who: "Namn eller telefonnummer", search: "Sök", tooShort: "Skriv minst två tecken.", nobody: "Ingen hittades.",
    person: "Person", postcode: "Postnummer", state: "Läge", st_new: "importerad", st_printed: "brevet utskrivet",
    st_open: "öppnade länken", st_book: "bokade en tid", mark: "Kontakta inte", confirmMark: "Bekräfta: radera uppgifterna",
    marked: "{name}: uppgifterna raderade, och personen importeras inte igen.",
  },
  en: {
    people: "Do not contact", peopleHelp: "A person who wants no contact: find them by name or phone number.",
    who: "Name or phone number", search: "Search", tooShort: "Type at least two characters.", nobody: "Nobody found.",
    person: "Person", postcode: "Postcode", state: "State", st_new: "imported", st_printed: "letter printed",
    st_open: "opened the link", st_book: "booked a time", mark: "Do not contact", confirmMark: "Confirm: remove their data",
    marked: "{name}: data removed, and they will not be imported again.",
  },
};

/** @type {(t: import("./tabs.js").Translate, person: any) => string} */
const state = (t, person) => t(person.booked ? "st_book" : person.opened ? "st_open" : person.letter_printed ? "st_printed" : "st_new");

/**
 * The section for `campaign` (admins and operators).
 * @param {import("./tabs.js").Context} ctx
 * @param {{ id: string, [more: string]: any }} campaign
 * @param {() => void} changed called once a person is marked
 * @returns {HTMLElement}
 */
export function peopleSection(ctx, campaign, changed) {
  const { api, t, notify, lang } = ctx;
  const query = el("input", { name: "q", type: "search", autocomplete: "off", "data-testid": "people-query" });
  const found = table("people", [t("person"), t("postcode"), t("language"), t("state"), ""]);
  found.box.hidden = true;

  async function search() {
    const q = query.value.trim();
    setFieldError(query, q.length < 2 ? t("tooShort") : "");
    if (q.length < 2) return;
    try {
      const people = await api("GET", `/api/v1/campaigns/${campaign.id}/newcomers?q=${encodeURIComponent(q)}`);
      found.box.hidden = false;
      found.fill(people.map((person) => {
        const name = [person.first_names, person.last_name].filter(Boolean).join(" ");
        const button = el("button", { type: "button", "data-testid": "do-not-contact" }, t("mark"));
        button.addEventListener("click", async () => {
          if (!button.dataset.armed) { // a second press confirms: the data cannot come back
            button.dataset.armed = "1";
            button.textContent = t("confirmMark");
            return;
          }
          try {
            await api("POST", `/api/v1/campaigns/${campaign.id}/newcomers/${person.id}/do-not-contact`);
            notify(t("marked", { name }));
            await search();
            query.focus();
            changed();
          } catch (error) { notify(problemText(t, error), true); }
        });
        return row({ "data-testid": "person-row" }, el("td", { dir: "auto" }, name), person.postcode ?? "",
          languageName(person.language, lang), state(t, person), el("td", {}, button));
      }), t("nobody"));
    } catch (error) { setFieldError(query, problemText(t, error)); }
  }

  const form = el("form", { class: "stack", onsubmit: (event) => { event.preventDefault(); search(); } },
    el("p", {}, t("peopleHelp")),
    el("div", { class: "row2" }, field("campaign-people-query", t("who"), query)),
    el("div", { class: "actions" }, el("button", { type: "submit" }, t("search"))));
  return el("section", { "data-testid": "campaign-people" }, el("h3", {}, t("people")), form, found.box);
}
