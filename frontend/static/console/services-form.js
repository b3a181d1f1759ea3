// @ts-check
// The form an admin adds a service with, and the one that changes every field of a service:
// checked here lightly, by the server fully, its errors put beside the fields they are about.
import { el } from "../dom.js";
import { field, setFieldError } from "./widgets.js";
import { problemText } from "./i18n.js";
import { serviceName } from "./names.js";
import { STEP, isStep, stepField, stepValue } from "./services-step.js";
import { namesPart } from "./services-names.js";

const CHANNELS = ["video", "phone", "in_person"];
const NUMBERS = {
  duration_minutes: { testid: "duration", label: "durationLabel", min: 1, max: 480 },
  buffer_minutes: { testid: "buffer", label: "bufferLabel", min: 0, max: 1440, value: 0 },
  min_notice_minutes: { testid: "notice", label: "notice", min: 0, max: 86400, value: 0 },
  horizon_days: { testid: "horizon", label: "horizon", min: 1, max: 366, value: 60 },
};

/** Reminder minutes as typed ("1440, 120"), or null when one is not a whole number. */
function reminders(text) {
  const parts = text.split(/[,;\s]+/).filter(Boolean);
  return parts.every((part) => /^\d+$/.test(part)) ? parts.map(Number) : null;
}

/**
 * The add form (`service` null) or the edit form of `service`. `saved(service)` is told what the
 * server kept; `closed()` (edit form) when it is cancelled.
 * @param {import("./tabs.js").Context} ctx
 * @param {string[]} languages the client languages
 * @param {(service: any) => void} saved
 * @param {any} [service]
 * @param {() => void} [closed]
 */
