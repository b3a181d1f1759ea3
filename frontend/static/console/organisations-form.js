// @ts-check
// The form a platform admin adds or changes an organisation with, and the smaller one an
// organisation's own admin changes its contact with (names, the phone number and opening hours
// clients are given). The server parses the phone number (Finnish by default); its refusals
// go beside the field they name, in the console language.
import { el } from "../dom.js";
import { field, select, setFieldError } from "./widgets.js";
import { problemText } from "./i18n.js";
import { placeName } from "./names.js";
import { logoField } from "./organisations-logo.js";

const KINDS = ["municipality", "wellbeing_county", "employment_area", "ngo", "other"];
const LANGS = ["fi", "sv", "en"];

/** The time zones the browser knows (IANA), Helsinki first. */
function zones() {
  const known = /** @type {any} */ (Intl).supportedValuesOf?.("timeZone") ?? [];
  return ["Europe/Helsinki", ...known.filter((zone) => zone !== "Europe/Helsinki")];
}

/**
 * @param {import("./tabs.js").Context} ctx
 * @param {{ organisation?: any, full: boolean, municipalities: any[], saved: (organisation: any) => void, closed?: () => void, logoChanged?: (organisation: any) => void }} options
 *   `full`: every field (a platform admin); else the contact fields only. An organisation that
 *   exists also gets its logo for letters (sent at once, not with the form).
 */
