// @ts-check
// The form an admin gives services to municipalities with (one agreement per municipality, the
// municipalities picked from the list by region, never typed), and the one that changes an
// agreement's services, dates and note. The server's refusals go beside the field they name.
import { el } from "../dom.js";
import { chosenLine, field, setFieldError } from "./widgets.js";
import { problemText } from "./i18n.js";
import { placeName, serviceName } from "./names.js";

/** Today's date (YYYY-MM-DD) in the staff member's zone. */
export const today = (zone) => new Date().toLocaleDateString("sv-SE", { timeZone: zone });

/**
 * @param {import("./tabs.js").Context} ctx
 * @param {{ services: any[], municipalities: any[], agreement?: any, saved: (agreements: any[]) => void, closed?: () => void }} options
 */
export function agreementForm({ api, t, notify, report, lang, me }, { services, municipalities, agreement = null, saved, closed = () => {} }) {
  const prefix = agreement ? "agreement-edit" : "agreement";
  const places = new Map(municipalities.map((m) => [m.code, placeName(m, lang)]));
  const own = (s) => s.organisation_id === (agreement?.organisation_id ?? me.organisation_id);
  const offered = [...services.filter(own), ...services.filter((s) => !own(s))];
  const only = services.filter(own).length === 1; // an organisation's one service is the one meant
  const servicesError = `${prefix}-services-error`;
  const serviceBoxes = el("fieldset", { id: `${prefix}-services`, "data-testid": `${prefix}-services`, "aria-describedby": servicesError },
    el("legend", {}, t("services")),
    offered.map((s) => el("label", { class: "check" },
      el("input", { type: "checkbox", name: "service_ids", value: s.id, checked: agreement ? agreement.service_ids.includes(s.id) : only && own(s) }),
      ` ${serviceName(s, lang)}${own(s) ? "" : ` (${s.organisation_name})`}`)));
  /** @type {Record<string, HTMLInputElement | HTMLSelectElement>} */
  const inputs = {
    valid_from: el("input", { type: "date", name: "valid_from", required: true, "data-testid": `${prefix}-from`, value: agreement?.valid_from ?? today(me.timezone || "Europe/Helsinki") }),
    valid_to: el("input", { type: "date", name: "valid_to", "data-testid": `${prefix}-to`, value: agreement?.valid_to ?? "" }),
    note: el("input", { name: "note", maxlength: 500, "data-testid": `${prefix}-note`, value: agreement?.note ?? "" }),
  };
  let placesNode = el("p", {}, `${t("municipality")}: ${places.get(agreement?.municipality_code) ?? agreement?.municipality_code}`);
  if (!agreement) {
    // By region, as the list gives them; the region's own name is the group's label.
    const regions = new Map();
    for (const m of [...municipalities].sort((a, b) => placeName(a, lang).localeCompare(placeName(b, lang), lang))) {
      const region = m.region || t("noRegion");
      if (!regions.has(region)) regions.set(region, []);
      regions.get(region).push(m);
    }
    const list = el("select", { name: "municipality_code", multiple: true, size: 8, required: true, "data-testid": "agreement-municipalities" },
      [...regions.keys()].sort((a, b) => a.localeCompare(b, lang)).map((region) => el("optgroup", { label: region },
        regions.get(region).map((m) => el("option", { value: m.code }, placeName(m, lang))))));
    inputs.municipality_code = list;
    placesNode = field("agreement-municipalities", t("municipalitiesLabel"), list, t("municipalitiesHint"));
    const line = chosenLine(list, (chosen) => (chosen.length ? t("chosen", { names: chosen.join(", ") }) : t("noneChosen")));
    list.after(line);
    list.setAttribute("aria-describedby", `agreement-municipalities-hint ${line.id} agreement-municipalities-error`);
  }
  const general = el("p", { class: "error", "data-testid": `${prefix}-form-error`, hidden: true });
  const heading = el("h2", { id: `${prefix}-heading` }, agreement ? t("editOf", { place: places.get(agreement.municipality_code) ?? "" }) : t("add"));
  const form = el("form", { class: "stack", "data-testid": `${prefix}-form`, "aria-labelledby": heading.id, novalidate: true },
    heading, placesNode, serviceBoxes, el("span", { class: "field-error", id: servicesError }),
    el("div", { class: "row2" }, field(`${prefix}-from`, t("from"), inputs.valid_from), field(`${prefix}-to`, t("toLabel"), inputs.valid_to, t("toHint"))),
    field(`${prefix}-note`, t("note"), inputs.note),
    general,
    el("div", { class: "toolbar" },
      el("button", { type: "submit", class: "primary", "data-testid": `${prefix}-submit` }, agreement ? t("save") : t("add")),
      agreement ? el("button", { type: "button", "data-testid": `${prefix}-cancel`, onclick: () => closed() }, t("cancel")) : null));
  if (agreement) form.addEventListener("keydown", (event) => { if (event.key === "Escape") closed(); });

  const show = (errors) => {
    for (const node of Object.values(inputs)) setFieldError(node, "");
    form.querySelector(`#${servicesError}`).textContent = "";
    const rest = [];
    for (const { field: name, reason } of errors) {
      const key = String(name ?? "").replace(/^body\./, "").split(".")[0];
      if (inputs[key]) setFieldError(inputs[key], reason);
      else if (key === "service_ids") form.querySelector(`#${servicesError}`).textContent = reason;
      else rest.push(reason);
    }
    general.textContent = rest.join(" ");
    general.hidden = !rest.length;
    /** @type {HTMLElement | null} */ (form.querySelector('[aria-invalid="true"]'))?.focus();
  };
  /** The refusal in the console language, about `code`'s municipality where it names one. */
  const reason = (error, code) => {
    const at = String(error.errors?.[0]?.field ?? "");
    if (error.problem?.type === "/problems/agreement-overlaps") return t("overlaps", { place: places.get(code) ?? "" });
    if (at === "valid_to") return t("endsBeforeStart");
    if (at === "municipality_code") return t("unknownPlace");
    if (at.startsWith("valid_")) return t("badDate");
    return problemText(t, error);
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const serviceIds = [.../** @type {NodeListOf<HTMLInputElement>} */ (form.querySelectorAll('input[name="service_ids"]:checked'))].map((b) => b.value);
    const codes = agreement ? [agreement.municipality_code] : [.../** @type {HTMLSelectElement} */ (inputs.municipality_code).selectedOptions].map((o) => o.value);
    const errors = [];
    if (!serviceIds.length) errors.push({ field: "service_ids", reason: t("needService") });
    if (!codes.length) errors.push({ field: "municipality_code", reason: t("needPlace") });
    if (!inputs.valid_from.value) errors.push({ field: "valid_from", reason: t("badDate") });
    else if (inputs.valid_to.value && inputs.valid_to.value < inputs.valid_from.value) errors.push({ field: "valid_to", reason: t("endsBeforeStart") });
    show(errors);
    if (errors.length) return;
    const body = { service_ids: serviceIds, valid_from: inputs.valid_from.value, valid_to: inputs.valid_to.value || null, note: inputs.note.value.trim() || null };
    const submit = /** @type {HTMLButtonElement} */ (form.querySelector('button[type="submit"]'));
    submit.disabled = true;
    const made = [];
    try {
      for (const code of codes) {
        try {
          made.push(agreement ? await api("PATCH", `/api/v1/agreements/${agreement.id}`, body)
            : await api("POST", "/api/v1/agreements", { ...body, municipality_code: code }));
        } catch (error) {
          if (error.status === 401) return report(error);
          const at = String(error.errors?.[0]?.field ?? "");
          show([{ field: error.status === 422 ? (at === "municipality_code" && agreement ? "valid_from" : at) : "", reason: reason(error, code) }]);
          return;
        }
      }
    } finally {
      submit.disabled = false;
      // What was made before a refusal is kept and listed: the refused one is said beside its field.
      if (made.length) {
        saved(made);
        notify(t(agreement ? "savedOne" : "addedMany", { places: made.map((a) => places.get(a.municipality_code)).join(", ") }));
      }
    }
    if (!agreement) {
      for (const option of /** @type {HTMLSelectElement} */ (inputs.municipality_code).options) option.selected = false;
      inputs.municipality_code.dispatchEvent(new Event("change"));
    }
  });
  return form;
}
