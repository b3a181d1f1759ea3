// @ts-check
// "My profile" of every staff member: their password (changed here). An advisor, interpreter or
// peer counsellor also has the calendar-feed link (create, copy, revoke); an interpreter or peer
// counsellor also their profile: languages with dialects, languages worked into, modes,
// regions, qualifications.
import { el } from "../dom.js";
import { feedBox, passwordBox } from "./profile-account.js";
import { chosenLine, field, select, setFieldError } from "./widgets.js";
import { problemText } from "./i18n.js";
import { languageName, placeName } from "./names.js";

const MODES = ["phone", "video", "on_site"];
const QUALIFICATIONS = ["court_register", "community_interpreting", "other"];

const S = {
  fi: { title: "Profiili", phone: "Puhelinnumerosi (ohjaaja soittaa sinut mukaan puhelintapaamiseen)", languages: "Kielet, joita puhut asiakkaan kanssa", language: "Kieli", dialect: "Murre (maakoodi, esim. ER)", addLanguage: "Lisää kieli", into: "Kielet, joihin tulkkaat", modes: "Tavat", m_phone: "puhelin", m_video: "video", m_on_site: "paikan päällä", regions: "Alueet (kunnat; tyhjä = kaikki)", chosen: "Valittu: {list}", chosenAll: "Valittu: kaikki kunnat", qualifications: "Pätevyydet", q_court_register: "oikeustulkkirekisteri", q_community_interpreting: "asioimistulkin tutkinto", q_other: "muu", reference: "Tunnus tai nimi", addQualification: "Lisää pätevyys", gender: "Sukupuoli (vain asiakkaan toiveen täyttämiseen)", noGender: "ei kerrottu", female: "nainen", male: "mies", other: "muu", freelance: "Freelancer", save: "Tallenna profiili", saved: "Profiili tallennettu.", needOne: "Valitse vähintään yksi.", feed: "Kalenterisyöte", feedHint: "Salainen osoite, jolla kalenterisi näyttää tapaamisesi. Uusi osoite lopettaa vanhan.", newFeed: "Luo uusi syöteosoite", revoke: "Poista syöte käytöstä", revoked: "Syöte poistettu käytöstä.", feedMade: "Uusi syöteosoite luotu.", copy: "Kopioi", copied: "Kopioitu.", feedLink: "Syötteen osoite",
    passwordTitle: "Salasana", current: "Nykyinen salasana", newPassword: "Uusi salasana", repeat: "Uusi salasana uudelleen", rule: "Vähintään 10 merkkiä. Yleisiä tai vuotaneita salasanoja ei hyväksytä.", changePassword: "Vaihda salasana", passwordChanged: "Salasana vaihdettu. Muut kirjautumisesi päättyivät.", mismatch: "Salasanat eivät ole samat.", emptyPassword: "Kirjoita salasana.", tooShort: "Salasanassa pitää olla vähintään 10 merkkiä.", breached: "Tämä salasana on vuotanut tietomurroissa ja on hyökkääjien listoilla. Valitse toinen." },
  sv: { title: "Profil", phone: "Ditt telefonnummer (handledaren kopplar in dig i ett telefonmöte)", languages: "Språk du talar med klienten", language: "Språk", dialect: "Dialekt (landskod, t.ex. ER)", addLanguage: "Lägg till språk", into: "Språk du tolkar till", modes: "Sätt", m_phone: "telefon", m_video: "video", m_on_site: "på plats", regions: "Områden (kommuner; tomt = alla)", chosen: "Valda: {list}", chosenAll: "Valda: alla kommuner", qualifications: "Behörigheter", q_court_register: "registret över rättstolkar", q_community_interpreting: "examen för kontakttolk", q_other: "annat", reference: "Nummer eller namn", addQualification: "Lägg till behörighet", gender: "Kön (endast för att uppfylla klientens önskemål)", noGender: "inte angivet", female: "kvinna", male: "man", other: "annat", freelance: "Frilans", save: "Spara profilen", saved: "Profilen har sparats.", needOne: "Välj minst en.", feed: "Kalenderflöde", feedHint: "En hemlig adress där din kalender visar dina möten. En ny adress stänger den gamla.", newFeed: "Skapa en ny flödesadress", revoke: "Stäng flödet", revoked: "Flödet har stängts.", feedMade: "En ny flödesadress har skapats.", copy: "Kopiera", copied: "Kopierat.", feedLink: "Flödets adress",
    passwordTitle: "Lösenord", current: "Nuvarande lösenord", newPassword: "Nytt lösenord", repeat: "Nytt lösenord igen", rule: "Minst 10 tecken. Vanliga eller läckta lösenord godkänns inte.", changePassword: "Byt lösenord", passwordChanged: "Lösenordet är bytt. Dina andra inloggningar avslutades.", mismatch: "Lösenorden är inte lika.", emptyPassword: "Skriv ett lösenord.", tooShort: "Lösenordet måste ha minst 10 tecken.", breached: "Det här lösenordet har läckt vid dataintrång och finns på angriparnas listor. Välj ett annat." },
  en: { title: "My profile", phone: "Your phone number (the advisor conferences you into a phone session)", languages: "Languages you speak with the client", language: "Language", dialect: "Dialect (country code, e.g. ER)", addLanguage: "Add a language", into: "Languages you interpret into", modes: "Modes", m_phone: "phone", m_video: "video", m_on_site: "on site", regions: "Regions (municipalities; none = all)", chosen: "Chosen: {list}", chosenAll: "Chosen: every municipality", qualifications: "Qualifications", q_court_register: "register of legal interpreters", q_community_interpreting: "community interpreting qualification", q_other: "other", reference: "Number or name", addQualification: "Add a qualification", gender: "Gender (only to honour a client's wish)", noGender: "not given", female: "female", male: "male", other: "other", freelance: "Freelance", save: "Save the profile", saved: "The profile is saved.", needOne: "Choose at least one.", feed: "Calendar feed", feedHint: "A secret address where your calendar shows your sessions. A new address ends the old one.", newFeed: "Make a new feed address", revoke: "Revoke the feed", revoked: "The feed is revoked.", feedMade: "A new feed address is made.", copy: "Copy", copied: "Copied.", feedLink: "Feed address",
    passwordTitle: "Password", current: "Current password", newPassword: "New password", repeat: "The new password again", rule: "At least 10 characters. Common or leaked passwords are refused.", changePassword: "Change the password", passwordChanged: "The password is changed. Your other log-ins have ended.", mismatch: "The passwords are not the same.", emptyPassword: "Type a password.", tooShort: "A password needs at least 10 characters.", breached: "This password has leaked in data breaches and is on attackers' lists. Choose another." },
};

