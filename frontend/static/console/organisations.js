// @ts-check
// Organisations of the network: a platform admin adds them and changes any of their fields; an
// organisation's admin changes its own contact (names, the phone number and opening hours
// clients are given). The forms are organisations-form.js's; the words are here.
import { el } from "../dom.js";
import { row, table } from "./widgets.js";
import { organisationForm } from "./organisations-form.js";

const LANG_NAMES = {
  fi: { fi: "suomeksi", sv: "ruotsiksi", en: "englanniksi" },
  sv: { fi: "på finska", sv: "på svenska", en: "på engelska" },
  en: { fi: "in Finnish", sv: "in Swedish", en: "in English" },
};
const per = (lang, word) => Object.fromEntries(Object.entries(LANG_NAMES[lang]).flatMap(([code, name]) =>
  [[`name_${code}`, `${word.name} ${name}`], [`hours_${code}`, `${word.hours} ${name}`]]));

/** @type {import("./tabs.js").Tab} */
export default {
  id: "organisations",
  roles: ["admin"],
  strings: {
    fi: { title: "Organisaatiot", name: "Nimi", kind: "Tyyppi", phone: "Puhelin", hours: "Aukioloajat", timezone: "Aikavyöhyke", municipality: "Kotikunta", businessId: "Y-tunnus", change: "Muuta", edit: "Muokkaa", editOrganisation: "Muokkaa organisaatiota: {name}", editOf: "Muokkaa organisaatiota: {name}", add: "Lisää organisaatio", empty: "Ei organisaatioita vielä.",
      nameLabel: "Nimi (virallinen)", nameHint: "Näin organisaatio näkyy konsolissa ja kirjeissä.", noMunicipality: "Ei kotikuntaa", phoneLabel: "Puhelinnumero asiakkaille", phoneHint: "Esimerkiksi 08 5584 0000 tai +358 8 5584 0000.", hoursHint: "Esimerkiksi ma–pe 9–15.",
      kind_municipality: "Kunta", kind_wellbeing_county: "Hyvinvointialue", kind_employment_area: "Työllisyysalue", kind_ngo: "Järjestö", kind_other: "Muu",
      needName: "Anna organisaation nimi.", nameTaken: "Tämän niminen organisaatio on jo olemassa.", badPhone: "Tämä ei ole puhelinnumero.", badBusinessId: "Anna Y-tunnus muodossa 1234567-8.", badValue: "Tarkista arvo.", added: "Organisaatio ”{name}” lisätty.", savedOrg: "Organisaatio ”{name}” tallennettu.",
      logo: "Logo kirjeisiin", logoHint: "PNG- tai JPEG-kuva, enintään 1 Mt. Se tulostetaan kirjeiden oikeaan yläkulmaan ja tallentuu heti.", logoAlt: "Organisaation {name} logo", logoRemove: "Poista logo", logoSaved: "Logo tallennettu.", logoRemoved: "Logo poistettu.", badLogo: "Tiedosto ei ole luettava PNG- tai JPEG-kuva (enintään 4000 × 4000 pikseliä).", logoTooLarge: "Tiedosto on liian suuri (enintään 1 Mt).",
      ...per("fi", { name: "Nimi", hours: "Aukioloajat" }) },
    sv: { title: "Organisationer", name: "Namn", kind: "Typ", phone: "Telefon", hours: "Öppettider", timezone: "Tidszon", municipality: "Hemkommun", businessId: "FO-nummer", change: "Ändra", edit: "Redigera", editOrganisation: "Redigera organisationen: {name}", editOf: "Redigera organisationen: {name}", add: "Lägg till organisation", empty: "Inga organisationer ännu.",
      nameLabel: "Namn (officiellt)", nameHint: "Så syns organisationen i konsolen och i brev.", noMunicipality: "Ingen hemkommun", phoneLabel: "Telefonnummer för klienter", phoneHint: "Till exempel 06 786 1111 eller +358 6 786 1111.", hoursHint: "Till exempel mån–fre 9–15.",
      kind_municipality: "Kommun", kind_wellbeing_county: "Välfärdsområde", kind_employment_area: "Sysselsättningsområde", kind_ngo: "Organisation (förening)", kind_other: "Annan",
      needName: "Ange organisationens namn.", nameTaken: "En organisation med detta namn finns redan.", badPhone: "Detta är inte ett telefonnummer.", badBusinessId: "Ange FO-numret som 1234567-8.", badValue: "Kontrollera värdet.", added: "Organisationen ”{name}” har lagts till.", savedOrg: "Organisationen ”{name}” har sparats.",
      logo: "Logotyp för brev", logoHint: "En PNG- eller JPEG-bild, högst 1 MB. Den skrivs ut i brevens övre högra hörn och sparas genast.", logoAlt: "Organisationens {name} logotyp", logoRemove: "Ta bort logotypen", logoSaved: "Logotypen har sparats.", logoRemoved: "Logotypen har tagits bort.", badLogo: "Filen är inte en läsbar PNG- eller JPEG-bild (högst 4000 × 4000 pixlar).", logoTooLarge: "Filen är för stor (högst 1 MB).",
      ...per("sv", { name: "Namn", hours: "Öppettider" }) },
    en: { title: "Organisations", name: "Name", kind: "Kind", phone: "Phone", hours: "Opening hours", timezone: "Time zone", municipality: "Home municipality", businessId: "Business ID", change: "Change", edit: "Edit", editOrganisation: "Edit organisation: {name}", editOf: "Edit organisation: {name}", add: "Add an organisation", empty: "No organisations yet.",
      nameLabel: "Name (official)", nameHint: "How the organisation shows in the console and in letters.", noMunicipality: "No home municipality", phoneLabel: "Phone number for clients", phoneHint: "For example 08 5584 0000 or +358 8 5584 0000.", hoursHint: "For example Mon–Fri 9–15.",
      kind_municipality: "Municipality", kind_wellbeing_county: "Wellbeing services county", kind_employment_area: "Employment area", kind_ngo: "NGO", kind_other: "Other",
      needName: "Give the organisation's name.", nameTaken: "An organisation with this name exists already.", badPhone: "This is not a phone number.", badBusinessId: "Give the business ID as 1234567-8.", badValue: "Check the value.", added: "Organisation “{name}” added.", savedOrg: "Organisation “{name}” saved.",
      logo: "Logo for letters", logoHint: "A PNG or JPEG image, at most 1 MB. It is printed in the top right corner of letters and saved at once.", logoAlt: "Logo of {name}", logoRemove: "Remove the logo", logoSaved: "Logo saved.", logoRemoved: "Logo removed.", badLogo: "The file is not a readable PNG or JPEG image (at most 4000 × 4000 pixels).", logoTooLarge: "The file is too large (at most 1 MB).",
      ...per("en", { name: "Name", hours: "Opening hours" }) },
  },
  async render(panel, ctx) {
    const { t, api, get, me, lang } = ctx;
    const full = Boolean(me.is_platform_admin);
    const view = table("organisations", [t("name"), t("kind"), t("phone"), t("hours"), t("change")]);
    panel.append(view.box);
    const [found, municipalities] = await Promise.all([api("GET", "/api/v1/organisations"), get("/api/v1/municipalities")]);
    // An organisation's admin sees and changes only their own here.
    const list = found.filter((org) => full || org.id === me.organisation_id);
    const editSlot = el("div", { "data-testid": "organisation-edit-slot" });
    const focusRow = (id) => /** @type {HTMLElement | null} */ (view.box.querySelector(`[data-id="${id}"] button`))?.focus();
    const openEdit = (organisation) => {
      const close = () => { editSlot.replaceChildren(); focusRow(organisation.id); };
      const form = organisationForm(ctx, { organisation, full, municipalities, closed: close,
        logoChanged: (changed) => { Object.assign(organisation, changed); },
        saved: (changed) => { list.splice(list.findIndex((o) => o.id === changed.id), 1, changed); draw(); close(); } });
      editSlot.replaceChildren(form);
      /** @type {HTMLElement} */ (form.querySelector("input, select")).focus();
    };
    const draw = () => view.fill(list.map((org) => row({ "data-id": org.id, "data-testid": "organisation-row" },
      org.names?.[lang] ?? org.name, t(`kind_${org.kind}`), el("td", { translate: "no" }, org.phone_label ?? org.phone ?? ""),
      org.opening_hours?.[lang] ?? org.opening_hours?.fi ?? "",
      el("td", {}, el("button", { type: "button", "data-testid": "organisation-edit", "aria-label": t("editOrganisation", { name: org.name }),
        onclick: () => openEdit(org) }, t("edit"))))), t("empty"));
    draw();
    panel.append(editSlot);
    if (full) panel.append(organisationForm(ctx, { full, municipalities, saved: (created) => { list.push(created); draw(); } }));
  },
};
