// @ts-check
// A service's slot step: how often its slots start (5–240 minutes in fives; empty sends null,
// back to back). The field of the add form, and the form that changes it on a service (PATCH).
// The browser checks the range; the server the rest, its refusal said beside the field.
import { el } from "../dom.js";
import { field, setFieldError } from "./widgets.js";
import { problemText } from "./i18n.js";
import { serviceName } from "./names.js";

export const STEP = "slot_step_minutes";

/** The step's labelled input, its rule as the hint, its error slot beside it. */
export function stepField(t, id) {
  const input = el("input", { name: STEP, "data-testid": id, type: "number", min: 5, max: 240, inputmode: "numeric" });
  return { input, node: field(id, t("stepLabel"), input, t("stepHint")) };
}

/**
 * What the API takes for the input's value: a number of minutes, or null for the default.
 * @type {(input: HTMLInputElement) => number | null}
 */
export const stepValue = (input) => (input.value.trim() === "" ? null : Number(input.value));

/**
 * Whether a problem's field path is the step's (the server names it without "body.").
 * @type {(path: string | null | undefined) => boolean}
 */
export const isStep = (path) => String(path ?? "").replace(/^body\./, "") === STEP;

/** The form that changes one service's step; `open(service, opener)` shows it for that service,
 * and `changed(service)` returns the control to give focus back to once it is saved.
 * @param {import("./tabs.js").Context} ctx
 * @param {(service: any) => HTMLElement | null} changed
 */
export function stepForm({ api, t, notify, report, lang }, changed) {
  const { input, node } = stepField(t, "service-step-edit");
  const heading = el("h2", { id: "service-step-heading" });
  const general = el("p", { class: "error", "data-testid": "service-step-form-error", hidden: true });
  const form = el("form", { class: "stack", "data-testid": "service-step-form", "aria-labelledby": heading.id, novalidate: true, hidden: true },
    heading, node, general,
    el("div", { class: "toolbar" },
      el("button", { type: "submit", class: "primary", "data-testid": "service-step-save" }, t("save")),
      el("button", { type: "button", "data-testid": "service-step-cancel", onclick: () => close() }, t("cancel"))));
  let service = null;
  let opener = null;

  const show = (fieldText, generalText = "") => {
    setFieldError(input, fieldText);
    general.textContent = generalText;
    general.hidden = !generalText;
  };
  const close = (focus = opener) => {
    form.hidden = true;
    show("");
    service = null;
    focus?.focus();
  };
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!input.checkValidity()) return show(t("stepRule"));
    show("");
    const save = /** @type {HTMLButtonElement} */ (form.querySelector('button[type=\"submit\"]'));
    save.disabled = true;
    try {
      const updated = await api("PATCH", `/api/v1/services/${service.id}`, { [STEP]: stepValue(input) });
      notify(t("stepSaved", { name: serviceName(updated, lang) }));
      close(changed(updated));
    } catch (error) {
      if (error.status === 401) report(error);
      // The server's reasons are English: its rule in the console language instead.
      else if (error.errors?.some((e) => isStep(e.field))) show(t("stepRule"));
      else show("", problemText(t, error));
    } finally {
      save.disabled = false;
    }
  });

  return {
    form,
    open(chosen, from) {
      service = chosen;
      opener = from;
      heading.textContent = t("stepOf", { name: serviceName(chosen, lang) });
      input.value = chosen[STEP] ?? "";
      show("");
      form.hidden = false;
      input.focus();
      input.select();
    },
  };
}