const boxes = (name, values, checked, label) => values.map((value) => el("label", {},
  el("input", { type: "checkbox", name, value, checked: checked.includes(value) }), ` ${label(value)}`));

/** @type {import("./tabs.js").Tab} */
export default {
  id: "profile",
  roles: [],
  strings: S,
  async render(panel, ctx) {
    const { me } = ctx;
    const helper = me.roles.includes("interpreter") || me.roles.includes("peer_counsellor");
    if (helper) await interpreterProfile(panel, ctx);
    if (helper || me.roles.includes("advisor")) panel.append(feedBox(ctx));
    panel.append(passwordBox(ctx));
  },
};

/** The interpreter's or peer counsellor's profile form.
 * @param {HTMLElement} panel
 * @param {import("./tabs.js").Context} ctx */
async function interpreterProfile(panel, ctx) {
  const { api, t, me, lang, get, notify, report } = ctx;
  const base = `/api/v1/staff/${me.id}/interpreter-profile`;
  const [found, languages, municipalities] = await Promise.all([
    api("GET", base).catch((error) => { if (error.status === 404) return null; throw error; }),
    get("/api/v1/languages"), get("/api/v1/municipalities"),
  ]);
  const profile = found ?? { kind: me.roles.includes("interpreter") ? "interpreter" : "peer_counsellor",
    languages: me.languages.map((l) => ({ language: l.language, dialect: null })), into_languages: ["fi"],
    modes: ["phone", "video"], regions: [], qualifications: [], gender: null, freelance: false };
  const languageOptions = languages.map((l) => [l.code, `${languageName(l.code, lang)} – ${l.endonym}`]).sort((a, b) => a[1].localeCompare(b[1], lang));
  let counter = 0;
  const spokenList = el("ul", { class: "plain", "data-testid": "profile-languages" });
  const addSpoken = (item) => {
    counter += 1;
    const code = select("language", languageOptions, { "data-testid": "profile-language" });
    code.value = item.language;
    const dialect = el("input", { name: "dialect", maxlength: 2, pattern: "[A-Za-z]{2}", value: item.dialect ?? "", "data-testid": "profile-dialect", size: 3 });
    const remove = el("button", { type: "button" }, t("remove"));
    const li = el("li", { class: "row2" }, field(`pl-${counter}`, t("language"), code), field(`pd-${counter}`, t("dialect"), dialect), remove);
    remove.addEventListener("click", () => li.remove());
    spokenList.append(li);
    return code;
  };
  profile.languages.forEach(addSpoken);
  const addLanguage = el("button", { type: "button", "data-testid": "profile-add-language" }, t("addLanguage"));
  addLanguage.addEventListener("click", () => addSpoken({ language: "fi", dialect: null }).focus());
  const qualList = el("ul", { class: "plain" });
  const addQual = (item) => {
    counter += 1;
    const kind = select("qualification", QUALIFICATIONS.map((q) => [q, t(`q_${q}`)]));
    kind.value = item.kind;
    const ref = el("input", { name: "reference", maxlength: 200, value: item.reference ?? "" });
    const remove = el("button", { type: "button" }, t("remove"));
    const li = el("li", { class: "row2" }, field(`qk-${counter}`, t("qualifications"), kind), field(`qr-${counter}`, t("reference"), ref), remove);
    remove.addEventListener("click", () => li.remove());
    qualList.append(li);
  };
  profile.qualifications.forEach(addQual);
  const addQualification = el("button", { type: "button" }, t("addQualification"));
  addQualification.addEventListener("click", () => addQual({ kind: "other", reference: "" }));
  const regions = el("select", { name: "regions", multiple: true, size: 6, "data-testid": "profile-regions" },
    municipalities.map((m) => el("option", { value: m.code, selected: profile.regions.includes(m.code) }, placeName(m, lang))));
  const chosen = chosenLine(regions, (names) => (names.length ? t("chosen", { list: names.join(", ") }) : t("chosenAll")),
    { "data-testid": "profile-regions-chosen" });
  const phone = el("input", { type: "tel", name: "phone", autocomplete: "tel", maxlength: 32, value: profile.phone ?? "", "data-testid": "profile-phone" });
  const gender = select("gender", [["", t("noGender")], ["female", t("female")], ["male", t("male")], ["other", t("other")]]);
  gender.value = profile.gender ?? "";
  const into = el("fieldset", { class: "inline", id: "profile-into" }, el("legend", {}, t("into")),
    boxes("into", ["fi", "sv", "en"], profile.into_languages, (code) => languageName(code, lang)));
  const modes = el("fieldset", { class: "inline", id: "profile-modes" }, el("legend", {}, t("modes")),
    boxes("modes", MODES, profile.modes, (m) => t(`m_${m}`)));
  const error = el("p", { class: "error", role: "alert", "data-testid": "profile-error", hidden: true });
  const form = el("form", { class: "stack", "data-testid": "profile-form", novalidate: true },
    el("h2", {}, t("languages")), spokenList, addLanguage, into, modes,
    field("profile-phone", t("phone"), phone),
    field("profile-regions", t("regions"), regions), chosen,
    el("h2", {}, t("qualifications")), qualList, addQualification,
    field("profile-gender", t("gender"), gender),
    el("label", { class: "check" }, el("input", { type: "checkbox", name: "freelance", checked: profile.freelance }), ` ${t("freelance")}`),
    error, el("button", { type: "submit", class: "primary", "data-testid": "profile-save" }, t("save")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const checked = (name) => [...form.querySelectorAll(`[name="${name}"]:checked`)].map((b) => /** @type {HTMLInputElement} */ (b)).map((b) => b.value);
    const spoken = [...spokenList.children].map((li) => ({ language: li.querySelector("select").value,
      dialect: li.querySelector("input").value.trim().toUpperCase() || null }));
    error.hidden = true;
    if (!spoken.length || !checked("into").length || !checked("modes").length) {
      error.textContent = t("needOne");
      error.hidden = false;
      return;
    }
    try {
      await api("PUT", base, { kind: profile.kind, languages: spoken, into_languages: checked("into"), modes: checked("modes"),
        regions: [...regions.selectedOptions].map((o) => o.value),
        qualifications: [...qualList.children].map((li) => ({ kind: li.querySelector("select").value, reference: li.querySelector("input").value.trim() || null })),
        gender: gender.value || null, phone: phone.value.trim() || null, freelance: /** @type {HTMLInputElement} */ (form.elements.namedItem("freelance")).checked });
      notify(t("saved"));
    } catch (failure) {
      if (failure.status === 401) return report(failure);
      if (failure.errors?.some((e) => String(e.field).includes("phone"))) setFieldError(phone, problemText(t, failure));
      const dialect = failure.errors?.find((e) => String(e.field).includes("dialect"));
      const at = dialect ? spokenList.querySelectorAll("input")[Number(String(dialect.field).split(".")[1]) || 0] : null;
      if (at) setFieldError(at, problemText(t, failure));
      error.textContent = problemText(t, failure);
      error.hidden = false;
    }
  });
  panel.append(form);
}
