// @ts-check
// The form an admin adds a service with: checked here lightly, by the server fully, its errors
// put beside the fields they are about.
import { el } from "../dom.js";
import { field, setFieldError } from "./widgets.js";
import { problemText } from "./i18n.js";
import { serviceName } from "./names.js";
import { STEP, isStep, stepField, stepValue } from "./services-step.js";

const CHANNELS = ["video", "phone", "in_person"];

export function serviceForm({ api, t, notify, report, lang }, added) {
  const input = (name, testid, attrs = {}) => el("input", { name, "data-testid": testid, ...attrs });
  const inputs = {
    slug: input("slug", "service-slug", { required: true, pattern: "[a-z0-9][a-z0-9\\-]{0,63}", maxlength: 64 }),
    "names.fi": input("names.fi", "service-name-fi", { maxlength: 200 }),
    "names.sv": input("names.sv", "service-name-sv", { maxlength: 200 }),
    "names.en": input("names.en", "service-name-en", { maxlength: 200 }),
    duration_minutes: input("duration_minutes", "service-duration", { type: "number", required: true, min: 1, max: 480 }),
    buffer_minutes: input("buffer_minutes", "service-buffer", { type: "number", required: true, min: 0, max: 1440, value: 0 }),
    min_notice_minutes: input("min_notice_minutes", "service-notice", { type: "number", required: true, min: 0, max: 86400, value: 0 }),
    horizon_days: input("horizon_days", "service-horizon", { type: "number", required: true, min: 1, max: 366, value: 60 }),
  };
  const step = stepField(t, "service-step");
  inputs[STEP] = step.input;
  const reason = (name) => (isStep(name) ? t("stepRule") : t("badValue"));
  const channels = el("fieldset", { "data-testid": "service-channels", id: "service-channels", "aria-describedby": "service-channels-error" },
    el("legend", {}, t("channels")),
    CHANNELS.map((c) => el("label", {}, el("input", { type: "checkbox", name: "channels", value: c, checked: c !== "in_person" }), ` ${t(`ch_${c}`)}`)));
  const general = el("p", { class: "error", "data-testid": "service-form-error", hidden: true });
  const form = el("form", { class: "stack", "data-testid": "service-form", novalidate: true },
    el("h2", {}, t("add")),
    field("service-slug", t("slugLabel"), inputs.slug),
    el("div", { class: "row2" },
      field("service-name-fi", t("nameFi"), inputs["names.fi"]),
      field("service-name-sv", t("nameSv"), inputs["names.sv"]),
      field("service-name-en", t("nameEn"), inputs["names.en"])),
    el("div", { class: "row2" },
      field("service-duration", t("durationLabel"), inputs.duration_minutes),
      field("service-buffer", t("bufferLabel"), inputs.buffer_minutes),
      field("service-notice", t("notice"), inputs.min_notice_minutes),
      field("service-horizon", t("horizon"), inputs.horizon_days)),
    step.node,
    channels, el("span", { class: "field-error", id: "service-channels-error" }),
    el("label", { class: "check" }, el("input", { type: "checkbox", name: "peer_guidance", "data-testid": "service-peer" }), ` ${t("peer")}`),
    general,
    el("button", { type: "submit", class: "primary", "data-testid": "service-submit" }, t("add")));

  const show = (errors) => {
    for (const node of Object.values(inputs)) setFieldError(node, "");
    form.querySelector("#service-channels-error").textContent = "";
    const rest = [];
    for (const { field: path, reason } of errors) {
      const name = String(path ?? "").replace(/^body\./, "");
      const target = inputs[name] ?? (name.startsWith("names") ? inputs["names.fi"] : null);
      if (target) setFieldError(target, reason);
      else if (name.startsWith("channels")) form.querySelector("#service-channels-error").textContent = reason;
      else rest.push(reason);
    }
    general.textContent = rest.join(" ");
    general.hidden = !rest.length;
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const errors = Object.values(inputs).filter((node) => !node.checkValidity()).map((node) => ({ field: node.name, reason: reason(node.name) }));
    if (!inputs["names.fi"].value.trim() && !inputs["names.sv"].value.trim()) errors.push({ field: "names", reason: t("needName") });
    if (!form.querySelector('[name="channels"]:checked')) errors.push({ field: "channels", reason: t("needChannel") });
    show(errors);
    if (errors.length) return;
    const names = {};
    for (const code of ["fi", "sv", "en"]) if (inputs[`names.${code}`].value.trim()) names[code] = inputs[`names.${code}`].value.trim();
    const submit = /** @type {HTMLButtonElement} */ (form.querySelector('button[type=\"submit\"]'));
    submit.disabled = true;
    try {
      const created = await api("POST", "/api/v1/services", {
        slug: inputs.slug.value.trim(), names,
        duration_minutes: Number(inputs.duration_minutes.value), buffer_minutes: Number(inputs.buffer_minutes.value),
        channels: [.../** @type {NodeListOf<HTMLInputElement>} */ (form.querySelectorAll('input[name="channels"]:checked'))].map((box) => box.value),
        min_notice_minutes: Number(inputs.min_notice_minutes.value), horizon_days: Number(inputs.horizon_days.value),
        peer_guidance: /** @type {HTMLInputElement} */ (form.elements.namedItem("peer_guidance")).checked, [STEP]: stepValue(step.input),
      });
      added(created);
      form.reset();
      notify(t("added", { name: serviceName(created, lang) }));
    } catch (error) {
      if (error.status === 401) report(error);
      // The server's reasons are English: say which field in the console language instead.
      else if (error.status === 422 && error.errors?.length) show(error.errors.map(({ field: at }) => ({ field: at, reason: reason(at) })));
      else show([{ field: error.errors?.[0]?.field ?? "", reason: problemText(t, error) }]);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
