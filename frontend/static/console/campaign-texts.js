// @ts-check
// The Campaigns tab's texts: per language, the letter's body and the SMS a newcomer gets, the
// campaign's own or the default, marked machine translated until a person who speaks the
// language has reviewed it; an admin replaces one or puts the default back.
import { $, el } from "../dom.js";
import { field, setFieldError } from "./widgets.js";
import { problemText } from "./i18n.js";
import { languageName } from "./names.js";

const PLACES = { letter: ["service", "municipality"], sms: ["link"] };
const SMS_MAX = 480; // as the server: three SMS parts; the link adds about 40 characters

/** @type {import("./tabs.js").Strings} */
export const strings = {
  fi: {
    texts: "Kirjeen ja tekstiviestin tekstit", textLanguage: "Teksti kielellä", letterBody: "Kirjeen teksti",
    smsText: "Tekstiviesti", letterHint: "Voit käyttää: {service} (palvelun nimi), {municipality} (kunnan nimi).",
    smsHint: "Tekstissä pitää olla {link} (henkilön oma linkki) kerran. {n}/480 merkkiä.",
    own: "kampanjan oma", default: "oletusteksti", machine: "konekäännös, tarkistamatta", reviewedMark: "tarkistettu",
    reviewed: "Kieltä osaava henkilö on tarkistanut tekstin", saveText: "Tallenna teksti", resetText: "Palauta oletusteksti",
    saved: "Teksti tallennettu.", resetDone: "Oletusteksti palautettu.", noText: "Tälle kielelle ei ole oletustekstiä.",
    badBrace: "Aaltosulkeelta puuttuu pari: kirjoita {service}, {municipality} tai {link}.",
    badPlace: "Tuntematon paikkamerkki {name}. Sallitut: {allowed}.", needLink: "Tekstiviestissä pitää olla {link} tasan kerran.",
    tooLong: "Tekstiviesti on yli 480 merkkiä.", needText: "Kirjoita teksti.",
  },
  sv: {
    texts: "Brevets och sms:ets texter", textLanguage: "Text på språket", letterBody: "Brevets text",
    smsText: "Sms", letterHint: "Du kan använda: {service} (tjänstens namn), {municipality} (kommunens namn).",
    smsHint: "Texten måste innehålla {link} (personens egen länk) en gång. {n}/480 tecken.",
    own: "kampanjens egen", default: "standardtext", machine: "maskinöversatt, ogranskad", reviewedMark: "granskad",
    reviewed: "En person som kan språket har granskat texten", saveText: "Spara texten", resetText: "Återställ standardtexten",
    saved: "Texten har sparats.", resetDone: "Standardtexten har återställts.", noText: "Det finns ingen standardtext på det här språket.",
    badBrace: "En klammerparentes saknar sitt par: skriv {service}, {municipality} eller {link}.",
    badPlace: "Okänd platshållare {name}. Tillåtna: {allowed}.", needLink: "Sms:et måste innehålla {link} exakt en gång.",
    tooLong: "Sms:et är längre än 480 tecken.", needText: "Skriv en text.",
  },
  en: {
    texts: "Letter and SMS texts", textLanguage: "Text in language", letterBody: "Letter text",
    smsText: "SMS", letterHint: "You may use: {service} (the service's name), {municipality} (the municipality's name).",
    smsHint: "The text must contain {link} (the person's own link) once. {n}/480 characters.",
    own: "the campaign's own", default: "default text", machine: "machine translated, not reviewed", reviewedMark: "reviewed",
    reviewed: "A person who speaks the language has reviewed the text", saveText: "Save the text", resetText: "Back to the default text",
    saved: "Text saved.", resetDone: "Default text back.", noText: "There is no default text in this language.",
    badBrace: "A curly bracket without its pair: write {service}, {municipality} or {link}.",
    badPlace: "Unknown placeholder {name}. Allowed: {allowed}.", needLink: "The SMS must contain {link} exactly once.",
    tooLong: "The SMS is longer than 480 characters.", needText: "Write a text.",
  },
};

/**
 * What is wrong with `text` as a `kind` text, in the console's words (the server checks the same).
 * @param {import("./tabs.js").Translate} t
 * @param {string} kind
 * @param {string} text
 * @returns {string | null}
 */
