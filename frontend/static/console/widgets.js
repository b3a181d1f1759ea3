// @ts-check
// Shared pieces of the console's tabs: tables, fields and their errors, selects.

import { $, el } from "../dom.js";

/**
 * A table with a caption-less head in a box that scrolls sideways: put `box` on the page, and
 * `fill(rows, emptyText)` replaces the body (one row saying `emptyText` when there are none).
 * With `stack`, on a narrow screen each row stands as a card, every cell under its heading
 * (a table read on a phone: the day's sessions of an interpreter on the go).
 * @param {string} testid
 * @param {string[]} headings
 * @param {{ stack?: boolean }} [options]
 * @returns {{ box: HTMLDivElement, fill: (rows: HTMLTableRowElement[], emptyText: string) => void }}
 */
export function table(testid, headings, { stack = false } = {}) {
  const body = el("tbody");
  const box = el("div", { class: "scroll" }, el("table", { "data-testid": `table-${testid}`, class: stack ? "stack" : "" },
    el("thead", {}, el("tr", {}, headings.map((text) => el("th", { scope: "col" }, text)))),
    body));
  /** @type {(rows: HTMLTableRowElement[], emptyText: string) => void} */
  const fill = (rows, emptyText) => {
    if (stack) {
      for (const tr of rows) [...tr.cells].forEach((cell, i) => { if (headings[i]) cell.dataset.label = headings[i]; });
    }
    if (rows.length) body.replaceChildren(...rows);
    else body.replaceChildren(el("tr", {}, el("td", { colspan: headings.length }, emptyText)));
  };
  return { box, fill };
}

/**
 * One row: a cell per value (a node or text); cells already <td> are kept.
 * @type {(attributes: Record<string, import("../dom.js").Attribute>, ...cells: (Node | string | null | undefined)[]) => HTMLTableRowElement}
 */
export const row = (attributes, ...cells) =>
  el("tr", attributes, cells.map((cell) => (cell instanceof HTMLTableCellElement ? cell : el("td", {}, cell ?? ""))));

/**
 * A labelled field with its error slot beside it (the slot is announced when it fills).
 * @param {string} id
 * @param {string} label
 * @param {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} input
 * @param {string} [hint]
 */
export function field(id, label, input, hint) {
  input.id = id;
  const error = el("span", { class: "field-error", id: `${id}-error`, "data-error-for": input.name || id });
  const described = [hint ? `${id}-hint` : null, error.id].filter(Boolean).join(" ");
  input.setAttribute("aria-describedby", described);
  return el("div", { class: "field" },
    el("label", { for: id }, label),
    hint ? el("span", { class: "hint", id: `${id}-hint` }, hint) : null,
    input, error);
}

/**
 * Put `text` in the error slot of `input` (empty clears it) and mark the input.
 * @param {HTMLElement} input
 * @param {string | null | undefined} text
 */
export function setFieldError(input, text) {
  const slot = $(`${input.id}-error`);
  if (slot) slot.textContent = text || "";
  if (text) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}

/** A line under a multiple <select> saying what is chosen (its few rows hide most of it):
 * `say(names)` gives the words; kept current on every change.
 * @param {HTMLSelectElement} list
 * @param {(names: string[]) => string} say
 * @param {Record<string, import("../dom.js").Attribute>} [attributes]
 */
export function chosenLine(list, say, attributes = {}) {
  const line = el("p", { class: "hint", id: `${list.id || list.name}-chosen`, "aria-live": "polite", ...attributes });
  const update = () => { line.textContent = say([...list.selectedOptions].map((o) => o.textContent)); };
  list.setAttribute("aria-describedby", line.id);
  list.addEventListener("change", update);
  update();
  return line;
}

/**
 * A <select> of [value, label] pairs.
 * @param {string} name
 * @param {[string, string][]} options
 * @param {Record<string, import("../dom.js").Attribute>} [attributes]
 */
export function select(name, options, attributes = {}) {
  return el("select", { name, ...attributes },
    options.map(([value, label]) => el("option", { value }, label)));
}

/**
 * After a redraw took the focused button away (the page's focus fell to <body>), focus the first
 * element in `panel` that matches one of `selectors`, else the panel itself: a keyboard user
 * goes on from where they were, not from the top of the page. Focus elsewhere is left alone.
 * @param {HTMLElement} panel
 * @param {...(string | null | undefined)} selectors
 */
export function refocus(panel, ...selectors) {
  const lost = !document.activeElement || document.activeElement === document.body;
  if (!lost || panel.hidden) return;
  for (const selector of selectors) {
    const found = selector && /** @type {HTMLElement & { disabled?: boolean } | null} */ (panel.querySelector(selector));
    if (found && !found.disabled) {
      found.focus();
      return;
    }
  }
  // The table had scrolled sideways to show the button that went: show its first column again.
  for (const box of panel.querySelectorAll(".scroll")) box.scrollLeft = 0;
  panel.focus();
}
