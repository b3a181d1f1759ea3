// @ts-check
// Municipalities: the list every booking's home municipality comes from.
import { row, table } from "./widgets.js";

/** @type {import("./tabs.js").Tab} */
export default {
  id: "municipalities",
  roles: [],
  strings: {
    fi: { title: "Kunnat", code: "Koodi", nameFi: "Nimi (suomeksi)", nameSv: "Nimi (ruotsiksi)", region: "Maakunta", empty: "Ei kuntia vielä." },
    sv: { title: "Kommuner", code: "Kod", nameFi: "Namn (finska)", nameSv: "Namn (svenska)", region: "Landskap", empty: "Inga kommuner ännu." },
    en: { title: "Municipalities", code: "Code", nameFi: "Name (fi)", nameSv: "Name (sv)", region: "Region", empty: "No municipalities yet." },
  },
  async render(panel, { t, get }) {
    const view = table("municipalities", [t("code"), t("nameFi"), t("nameSv"), t("region")]);
    panel.append(view.box);
    const found = await get("/api/v1/municipalities");
    view.fill(found.map((m) => row(
      { "data-code": m.code, "data-testid": "municipality-row" }, m.code, m.name_fi, m.name_sv, m.region,
    )), t("empty"));
  },
};