export function organisationForm(ctx, { organisation = null, full, municipalities, saved, closed = () => {}, logoChanged = () => {} }) {
  const { api, t, notify, report, lang } = ctx;
  const prefix = organisation ? "organisation-edit" : "organisation-new"; // the header has #organisation-name
  const text = (name, testid, attrs = {}) => el("input", { name, "data-testid": `${prefix}-${testid}`, value: attrs.value ?? "", maxlength: 200, ...attrs });
  /** @type {Record<string, HTMLInputElement | HTMLSelectElement>} */
  const inputs = {};
  if (full) {
    inputs.name = text("name", "name", { required: true, value: organisation?.name });
    inputs.kind = select("kind", KINDS.map((kind) => [kind, t(`kind_${kind}`)]), { "data-testid": `${prefix}-kind` });
    inputs.kind.value = organisation?.kind ?? "municipality";
    inputs.timezone = select("timezone", zones().map((zone) => [zone, zone]), { "data-testid": `${prefix}-timezone` });
    inputs.timezone.value = organisation?.timezone ?? "Europe/Helsinki";
    /** @type {[string, string][]} */
    const places = [...municipalities].sort((a, b) => placeName(a, lang).localeCompare(placeName(b, lang), lang)).map((m) => [m.code, placeName(m, lang)]);
    inputs.municipality_code = select("municipality_code", [["", t("noMunicipality")], ...places], { "data-testid": `${prefix}-municipality` });
    inputs.municipality_code.value = organisation?.municipality_code ?? "";
    inputs.business_id = text("business_id", "business-id", { value: organisation?.business_id, maxlength: 9, placeholder: "1234567-8" });
  }
  for (const code of LANGS) inputs[`names.${code}`] = text(`names.${code}`, `name-${code}`, { value: organisation?.names?.[code], lang: code });
  inputs.phone = text("phone", "phone", { type: "tel", autocomplete: "off", maxlength: 32, value: organisation?.phone_label ?? organisation?.phone });
  for (const code of LANGS) inputs[`opening_hours.${code}`] = text(`opening_hours.${code}`, `hours-${code}`, { value: organisation?.opening_hours?.[code], maxlength: 500, lang: code });
  const general = el("p", { class: "error", "data-testid": `${prefix}-form-error`, hidden: true });
  const heading = el("h2", { id: `${prefix}-heading` }, organisation ? t("editOf", { name: organisation.name }) : t("add"));
  const labelled = (name, label, hint) => field(inputs[name].dataset.testid, label, inputs[name], hint);
  const form = el("form", { class: "stack", "data-testid": `${prefix}-form`, "aria-labelledby": heading.id, novalidate: true },
    heading,
    full ? labelled("name", t("nameLabel"), t("nameHint")) : null,
    el("div", { class: "row2" }, LANGS.map((code) => labelled(`names.${code}`, t(`name_${code}`)))),
    full ? el("div", { class: "row2" }, labelled("kind", t("kind")), labelled("timezone", t("timezone")), labelled("municipality_code", t("municipality")), labelled("business_id", t("businessId"))) : null,
    labelled("phone", t("phoneLabel"), t("phoneHint")),
    el("div", { class: "row2" }, LANGS.map((code) => labelled(`opening_hours.${code}`, t(`hours_${code}`), code === "fi" ? t("hoursHint") : undefined))),
    organisation ? logoField(ctx, organisation, logoChanged) : null,
    general,
    el("div", { class: "toolbar" },
      el("button", { type: "submit", class: "primary", "data-testid": `${prefix}-submit` }, organisation ? t("save") : t("add")),
      organisation ? el("button", { type: "button", "data-testid": `${prefix}-cancel`, onclick: () => closed() }, t("cancel")) : null));
  if (organisation) form.addEventListener("keydown", (event) => { if (event.key === "Escape") closed(); });

  const reasonFor = (name) => (name === "phone" ? t("badPhone") : name === "business_id" ? t("badBusinessId") : t("badValue"));
  const show = (errors) => {
    for (const node of Object.values(inputs)) setFieldError(node, "");
    const rest = [];
    for (const { field: path, reason } of errors) {
      const name = String(path ?? "").replace(/^body\./, "").split(".").slice(0, 2).join(".");
      const target = inputs[name] ?? inputs[name.split(".")[0]] ?? (name.startsWith("names") ? inputs["names.fi"] : name.startsWith("opening_hours") ? inputs["opening_hours.fi"] : null);
      if (target) setFieldError(target, reason);
      else rest.push(reason);
    }
    general.textContent = rest.join(" ");
    general.hidden = !rest.length;
    /** @type {HTMLElement | null} */ (form.querySelector('[aria-invalid="true"]'))?.focus();
  };

  const body = () => {
    const names = {};
    const hours = {};
    for (const code of LANGS) {
      if (inputs[`names.${code}`].value.trim()) names[code] = inputs[`names.${code}`].value.trim();
      if (inputs[`opening_hours.${code}`].value.trim()) hours[code] = inputs[`opening_hours.${code}`].value.trim();
    }
    // The opening hours in other languages (set through the API) are kept.
    const others = Object.fromEntries(Object.entries(organisation?.opening_hours ?? {}).filter(([code]) => !LANGS.includes(code)));
    /** @type {Record<string, any>} */
    const values = { names, phone: inputs.phone.value.trim() || null, opening_hours: { ...others, ...hours } };
    if (full) {
      Object.assign(values, { name: inputs.name.value.trim(), timezone: inputs.timezone.value,
        municipality_code: inputs.municipality_code.value || null, business_id: inputs.business_id.value.trim() || null });
      if (!organisation || organisation.kind !== inputs.kind.value) values.kind = inputs.kind.value;
    }
    return values;
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (full && !inputs.name.value.trim()) return show([{ field: "name", reason: t("needName") }]);
    show([]);
    const submit = /** @type {HTMLButtonElement} */ (form.querySelector('button[type="submit"]'));
    submit.disabled = true;
    try {
      const kept = organisation ? await api("PATCH", `/api/v1/organisations/${organisation.id}`, body())
        : await api("POST", "/api/v1/organisations", body());
      if (!organisation) form.reset();
      saved(kept);
      notify(t(organisation ? "savedOrg" : "added", { name: kept.name }));
    } catch (error) {
      if (error.status === 401) report(error);
      else if (error.status === 409) show([{ field: error.errors?.[0]?.field ?? "name", reason: t("nameTaken") }]);
      else if (error.status === 422 && error.errors?.length) show(error.errors.map(({ field: at }) => ({ field: at, reason: reasonFor(String(at).split(".")[0]) })));
      else show([{ field: "", reason: problemText(t, error) }]);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
