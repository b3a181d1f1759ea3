// @ts-check
// A service's names: Finnish, Swedish and English always, and a name in any other client
// language added one at a time, each marked "machine translation, not reviewed" until a person
// who speaks it has checked it (as campaign texts are). The words are services.js's.
import { el } from "../dom.js";
import { field, setFieldError } from "./widgets.js";
import { languageName } from "./names.js";

const FIXED = ["fi", "sv", "en"];

/**
 * @param {import("./tabs.js").Translate} t
 * @param {string} lang the console language
 * @param {string[]} languages the client languages (codes)
 * @param {string} prefix the id prefix of this form's fields ("service" or "service-edit")
 */
export function namesPart(t, lang, languages, prefix) {
  /** @type {Map<string, { input: HTMLInputElement, machine: HTMLInputElement | null, node: HTMLElement }>} */
  const rows = new Map();
  const label = { fi: t("nameFi"), sv: t("nameSv"), en: t("nameEn") };
  const nameInput = (code) => el("input", { name: `names.${code}`, "data-testid": `${prefix}-name-${code}`, maxlength: 200, lang: code, dir: "auto" });
  for (const code of FIXED) {
    const input = nameInput(code);
    rows.set(code, { input, machine: null, node: field(`${prefix}-name-${code}`, label[code], input) });
  }
  const fixed = el("div", { class: "row2" }, FIXED.map((code) => rows.get(code).node));
  const extra = el("div", { class: "stack" });
  const picker = el("select", { "data-testid": `${prefix}-language-pick` });
  const fillPicker = () => picker.replaceChildren(...languages.filter((code) => !rows.has(code))
    .map((code) => [code, languageName(code, lang)]).sort((a, b) => a[1].localeCompare(b[1], lang))
    .map(([code, name]) => el("option", { value: code }, `${name} (${code})`)));

  function addRow(code, value = "", machine = true) {
    if (rows.has(code)) return rows.get(code).input;
    const input = nameInput(code);
    input.value = value;
    const name = languageName(code, lang);
    const box = el("input", { type: "checkbox", "data-testid": `${prefix}-machine-${code}`, checked: machine });
    const node = el("div", { class: "stack", "data-testid": `${prefix}-extra-name` },
      field(`${prefix}-name-${code}`, t("nameIn", { language: name }), input),
      el("div", { class: "toolbar" },
        el("label", { class: "check" }, box, ` ${t("machine")}`),
        el("button", { type: "button", "aria-label": t("removeNameIn", { language: name }),
          onclick: () => { node.remove(); rows.delete(code); fillPicker(); picker.focus(); } }, t("remove"))));
    rows.set(code, { input, machine: box, node });
    extra.append(node);
    fillPicker();
    return input;
  }

  const node = el("fieldset", { class: "stack" }, el("legend", {}, t("otherNames")),
    el("p", { class: "hint" }, t("otherNamesHint")), extra,
    el("div", { class: "toolbar" },
      field(`${prefix}-language-pick`, t("nameLanguage"), picker),
      el("button", { type: "button", "data-testid": `${prefix}-add-language`,
        onclick: () => { if (picker.value) addRow(picker.value).focus(); } }, t("addName"))));
  fillPicker();

  return {
    fixed,
    node,
    /** The input a problem about `names` (or `names.xx`) goes beside. */
    target(path) {
      const code = String(path).split(".")[1];
      return rows.get(code)?.input ?? rows.get("fi").input;
    },
    clearErrors() { for (const { input } of rows.values()) setFieldError(input, ""); },
    hasFinnishOrSwedish: () => Boolean(rows.get("fi").input.value.trim() || rows.get("sv").input.value.trim()),
    /** @returns {{ names: Record<string, string>, machine_translated: string[] }} */
    values() {
      /** @type {Record<string, string>} */
      const names = {};
      const machine = [];
      for (const [code, { input, machine: box }] of rows) {
        if (!input.value.trim()) continue;
        names[code] = input.value.trim();
        if (box?.checked) machine.push(code);
      }
      return { names, machine_translated: machine };
    },
    /** Show a service's names (an edit form) or none (the add form after adding). */
    fill(service) {
      for (const code of [...rows.keys()]) if (!FIXED.includes(code)) { rows.get(code).node.remove(); rows.delete(code); }
      for (const code of FIXED) rows.get(code).input.value = service?.names[code] ?? "";
      for (const [code, text] of Object.entries(service?.names ?? {})) {
        if (!FIXED.includes(code)) addRow(code, text, service.machine_translated?.includes(code));
      }
      fillPicker();
    },
  };
}
