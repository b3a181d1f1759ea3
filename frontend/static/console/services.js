// @ts-check
// Services: what an organisation offers; an admin adds one (services-form.js) and changes how
// often its slots start (services-step.js). The words of all three are here.
import { el } from "../dom.js";
import { row, table } from "./widgets.js";
import { serviceName } from "./names.js";
import { serviceForm } from "./services-form.js";
import { stepForm } from "./services-step.js";

/** @type {import("./tabs.js").Tab} */
export default {
  id: "services",
  roles: [],
  strings: {
    fi: { title: "Palvelut", name: "Nimi", slug: "Tunnus", duration: "Kesto", channels: "Kanavat", organisation: "Organisaatio", active: "Käytössä", empty: "Ei palveluja vielä.", minutes: "{n} min", buffer: "{n} min (+{b} min tauko)", add: "Lisää palvelu", slugLabel: "Tunnus (pienet kirjaimet, numerot, yhdysmerkit)", nameFi: "Nimi suomeksi", nameSv: "Nimi ruotsiksi", nameEn: "Nimi englanniksi", durationLabel: "Kesto (minuuttia)", bufferLabel: "Tauko jälkeen (minuuttia)", notice: "Varattava viimeistään (minuuttia ennen)", horizon: "Varattavissa (päivää eteenpäin)", peer: "Vertaisohjaus (vertaisohjaaja osallistuu)", needName: "Anna nimi suomeksi tai ruotsiksi.", needChannel: "Valitse vähintään yksi kanava.", badValue: "Tarkista arvo.", added: "Palvelu ”{name}” lisätty.",
      step: "Alkamisväli", stepDefault: "{n} min (oletus)", stepLabel: "Alkamisväli (minuuttia)", stepHint: "Kuinka usein varattavat ajat alkavat: 5–240 minuuttia viiden minuutin välein. Tyhjä: heti edellisen jälkeen (kesto ja tauko).", stepRule: "Anna 5–240 minuuttia viiden minuutin välein tai jätä tyhjäksi.", change: "Muuta", changeStep: "Muuta alkamisväliä", changeStepOf: "Muuta alkamisväliä: {name}", stepOf: "Alkamisväli: {name}", stepSaved: "Palvelun ”{name}” alkamisväli tallennettu." },
    sv: { title: "Tjänster", name: "Namn", slug: "Kortnamn", duration: "Längd", channels: "Kanaler", organisation: "Organisation", active: "Aktiv", empty: "Inga tjänster ännu.", minutes: "{n} min", buffer: "{n} min (+{b} min paus)", add: "Lägg till tjänst", slugLabel: "Kortnamn (små bokstäver, siffror, bindestreck)", nameFi: "Namn på finska", nameSv: "Namn på svenska", nameEn: "Namn på engelska", durationLabel: "Längd (minuter)", bufferLabel: "Paus efteråt (minuter)", notice: "Bokas senast (minuter före)", horizon: "Kan bokas (dagar framåt)", peer: "Kamratvägledning (en kamratvägledare deltar)", needName: "Ge ett namn på finska eller svenska.", needChannel: "Välj minst en kanal.", badValue: "Kontrollera värdet.", added: "Tjänsten ”{name}” har lagts till.",
      step: "Startintervall", stepDefault: "{n} min (standard)", stepLabel: "Startintervall (minuter)", stepHint: "Hur ofta bokningsbara tider börjar: 5–240 minuter i steg om fem minuter. Tomt: direkt efter den föregående (längd och paus).", stepRule: "Ange 5–240 minuter i steg om fem minuter eller lämna tomt.", change: "Ändra", changeStep: "Ändra startintervall", changeStepOf: "Ändra startintervall: {name}", stepOf: "Startintervall: {name}", stepSaved: "Startintervallet för tjänsten ”{name}” har sparats." },
    en: { title: "Services", name: "Name", slug: "Slug", duration: "Duration", channels: "Channels", organisation: "Organisation", active: "Active", empty: "No services yet.", minutes: "{n} min", buffer: "{n} min (+{b} min buffer)", add: "Add a service", slugLabel: "Slug (lower-case letters, digits, hyphens)", nameFi: "Name in Finnish", nameSv: "Name in Swedish", nameEn: "Name in English", durationLabel: "Duration (minutes)", bufferLabel: "Buffer after (minutes)", notice: "Minimum notice (minutes)", horizon: "Bookable ahead (days)", peer: "Peer guidance (a peer counsellor takes part)", needName: "Give a name in Finnish or Swedish.", needChannel: "Choose at least one channel.", badValue: "Check the value.", added: "Service “{name}” added.",
      step: "Slot step", stepDefault: "{n} min (default)", stepLabel: "Slot step (minutes)", stepHint: "How often bookable times start: 5–240 minutes in steps of five. Empty: back to back (duration and buffer).", stepRule: "Give 5–240 minutes in steps of five, or leave it empty.", change: "Change", changeStep: "Change slot step", changeStepOf: "Change slot step: {name}", stepOf: "Slot step: {name}", stepSaved: "Slot step of “{name}” saved." },
  },
  async render(panel, ctx) {
    const { t, get, lang, me } = ctx;
    // Only the owning organisation's admins (or a platform admin) may change a service.
    const admin = me.roles.includes("admin");
    const manages = (s) => me.is_platform_admin || (admin && s.organisation_id === me.organisation_id);
    const changing = admin || me.is_platform_admin;
    const headings = [t("name"), t("slug"), t("duration"), t("step"), t("channels"), t("organisation"), t("active")];
    const view = table("services", changing ? [...headings, t("change")] : headings);
    panel.append(view.box);
    const [services, organisations] = await Promise.all([get("/api/v1/services?include_inactive=true"), get("/api/v1/organisations")]);
    const orgNames = new Map(organisations.map((org) => [org.id, org.name]));
    const list = [...services];
    const editor = stepForm(ctx, (changed) => {
      list.splice(list.findIndex((s) => s.id === changed.id), 1, changed);
      draw();
      return view.box.querySelector(`[data-id="${changed.id}"] [data-testid="service-change-step"]`);
    });
    const changeButton = (s) => {
      const name = serviceName(s, lang);
      return el("button", { type: "button", class: "nowrap", "data-testid": "service-change-step", "aria-label": t("changeStepOf", { name }),
        onclick: (event) => editor.open(s, event.currentTarget) }, t("changeStep"));
    };
    const draw = () => view.fill(list.map((s) => {
      const tr = row({ "data-id": s.id, "data-testid": "service-row" },
        serviceName(s, lang), el("td", { translate: "no" }, s.slug), // a code, not words
        s.buffer_minutes ? t("buffer", { n: s.duration_minutes, b: s.buffer_minutes }) : t("minutes", { n: s.duration_minutes }),
        el("td", { "data-testid": "service-step" }, s.slot_step_minutes
          ? t("minutes", { n: s.slot_step_minutes }) : t("stepDefault", { n: s.duration_minutes + s.buffer_minutes })),
        s.channels.map((c) => t(`ch_${c}`)).join(", "), orgNames.get(s.organisation_id) ?? "", s.active ? t("yes") : t("no"));
      if (changing) tr.append(el("td", {}, manages(s) ? changeButton(s) : ""));
      return tr;
    }), t("empty"));
    draw();
    if (changing) panel.append(editor.form);
    if (admin) panel.append(serviceForm(ctx, (created) => { list.push(created); draw(); }));
  },
};