function fault(t, kind, text) {
  if (!text.trim()) return t("needText");
  const named = [];
  for (const part of text.split(/(\{[^{}]*\})/)) {
    if (/^\{\w*\}$/.test(part)) named.push(part.slice(1, -1));
    else if (/[{}]/.test(part)) return t("badBrace");
  }
  const unknown = named.find((name) => !PLACES[kind].includes(name));
  const braces = (list) => list.map((name) => `{${name}}`).join(", ");
  if (unknown !== undefined) return t("badPlace", { name: `{${unknown}}`, allowed: braces(PLACES[kind]) });
  if (kind === "sms" && named.filter((name) => name === "link").length !== 1) return t("needLink");
  if (kind === "sms" && text.length > SMS_MAX) return t("tooLong");
  return "";
}

// A placeholder in a string table would be filled by t(): these keep their braces.
const keep = { service: "{service}", municipality: "{municipality}", link: "{link}" };

/**
 * The section for `campaign`, drawn into a new element; admins edit, operators read.
 * @param {import("./tabs.js").Context} ctx
 * @param {{ id: string, [more: string]: any }} campaign
 * @param {boolean} isAdmin
 * @returns {HTMLElement}
 */
export function textsSection(ctx, campaign, isAdmin) {
  const { api, t, notify, lang } = ctx;
  const box = el("section", { "data-testid": "campaign-texts" });
  const picker = el("select", { "data-testid": "text-language" });
  const editors = el("div", { class: "stack" });
  let rows = [];

  const mark = (text) => (text ? ` (${text.own ? t("own") : t("default")}, ${text.reviewed ? t("reviewedMark") : t("machine")})` : "");

  function drawPicker(chosen) {
    picker.replaceChildren(...rows.map((row) => el("option", { value: row.language, selected: row.language === chosen },
      `${languageName(row.language, lang)} (${row.language})${row.letter?.own || row.sms?.own ? ` – ${t("own")}` : ""}`)));
  }

  function editor(row, kind) {
    const text = row[kind];
    const id = `campaign-${kind}`;
    const area = el("textarea", { name: "text", rows: kind === "letter" ? "6" : "3", dir: "auto", lang: row.language,
      spellcheck: "false", readonly: !isAdmin, "data-testid": `text-${kind}` });
    area.value = text?.text ?? "";
    const hint = () => (kind === "letter" ? t("letterHint", keep) : t("smsHint", { ...keep, n: area.value.length }));
    const wrap = field(id, `${t(kind === "letter" ? "letterBody" : "smsText")}${mark(text)}`, area, hint());
    const hintSlot = wrap.querySelector(".hint");
    area.addEventListener("input", () => { hintSlot.textContent = hint(); setFieldError(area, ""); });
    if (!isAdmin) return wrap;
    const reviewed = el("input", { type: "checkbox", checked: Boolean(text?.reviewed), "data-testid": `reviewed-${kind}` });
    const save = async () => {
      const wrong = fault(t, kind, area.value);
      setFieldError(area, wrong);
      if (wrong) { area.focus(); return; }
      try {
        rows = await api("PUT", `/api/v1/campaigns/${campaign.id}/texts/${kind}/${row.language}`,
          { text: area.value, reviewed: reviewed.checked });
        notify(t("saved"));
        draw(row.language, `${id}`);
      } catch (error) { setFieldError(area, problemText(t, error)); area.focus(); }
    };
    const reset = async () => {
      try {
        rows = await api("DELETE", `/api/v1/campaigns/${campaign.id}/texts/${kind}/${row.language}`);
        notify(t("resetDone"));
        draw(row.language, `${id}`);
      } catch (error) { notify(problemText(t, error), true); }
    };
    return el("div", { class: "stack" }, wrap,
      el("label", { class: "check" }, reviewed, t("reviewed")),
      el("div", { class: "actions" },
        el("button", { type: "button", onclick: save, "data-testid": `save-${kind}` }, t("saveText")),
        text?.own ? el("button", { type: "button", onclick: reset, "data-testid": `reset-${kind}` }, t("resetText")) : null));
  }

  function draw(chosen, focusId) {
    drawPicker(chosen);
    const row = rows.find((r) => r.language === chosen) ?? rows[0];
    if (!row) return;
    editors.replaceChildren(
      row.letter || isAdmin ? editor(row, "letter") : el("p", {}, t("noText")),
      row.sms || isAdmin ? editor(row, "sms") : el("p", {}, t("noText")));
    if (focusId) $(focusId)?.focus();
  }

  picker.addEventListener("change", () => draw(picker.value));
  box.append(el("h3", {}, t("texts")), field("campaign-text-language", t("textLanguage"), picker), editors);
  api("GET", `/api/v1/campaigns/${campaign.id}/texts`).then((found) => {
    rows = found;
    const first = rows.find((r) => r.language === campaign.national_language) ?? rows[0];
    draw(first?.language);
  }).catch((error) => notify(problemText(t, error), true));
  return box;
}
