// @ts-check
// Cooperation agreements: which municipalities' residents an organisation serves, with what,
// from when until when. An admin adds them (agreements-form.js), changes one, ends one today
// (its history kept) or removes one that has not started yet.
import { el } from "../dom.js";
import { row, table } from "./widgets.js";
import { placeName, serviceName } from "./names.js";
import { problemText } from "./i18n.js";
import { agreementForm, today } from "./agreements-form.js";

/** @type {import("./tabs.js").Tab} */
export default {
  id: "agreements",
  roles: ["admin"],
  strings: {
    fi: { title: "Sopimukset", municipality: "Kunta", services: "Palvelut", from: "Alkaen", to: "Päättyy", note: "Huomautus", empty: "Ei sopimuksia vielä.",
      add: "Lisää sopimus", change: "Muuta", edit: "Muokkaa", editOf: "Muokkaa sopimusta: {place}", editAgreement: "Muokkaa sopimusta: {place}", end: "Päätä tänään", endAgreement: "Päätä tänään: sopimus {place}", ended: "Sopimus ({place}) päättyy tänään.",
      removeAgreement: "Poista alkamaton sopimus: {place}", removed: "Sopimus ({place}) poistettu.", toLabel: "Päättyy (viimeinen päivä)", toHint: "Tyhjä: toistaiseksi.",
      municipalitiesLabel: "Kunnat", municipalitiesHint: "Valitse yksi tai useampi kunta (Ctrl tai Vaihto ja nuolinäppäimet); jokaiselle tulee oma sopimus.", chosen: "Valittu: {names}", noneChosen: "Ei valittuja kuntia.", noRegion: "Muut",
      needService: "Valitse vähintään yksi palvelu.", needPlace: "Valitse vähintään yksi kunta.", badDate: "Anna päivämäärä.", endsBeforeStart: "Päättymispäivä on ennen alkamispäivää.",
      overlaps: "Toinen sopimus antaa jo tämän palvelun kunnalle {place} samoina päivinä.", unknownPlace: "Tätä kuntaa ei ole listalla.", addedMany: "Sopimus lisätty: {places}.", savedOne: "Sopimus ({places}) tallennettu." },
    sv: { title: "Avtal", municipality: "Kommun", services: "Tjänster", from: "Från", to: "Till", note: "Anteckning", empty: "Inga avtal ännu.",
      add: "Lägg till avtal", change: "Ändra", edit: "Redigera", editOf: "Redigera avtalet: {place}", editAgreement: "Redigera avtalet: {place}", end: "Avsluta i dag", endAgreement: "Avsluta i dag: avtalet {place}", ended: "Avtalet ({place}) upphör i dag.",
      removeAgreement: "Ta bort avtal som inte har börjat: {place}", removed: "Avtalet ({place}) har tagits bort.", toLabel: "Till (sista dagen)", toHint: "Tomt: tills vidare.",
      municipalitiesLabel: "Kommuner", municipalitiesHint: "Välj en eller flera kommuner (Ctrl eller Skift och piltangenterna); var och en får ett eget avtal.", chosen: "Valda: {names}", noneChosen: "Inga valda kommuner.", noRegion: "Övriga",
      needService: "Välj minst en tjänst.", needPlace: "Välj minst en kommun.", badDate: "Ange ett datum.", endsBeforeStart: "Slutdatumet är före startdatumet.",
      overlaps: "Ett annat avtal ger redan denna tjänst till {place} samma dagar.", unknownPlace: "Kommunen finns inte på listan.", addedMany: "Avtal tillagt: {places}.", savedOne: "Avtalet ({places}) har sparats." },
    en: { title: "Agreements", municipality: "Municipality", services: "Services", from: "Valid from", to: "Valid to", note: "Note", empty: "No agreements yet.",
      add: "Add an agreement", change: "Change", edit: "Edit", editOf: "Edit agreement: {place}", editAgreement: "Edit agreement: {place}", end: "End today", endAgreement: "End today: the agreement {place}", ended: "The agreement ({place}) ends today.",
      removeAgreement: "Remove the agreement that has not started: {place}", removed: "The agreement ({place}) was removed.", toLabel: "Valid to (last day)", toHint: "Empty: until further notice.",
      municipalitiesLabel: "Municipalities", municipalitiesHint: "Choose one or more municipalities (Ctrl or Shift and the arrow keys); each gets its own agreement.", chosen: "Chosen: {names}", noneChosen: "No municipality chosen.", noRegion: "Others",
      needService: "Choose at least one service.", needPlace: "Choose at least one municipality.", badDate: "Give a date.", endsBeforeStart: "The end date is before the start date.",
      overlaps: "Another agreement already gives this service to {place} on the same days.", unknownPlace: "This municipality is not on the list.", addedMany: "Agreement added: {places}.", savedOne: "Agreement ({places}) saved." },
  },
  async render(panel, ctx) {
    const { t, get, api, lang, fmt, me, notify, report } = ctx;
    const view = table("agreements", [t("municipality"), t("services"), t("from"), t("to"), t("note"), t("change")]);
    panel.append(view.box);
    const [found, municipalities, services] = await Promise.all([
      // Not the log-in's cached services: one added in the services tab a moment ago belongs here.
      api("GET", "/api/v1/agreements"), get("/api/v1/municipalities"), api("GET", "/api/v1/services?include_inactive=true"),
    ]);
    const agreements = [...found];
    const places = new Map(municipalities.map((m) => [m.code, placeName(m, lang)]));
    const names = new Map(services.map((s) => [s.id, serviceName(s, lang)]));
    const day = (iso) => (iso ? fmt.date(`${iso}T12:00:00Z`) : t("openEnded"));
    const editSlot = el("div", { "data-testid": "agreement-edit-slot" });
    const focusRow = (id) => /** @type {HTMLElement | null} */ (view.box.querySelector(`[data-id="${id}"] button`))?.focus();
    const merge = (changed) => {
      for (const a of changed) {
        const at = agreements.findIndex((b) => b.id === a.id);
        if (at >= 0) agreements.splice(at, 1, a);
        else agreements.push(a);
      }
      draw();
    };
    const openEdit = (a) => {
      const close = () => { editSlot.replaceChildren(); focusRow(a.id); };
      const form = agreementForm(ctx, { services, municipalities, agreement: a, saved: (changed) => { merge(changed); close(); }, closed: close });
      editSlot.replaceChildren(form);
      /** @type {HTMLElement} */ (form.querySelector("input")).focus();
    };
    const change = async (a, method, body, said) => {
      const place = places.get(a.municipality_code) ?? a.municipality_code;
      try {
        const changed = await api(method, `/api/v1/agreements/${a.id}`, body);
        if (changed) merge([changed]);
        else { agreements.splice(agreements.indexOf(a), 1); draw(); }
        notify(t(said, { place }));
        focusRow(a.id);
      } catch (error) {
        if (error.status === 401) report(error);
        else notify(problemText(t, error), true);
      }
    };
    const buttons = (a) => {
      const place = places.get(a.municipality_code) ?? a.municipality_code;
      const now = today(me.timezone || "Europe/Helsinki");
      const running = a.valid_from <= now && (!a.valid_to || a.valid_to > now);
      return el("div", { class: "toolbar" },
        el("button", { type: "button", "data-testid": "agreement-edit", "aria-label": t("editAgreement", { place }), onclick: () => openEdit(a) }, t("edit")),
        running ? el("button", { type: "button", "data-testid": "agreement-end", "aria-label": t("endAgreement", { place }),
          onclick: () => change(a, "PATCH", { valid_to: now }, "ended") }, t("end")) : null,
        a.valid_from > now ? el("button", { type: "button", "data-testid": "agreement-remove", "aria-label": t("removeAgreement", { place }),
          onclick: () => change(a, "DELETE", undefined, "removed") }, t("remove")) : null);
    };
    const draw = () => view.fill(agreements.map((a) => row(
      { "data-id": a.id, "data-testid": "agreement-row" },
      places.get(a.municipality_code) ?? a.municipality_code,
      a.service_ids.map((id) => names.get(id) ?? id).join(", "),
      day(a.valid_from), day(a.valid_to), a.note, el("td", {}, buttons(a)),
    )), t("empty"));
    draw();
    panel.append(editSlot, agreementForm(ctx, { services: services.filter((s) => s.active), municipalities, saved: merge }));
  },
};
