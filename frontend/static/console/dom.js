// Shared pieces of the console's tabs: building elements, tables, and field errors.

/** el("button", {type: "button"}, "text", child…): attributes set as given; null ones left out. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

/** A table with a caption-less head; `table.fill(rows, emptyText)` replaces its body. */
export function table(testid, headings) {
  const node = el("table", { "data-testid": `table-${testid}` },
    el("thead", {}, el("tr", {}, headings.map((text) => el("th", { scope: "col" }, text)))),
    el("tbody"));
  node.fill = (rows, emptyText) => {
    const body = node.tBodies[0];
    if (rows.length) body.replaceChildren(...rows);
    else body.replaceChildren(el("tr", {}, el("td", { colspan: headings.length }, emptyText)));
  };
  return el("div", { class: "scroll" }, node);
}

/** One row: a cell per value (a node or text); cells already <td> are kept. */
export const row = (attributes, ...cells) =>
  el("tr", attributes, cells.map((cell) => (cell instanceof HTMLTableCellElement ? cell : el("td", {}, cell ?? ""))));

/** A labelled field with its error slot beside it (the slot is announced when it fills). */
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

/** Put `text` in the error slot of `input` (empty clears it) and mark the input. */
export function setFieldError(input, text) {
  const slot = document.getElementById(`${input.id}-error`);
  if (slot) slot.textContent = text || "";
  if (text) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}

/** A line under a multiple <select> saying what is chosen (its few rows hide most of it):
 * `say(names)` gives the words; kept current on every change. */
export function chosenLine(list, say, attributes = {}) {
  const line = el("p", { class: "hint", id: `${list.id || list.name}-chosen`, "aria-live": "polite", ...attributes });
  const update = () => { line.textContent = say([...list.selectedOptions].map((o) => o.textContent)); };
  list.setAttribute("aria-describedby", line.id);
  list.addEventListener("change", update);
  update();
  return line;
}

/** A <select> of [value, label] pairs. */
export function select(name, options, attributes = {}) {
  return el("select", { name, ...attributes },
    options.map(([value, label]) => el("option", { value }, label)));
}

/** Wait time from a Retry-After header: seconds, or an HTTP date. */
export function waitSeconds(retryAfter) {
  let seconds = Number(retryAfter);
  if (!retryAfter || Number.isNaN(seconds)) seconds = (Date.parse(retryAfter) - Date.now()) / 1000;
  return seconds > 0 ? seconds : 0;
}

/**
 * After a redraw took the focused button away (the page's focus fell to <body>), focus the first
 * element in `panel` that matches one of `selectors`, else the panel itself: a keyboard user
 * goes on from where they were, not from the top of the page. Focus elsewhere is left alone.
 */
export function refocus(panel, ...selectors) {
  const lost = !document.activeElement || document.activeElement === document.body;
  if (!lost || panel.hidden) return;
  for (const selector of selectors) {
    const found = selector && panel.querySelector(selector);
    if (found && !found.disabled) {
      found.focus();
      return;
    }
  }
  // The table had scrolled sideways to show the button that went: show its first column again.
  for (const box of panel.querySelectorAll(".scroll")) box.scrollLeft = 0;
  panel.focus();
}