export function serviceForm({ api, t, notify, report, lang }, languages, saved, service = null, closed = () => {}) {
  const prefix = service ? "service-edit" : "service";
  const input = (name, testid, attrs = {}) => el("input", { name, "data-testid": `${prefix}-${testid}`, ...attrs });
  const names = namesPart(t, lang, languages, prefix);
  /** @type {Record<string, HTMLInputElement>} */
  const inputs = {};
  if (!service) inputs.slug = input("slug", "slug", { required: true, pattern: "[a-z0-9][a-z0-9\\-]{0,63}", maxlength: 64 });
  for (const [name, spec] of Object.entries(NUMBERS)) {
    inputs[name] = input(name, spec.testid, { type: "number", required: true, min: spec.min, max: spec.max, value: service?.[name] ?? spec.value });
  }
  inputs.reminder_minutes = input("reminder_minutes", "reminders", { value: (service?.reminder_minutes ?? [1440, 120]).join(", "), inputmode: "numeric" });
  const step = stepField(t, prefix === "service" ? "service-step" : "service-edit-step");
  if (service) step.input.value = service[STEP] ?? "";
  inputs[STEP] = step.input;
  const reason = (name) => (isStep(name) ? t("stepRule") : name === "reminder_minutes" ? t("reminderRule") : t("badValue"));
  const channelsError = `${prefix}-channels-error`;
  const channels = el("fieldset", { "data-testid": `${prefix}-channels`, id: `${prefix}-channels`, "aria-describedby": channelsError },
    el("legend", {}, t("channels")),
    CHANNELS.map((c) => el("label", {}, el("input", { type: "checkbox", name: "channels", value: c,
      checked: service ? service.channels.includes(c) : c !== "in_person" }), ` ${t(`ch_${c}`)}`)));
  const check = (name, text, checked) => el("label", { class: "check" },
    el("input", { type: "checkbox", name, "data-testid": `${prefix}-${name === "peer_guidance" ? "peer" : name}`, checked }), ` ${text}`);
  const general = el("p", { class: "error", "data-testid": `${prefix}-form-error`, hidden: true });
  const heading = el("h2", { id: `${prefix}-heading` }, service ? t("editOf", { name: serviceName(service, lang) }) : t("add"));
  const form = el("form", { class: "stack", "data-testid": `${prefix}-form`, "aria-labelledby": heading.id, novalidate: true },
    heading,
    inputs.slug ? field(`${prefix}-slug`, t("slugLabel"), inputs.slug) : el("p", { translate: "no" }, `${t("slug")}: ${service.slug}`),
    names.fixed,
    el("div", { class: "row2" }, Object.entries(NUMBERS).map(([name, spec]) => field(`${prefix}-${spec.testid}`, t(spec.label), inputs[name]))),
    step.node,
    names.node,
    field(`${prefix}-reminders`, t("remindersLabel"), inputs.reminder_minutes, t("remindersHint")),
    channels, el("span", { class: "field-error", id: channelsError }),
    check("peer_guidance", t("peer"), service?.peer_guidance),
    service ? check("active", t("activeLabel"), service.active) : null,
    general,
    el("div", { class: "toolbar" },
      el("button", { type: "submit", class: "primary", "data-testid": `${prefix}-submit` }, service ? t("save") : t("add")),
      service ? el("button", { type: "button", "data-testid": `${prefix}-cancel`, onclick: () => closed() }, t("cancel")) : null));
  if (service) {
    names.fill(service);
    form.addEventListener("keydown", (event) => { if (event.key === "Escape") closed(); });
  }

  const show = (errors) => {
    for (const node of Object.values(inputs)) setFieldError(node, "");
    names.clearErrors();
    form.querySelector(`#${channelsError}`).textContent = "";
    const rest = [];
    for (const { field: path, reason: text } of errors) {
      const name = String(path ?? "").replace(/^body\./, "");
      const target = inputs[name.split(".")[0]] ?? (name.startsWith("names") || name.startsWith("machine") ? names.target(name) : null);
      if (target) setFieldError(target, text);
      else if (name.startsWith("channels")) form.querySelector(`#${channelsError}`).textContent = text;
      else rest.push(text);
    }
    general.textContent = rest.join(" ");
    general.hidden = !rest.length;
    /** @type {HTMLElement | null} */ (form.querySelector('[aria-invalid="true"]'))?.focus();
  };

  const body = () => {
    const box = (name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name)).checked;
    /** @type {Record<string, any>} */
    const values = {
      ...names.values(),
      duration_minutes: Number(inputs.duration_minutes.value), buffer_minutes: Number(inputs.buffer_minutes.value),
      channels: [.../** @type {NodeListOf<HTMLInputElement>} */ (form.querySelectorAll('input[name="channels"]:checked'))].map((b) => b.value),
      min_notice_minutes: Number(inputs.min_notice_minutes.value), horizon_days: Number(inputs.horizon_days.value),
      reminder_minutes: reminders(inputs.reminder_minutes.value), peer_guidance: box("peer_guidance"), [STEP]: stepValue(step.input),
    };
    if (service) values.active = box("active");
    else values.slug = inputs.slug.value.trim();
    return values;
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const errors = Object.values(inputs).filter((node) => !node.checkValidity()).map((node) => ({ field: node.name, reason: reason(node.name) }));
    const reminderList = reminders(inputs.reminder_minutes.value);
    if (!reminderList || reminderList.length > 3 || reminderList.some((n) => n < 10 || n > 10080)) errors.push({ field: "reminder_minutes", reason: t("reminderRule") });
    if (!names.hasFinnishOrSwedish()) errors.push({ field: "names", reason: t("needName") });
    if (!form.querySelector('[name="channels"]:checked')) errors.push({ field: "channels", reason: t("needChannel") });
    show(errors);
    if (errors.length) return;
    const submit = /** @type {HTMLButtonElement} */ (form.querySelector('button[type="submit"]'));
    submit.disabled = true;
    try {
      const kept = service ? await api("PATCH", `/api/v1/services/${service.id}`, body()) : await api("POST", "/api/v1/services", body());
      if (!service) {
        form.reset();
        names.fill(null);
      }
      saved(kept);
      notify(t(service ? "savedService" : "added", { name: serviceName(kept, lang) }));
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
