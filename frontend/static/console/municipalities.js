// @ts-check
// Municipalities: the official list (Statistics Finland) every booking's home municipality comes
// from, grouped by region (maakunta), found by a part of its Finnish or Swedish name.
import { row, table } from "./widgets.js";

/** @typedef {{ code: string, name_fi: string, name_sv: string, region: string | null, region_code?: string | null, region_sv?: string | null }} Municipality */

/** Lower case without accents, so "pedersore" finds Pedersöre and "ABO" finds Åbo. */
const fold = (/** @type {string} */ text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

/** @type {import("./tabs.js").Tab} */
export default {
  id: "municipalities",
  roles: [],
  strings: {
    fi: {
      title: "Kunnat", code: "Koodi", nameFi: "Nimi (suomeksi)", nameSv: "Nimi (ruotsiksi)", region: "Maakunta",
      empty: "Ei kuntia vielä.", search: "Hae kuntaa nimellä (suomeksi tai ruotsiksi)",
      count: "{shown} / {total} kuntaa", none: "Yksikään kunta ei vastaa hakua.", noRegion: "Ei maakuntaa",
      source: "Tilastokeskuksen kuntaluokitus",
    },
    sv: {
      title: "Kommuner", code: "Kod", nameFi: "Namn (finska)", nameSv: "Namn (svenska)", region: "Landskap",
      empty: "Inga kommuner ännu.", search: "Sök kommun med namn (på finska eller svenska)",
      count: "{shown} / {total} kommuner", none: "Ingen kommun motsvarar sökningen.", noRegion: "Inget landskap",
      source: "Statistikcentralens kommunklassificering",
    },
    en: {
      title: "Municipalities", code: "Code", nameFi: "Name (fi)", nameSv: "Name (sv)", region: "Region",
      empty: "No municipalities yet.", search: "Find a municipality by name (Finnish or Swedish)",
      count: "{shown} of {total} municipalities", none: "No municipality matches.", noRegion: "No region",
      source: "Statistics Finland's classification of municipalities",
    },
  },
  async render(panel, { t, get, el, lang }) {
    /** @type {Municipality[]} */
    const found = await get("/api/v1/municipalities");
    const search = el("input", {
      type: "search", id: "municipality-search", "data-testid": "municipality-search", autocomplete: "off",
    });
    const count = el("p", { class: "hint", "aria-live": "polite", "data-testid": "municipality-count" });
    const none = el("p", { hidden: true, "data-testid": "municipality-none" }, t("none"));
    panel.append(
      el("p", { class: "hint" }, t("source")),
      el("div", { class: "field" }, el("label", { for: search.id }, t("search")), search),
      count, none,
    );
    if (!found.length) {
      panel.append(el("p", {}, t("empty")));
      return;
    }
    /** @type {Map<string, { name: string, places: Municipality[] }>} */
    const regions = new Map();
    for (const place of found) {
      const key = place.region_code ?? place.region ?? "";
      const name = !key ? t("noRegion") : (lang === "sv" && place.region_sv) || place.region || key;
      if (!regions.has(key)) regions.set(key, { name, places: [] });
      regions.get(key)?.places.push(place);
    }
    const byCode = [...regions.entries()].sort(([a], [b]) => (a || "99").localeCompare(b || "99"));
    /** @type {{ section: HTMLElement, rows: { tr: HTMLTableRowElement, words: string }[] }[]} */
    const groups = byCode.map(([key, { name, places }]) => {
      const view = table(`municipalities-${key || "none"}`, [t("code"), t("nameFi"), t("nameSv")]);
      const rows = places
        .sort((a, b) => a.name_fi.localeCompare(b.name_fi, "fi"))
        .map((m) => ({
          tr: row({ "data-code": m.code, "data-testid": "municipality-row" },
            m.code, el("td", { translate: "no" }, m.name_fi), el("td", { translate: "no" }, m.name_sv)),
          words: fold(`${m.name_fi} ${m.name_sv}`),
        }));
      view.fill(rows.map((r) => r.tr), t("empty"));
      const heading = el("h3", { id: `region-${key || "none"}` },
        key ? [el("span", { translate: "no" }, name), ` (${key})`] : name);
      const section = el("section", { "aria-labelledby": heading.id, "data-testid": `region-${key || "none"}` }, heading, view.box);
      return { section, rows };
    });
    panel.append(...groups.map((g) => g.section));
    const filter = () => {
      const wanted = fold(search.value.trim());
      let shown = 0;
      for (const { section, rows } of groups) {
        let here = 0;
        for (const { tr, words } of rows) {
          const show = !wanted || words.includes(wanted);
          tr.hidden = !show;
          if (show) here += 1;
        }
        section.hidden = here === 0;
        shown += here;
      }
      count.textContent = t("count", { shown, total: found.length });
      none.hidden = shown > 0;
    };
    search.addEventListener("input", filter);
    filter();
  },
};
