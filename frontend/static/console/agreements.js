// @ts-check
// Cooperation agreements: which municipalities' residents an organisation serves, with what.
import { row, table } from "./widgets.js";
import { serviceName } from "./names.js";

/** @type {import("./tabs.js").Tab} */
export default {
  id: "agreements",
  roles: ["admin"],
  strings: {
    fi: { title: "Sopimukset", municipality: "Kunta", services: "Palvelut", from: "Alkaen", to: "Päättyy", note: "Huomautus", empty: "Ei sopimuksia vielä." },
    sv: { title: "Avtal", municipality: "Kommun", services: "Tjänster", from: "Från", to: "Till", note: "Anteckning", empty: "Inga avtal ännu." },
    en: { title: "Agreements", municipality: "Municipality", services: "Services", from: "Valid from", to: "Valid to", note: "Note", empty: "No agreements yet." },
  },
  async render(panel, { t, get, lang, fmt }) {
    const view = table("agreements", [t("municipality"), t("services"), t("from"), t("to"), t("note")]);
    panel.append(view.box);
    const [agreements, municipalities, services] = await Promise.all([
      get("/api/v1/agreements"), get("/api/v1/municipalities"), get("/api/v1/services?include_inactive=true"),
    ]);
    const places = new Map(municipalities.map((m) => [m.code, lang === "sv" ? m.name_sv || m.name_fi : m.name_fi]));
    const names = new Map(services.map((s) => [s.id, serviceName(s, lang)]));
    const day = (iso) => (iso ? fmt.date(`${iso}T12:00:00Z`) : t("openEnded"));
    view.fill(agreements.map((a) => row(
      { "data-id": a.id, "data-testid": "agreement-row" },
      places.get(a.municipality_code) ?? a.municipality_code,
      a.service_ids.map((id) => names.get(id) ?? id).join(", "),
      day(a.valid_from), day(a.valid_to), a.note,
    )), t("empty"));
  },
};
