// @ts-check
// Services: what an organisation offers; an admin adds one and changes any of its fields
// (services-form.js, its names in services-names.js) or just how often its slots start
// (services-step.js). A service no agreement covers says so: clients are not offered it.
// The words of all four are here.
import { el } from "../dom.js";
import { row, table } from "./widgets.js";
import { languageName, serviceName } from "./names.js";
import { serviceForm } from "./services-form.js";
import { stepForm } from "./services-step.js";

/** @type {import("./tabs.js").Tab} */
export default {
  id: "services",
  roles: [],
  strings: {
    fi: { title: "Palvelut", name: "Nimi", slug: "Tunnus", duration: "Kesto", channels: "Kanavat", organisation: "Organisaatio", active: "Käytössä", empty: "Ei palveluja vielä.", minutes: "{n} min", buffer: "{n} min (+{b} min tauko)", add: "Lisää palvelu", slugLabel: "Tunnus (pienet kirjaimet, numerot, yhdysmerkit)", nameFi: "Nimi suomeksi", nameSv: "Nimi ruotsiksi", nameEn: "Nimi englanniksi", durationLabel: "Kesto (minuuttia)", bufferLabel: "Tauko jälkeen (minuuttia)", notice: "Varattava viimeistään (minuuttia ennen)", horizon: "Varattavissa (päivää eteenpäin)", peer: "Vertaisohjaus (vertaisohjaaja osallistuu)", needName: "Anna nimi suomeksi tai ruotsiksi.", needChannel: "Valitse vähintään yksi kanava.", badValue: "Tarkista arvo.", added: "Palvelu ”{name}” lisätty.",
      step: "Alkamisväli", stepDefault: "{n} min (oletus)", stepLabel: "Alkamisväli (minuuttia)", stepHint: "Kuinka usein varattavat ajat alkavat: 5–240 minuuttia viiden minuutin välein. Tyhjä: heti edellisen jälkeen (kesto ja tauko).", stepRule: "Anna 5–240 minuuttia viiden minuutin välein tai jätä tyhjäksi.", change: "Muuta", changeStep: "Muuta alkamisväliä", changeStepOf: "Muuta alkamisväliä: {name}", stepOf: "Alkamisväli: {name}", stepSaved: "Palvelun ”{name}” alkamisväli tallennettu.", nameIn: "Nimi: {language}", removeNameIn: "Poista nimi: {language}", machine: "konekäännös, tarkistamatta", otherNames: "Nimet muilla kielillä", otherNamesHint: "Asiakas näkee palvelun nimen omalla kielellään. Merkitse konekäännös, kunnes kieltä puhuva on tarkistanut sen.", nameLanguage: "Kieli", addName: "Lisää nimi tällä kielellä", remindersLabel: "Muistutukset (minuuttia ennen, pilkuin erotettuina)", remindersHint: "Enintään kolme, 10–10080 minuuttia; esimerkiksi 1440, 120 on vuorokautta ja kahta tuntia ennen. Tyhjä: ei muistutuksia.", reminderRule: "Anna enintään kolme lukua 10–10080, pilkuin erotettuina.", activeLabel: "Käytössä (tarjotaan asiakkaille)", editOf: "Muokkaa palvelua: {name}", edit: "Muokkaa", editService: "Muokkaa palvelua: {name}", savedService: "Palvelu ”{name}” tallennettu.", bookable: "Varattavissa", notBookable: "ei vielä varattavissa: ei kuntaa", inactive: "ei käytössä", machineNames: "konekäännös, tarkistamatta: {languages}" },
    sv: { title: "Tjänster", name: "Namn", slug: "Kortnamn", duration: "Längd", channels: "Kanaler", organisation: "Organisation", active: "Aktiv", empty: "Inga tjänster ännu.", minutes: "{n} min", buffer: "{n} min (+{b} min paus)", add: "Lägg till tjänst", slugLabel: "Kortnamn (små bokstäver, siffror, bindestreck)", nameFi: "Namn på finska", nameSv: "Namn på svenska", nameEn: "Namn på engelska", durationLabel: "Längd (minuter)", bufferLabel: "Paus efteråt (minuter)", notice: "Bokas senast (minuter före)", horizon: "Kan bokas (dagar framåt)", peer: "Kamratvägledning (en kamratvägledare deltar)", needName: "Ge ett namn på finska eller svenska.", needChannel: "Välj minst en kanal.", badValue: "Kontrollera värdet.", added: "Tjänsten ”{name}” har lagts till.",
      step: "Startintervall", stepDefault: "{n} min (standard)", stepLabel: "Startintervall (minuter)", stepHint: "Hur ofta bokningsbara tider börjar: 5–240 minuter i steg om fem minuter. Tomt: direkt efter den föregående (längd och paus).", stepRule: "Ange 5–240 minuter i steg om fem minuter eller lämna tomt.", change: "Ändra", changeStep: "Ändra startintervall", changeStepOf: "Ändra startintervall: {name}", stepOf: "Startintervall: {name}", stepSaved: "Startintervallet för tjänsten ”{name}” har sparats.", nameIn: "Namn: {language}", removeNameIn: "Ta bort namnet: {language}", machine: "maskinöversatt, ogranskad", otherNames: "Namn på andra språk", otherNamesHint: "Klienten ser tjänstens namn på sitt eget språk. Markera en maskinöversättning tills någon som talar språket har granskat den.", nameLanguage: "Språk", addName: "Lägg till ett namn på detta språk", remindersLabel: "Påminnelser (minuter före, åtskilda med kommatecken)", remindersHint: "Högst tre, 10–10080 minuter; till exempel 1440, 120 är ett dygn och två timmar före. Tomt: inga påminnelser.", reminderRule: "Ange högst tre tal 10–10080, åtskilda med kommatecken.", activeLabel: "Aktiv (erbjuds klienter)", editOf: "Redigera tjänsten: {name}", edit: "Redigera", editService: "Redigera tjänsten: {name}", savedService: "Tjänsten ”{name}” har sparats.", bookable: "Kan bokas", notBookable: "kan inte bokas ännu: ingen kommun", inactive: "inte aktiv", machineNames: "maskinöversatt, ogranskad: {languages}" },
    en: { title: "Services", name: "Name", slug: "Slug", duration: "Duration", channels: "Channels", organisation: "Organisation", active: "Active", empty: "No services yet.", minutes: "{n} min", buffer: "{n} min (+{b} min buffer)", add: "Add a service", slugLabel: "Slug (lower-case letters, digits, hyphens)", nameFi: "Name in Finnish", nameSv: "Name in Swedish", nameEn: "Name in English", durationLabel: "Duration (minutes)", bufferLabel: "Buffer after (minutes)", notice: "Minimum notice (minutes)", horizon: "Bookable ahead (days)", peer: "Peer guidance (a peer counsellor takes part)", needName: "Give a name in Finnish or Swedish.", needChannel: "Choose at least one channel.", badValue: "Check the value.", added: "Service “{name}” added.",
      step: "Slot step", stepDefault: "{n} min (default)", stepLabel: "Slot step (minutes)", stepHint: "How often bookable times start: 5–240 minutes in steps of five. Empty: back to back (duration and buffer).", stepRule: "Give 5–240 minutes in steps of five, or leave it empty.", change: "Change", changeStep: "Change slot step", changeStepOf: "Change slot step: {name}", stepOf: "Slot step: {name}", stepSaved: "Slot step of “{name}” saved.", nameIn: "Name: {language}", removeNameIn: "Remove the name: {language}", machine: "machine translated, not reviewed", otherNames: "Names in other languages", otherNamesHint: "Clients see the service's name in their own language. Mark a machine translation until someone who speaks the language has reviewed it.", nameLanguage: "Language", addName: "Add a name in this language", remindersLabel: "Reminders (minutes before, separated by commas)", remindersHint: "At most three, 10–10080 minutes; 1440, 120 is a day and two hours before. Empty: no reminders.", reminderRule: "Give at most three numbers 10–10080, separated by commas.", activeLabel: "Active (offered to clients)", editOf: "Edit service: {name}", edit: "Edit", editService: "Edit service: {name}", savedService: "Service “{name}” saved.", bookable: "Bookable", notBookable: "not bookable yet: no municipality", inactive: "not active", machineNames: "machine translated, not reviewed: {languages}" },
  },
  async render(panel, ctx) {
    const { t, get, lang, me } = ctx;
    // Only the owning organisation's admins (or a platform admin) may change a service.
    const admin = me.roles.includes("admin");
    const manages = (s) => me.is_platform_admin || (admin && s.organisation_id === me.organisation_id);
    const changing = admin || me.is_platform_admin;
    const headings = [t("name"), t("slug"), t("duration"), t("step"), t("channels"), t("organisation"), t("bookable")];
    const view = table("services", changing ? [...headings, t("change")] : headings);
    panel.append(view.box);
    const [services, organisations, languages] = await Promise.all([
      get("/api/v1/services?include_inactive=true"), get("/api/v1/organisations"), changing ? get("/api/v1/languages") : [],
    ]);
    const codes = languages.map((l) => l.code);
    const orgNames = new Map(organisations.map((org) => [org.id, org.name]));
    const list = [...services];
    const replace = (changed) => list.splice(list.findIndex((s) => s.id === changed.id), 1, changed);
    const editor = stepForm(ctx, (changed) => {
      replace(changed);
      draw();
      return view.box.querySelector(`[data-id="${changed.id}"] [data-testid="service-change-step"]`);
    });
    const editSlot = el("div", { "data-testid": "service-edit-slot" });
    const openEdit = (s, opener) => {
      const back = (id) => /** @type {HTMLElement | null} */ (view.box.querySelector(`[data-id="${id}"] [data-testid="service-edit"]`)) ?? opener;
      const form = serviceForm(ctx, codes, (changed) => { replace(changed); draw(); editSlot.replaceChildren(); back(changed.id)?.focus(); }, s,
        () => { editSlot.replaceChildren(); back(s.id)?.focus(); });
      editSlot.replaceChildren(form);
      /** @type {HTMLElement} */ (form.querySelector("input")).focus();
    };
    const buttons = (s) => {
      const name = serviceName(s, lang);
      return el("div", { class: "toolbar" },
        el("button", { type: "button", class: "nowrap", "data-testid": "service-edit", "aria-label": t("editService", { name }),
          onclick: (event) => openEdit(s, event.currentTarget) }, t("edit")),
        el("button", { type: "button", class: "nowrap", "data-testid": "service-change-step", "aria-label": t("changeStepOf", { name }),
          onclick: (event) => editor.open(s, event.currentTarget) }, t("changeStep")));
    };
    const machineNote = (s) => (s.machine_translated?.length
      ? el("small", { class: "machine", "data-testid": "service-machine" }, ` (${t("machineNames", { languages: s.machine_translated.map((c) => languageName(c, lang)).join(", ") })})`) : null);
    const state = (s) => el("td", { "data-testid": "service-bookable" }, !s.active ? t("inactive") : s.bookable ? t("yes") : t("notBookable"));
    const draw = () => view.fill(list.map((s) => {
      const tr = row({ "data-id": s.id, "data-testid": "service-row" },
        el("td", {}, serviceName(s, lang), machineNote(s)), el("td", { translate: "no" }, s.slug), // a code, not words
        s.buffer_minutes ? t("buffer", { n: s.duration_minutes, b: s.buffer_minutes }) : t("minutes", { n: s.duration_minutes }),
        el("td", { "data-testid": "service-step" }, s.slot_step_minutes
          ? t("minutes", { n: s.slot_step_minutes }) : t("stepDefault", { n: s.duration_minutes + s.buffer_minutes })),
        s.channels.map((c) => t(`ch_${c}`)).join(", "), orgNames.get(s.organisation_id) ?? "", state(s));
      if (changing) tr.append(el("td", {}, manages(s) ? buttons(s) : ""));
      return tr;
    }), t("empty"));
    draw();
    if (changing) panel.append(editor.form, editSlot);
    if (admin) panel.append(serviceForm(ctx, codes, (created) => { list.push(created); draw(); }));
    // Shown again: whether each service is bookable may have changed in the Agreements tab.
    return async () => {
      const fresh = await ctx.api("GET", "/api/v1/services?include_inactive=true");
      list.splice(0, list.length, ...fresh);
      draw();
    };
  },
};
