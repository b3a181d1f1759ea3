// @ts-check
// The form an admin invites a staff member with, or changes one: name, e-mail (invitation only),
// roles, spoken languages with their level, the recording languages of the role voice, the
// console language (invitation only). Checked here lightly, by the server fully; each error is
// said beside its field, in the console language.
import { el } from "../dom.js";
import { field, select, setFieldError } from "./widgets.js";
import { problemText } from "./i18n.js";
import { languageName } from "./names.js";

export const ROLES = ["admin", "advisor", "operator", "interpreter", "peer_counsellor", "voice"];
export const LEVELS = ["native", "fluent", "working", "basic"];
const ENDONYMS = { fi: "suomi", sv: "svenska", en: "English" };

/**
 * @param {import("./tabs.js").Context} ctx
 * @param {{ member?: any, recording?: string[], languages: { code: string, endonym: string }[],
 *   done: (member: any) => void, cancel?: () => void, organisations?: { id: string, name: string }[] }} options
 *   organisations: where a platform admin may invite a person to (any organisation's first admin)
 */
export function staffForm(ctx, { member, recording = [], languages, done, cancel, organisations = [] }) {
  const { api, t, lang } = ctx;
  const editing = Boolean(member);
  const prefix = editing ? "se" : "si";
  const options = languages.map((l) => /** @type {[string, string]} */ ([l.code, `${languageName(l.code, lang)} – ${l.endonym}`]))
    .sort((a, b) => a[1].localeCompare(b[1], lang));
  const name = el("input", { name: "display_name", required: true, maxlength: 200, value: member?.display_name ?? "", "data-testid": "staff-name" });
  const email = el("input", { type: "email", name: "email", required: true, maxlength: 254, "data-testid": "staff-email" });
  const roles = el("fieldset", { class: "inline", id: `${prefix}-roles`, "data-testid": "staff-roles", "aria-describedby": `${prefix}-roles-error` },
    el("legend", {}, t("roles")),
    ROLES.map((role) => el("label", {}, el("input", { type: "checkbox", name: "roles", value: role, checked: member?.roles.includes(role) ?? role === "advisor" }), ` ${t(`role_${role}`)}`)),
    el("span", { class: "field-error", id: `${prefix}-roles-error` }));
  let counter = 0;
  const spoken = el("ul", { class: "plain", "data-testid": "staff-languages" });
  const addSpoken = (item) => {
    counter += 1;
    const code = select("language", options, { "data-testid": "staff-language" });
    code.value = item.language;
    const level = select("level", LEVELS.map((l) => /** @type {[string, string]} */ ([l, t(`level_${l}`)])), { "data-testid": "staff-level" });
    level.value = item.level;
    const remove = el("button", { type: "button" }, t("remove"));
    const li = el("li", { class: "row2" }, field(`${prefix}-l-${counter}`, t("language"), code), field(`${prefix}-v-${counter}`, t("level"), level), remove);
    remove.addEventListener("click", () => { li.remove(); addLanguage.focus(); });
    spoken.append(li);
    return code;
  };
  (member?.languages ?? [{ language: "fi", level: "native" }]).forEach(addSpoken);
  const addLanguage = el("button", { type: "button", "data-testid": "staff-add-language" }, t("addLanguage"));
  addLanguage.addEventListener("click", () => addSpoken({ language: "fi", level: "fluent" }).focus());
  const recordings = el("select", { name: "recording_languages", multiple: true, size: 5, "data-testid": "staff-recording", "data-endonyms": true },
    options.map(([code, label]) => el("option", { value: code, selected: recording.includes(code) }, label)));
  const recordingField = field(`${prefix}-recording`, t("recording"), recordings, t("recordingHint"));
  const organisation = organisations.length > 1 && !editing
    ? select("organisation_id", organisations.map((o) => /** @type {[string, string]} */ ([o.id, o.name])), { "data-testid": "staff-organisation" })
    : null;
  if (organisation) organisation.value = ctx.me.organisation_id;
  const consoleLanguage = select("console_language", Object.entries(ENDONYMS), { "data-testid": "staff-console-language", "data-endonyms": true });
  consoleLanguage.value = lang;
  const error = el("p", { class: "error", role: "alert", hidden: true, "data-testid": "staff-form-error" });
  const submit = el("button", { type: "submit", class: "primary", "data-testid": editing ? "staff-save" : "staff-invite-send" }, t(editing ? "saveChanges" : "sendInvitation"));
  const buttons = el("div", { class: "toolbar" }, submit);
  if (cancel) {
    const back = el("button", { type: "button", "data-testid": "staff-cancel" }, t("cancel"));
    back.addEventListener("click", cancel);
    buttons.append(back);
  }
  const form = el("form", { class: "stack card", novalidate: true, "data-testid": editing ? "staff-edit-form" : "staff-invite-form" },
    el("h2", { tabindex: "-1" }, editing ? t("editTitle", { name: member.display_name }) : t("inviteTitle")),
    editing ? null : el("p", { class: "hint" }, t("inviteHint")),
    organisation ? field(`${prefix}-organisation`, t("organisation"), organisation) : null,
    field(`${prefix}-name`, t("name"), name), editing ? null : field(`${prefix}-email`, t("email"), email),
    roles, el("h3", {}, t("languages")), spoken, addLanguage, recordingField,
    editing ? null : field(`${prefix}-console-language`, t("consoleLanguage"), consoleLanguage), error, buttons);
  const voice = /** @type {HTMLInputElement} */ (roles.querySelector('[value="voice"]'));
  const showRecording = () => { recordingField.hidden = !voice.checked; };
  voice.addEventListener("change", showRecording);
  showRecording();
  const inputs = { display_name: name, email, language: spoken, recording_languages: recordings };
  const clear = () => {
    error.hidden = true;
    for (const input of [name, email, recordings]) setFieldError(input, "");
    setFieldError(roles, "");
  };
  /** @param {string} path @param {string} text */
  const sayAt = (path, text) => {
    const key = String(path).split(".")[0];
    const target = key === "roles" ? roles : key === "languages" ? spoken.querySelector("select") : inputs[key];
    if (target) setFieldError(target, text);
    error.textContent = text;
    error.hidden = false;
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clear();
    const chosen = [...roles.querySelectorAll("input:checked")].map((box) => /** @type {HTMLInputElement} */ (box).value);
    if (!name.value.trim()) return (sayAt("display_name", t("needName")), name.focus());
    if (!editing && !email.checkValidity()) return (sayAt("email", t("needEmail")), email.focus());
    if (!chosen.length) return sayAt("roles", t("needRole"));
    const body = {
      display_name: name.value.trim(), roles: chosen,
      languages: [...spoken.children].map((li) => ({ language: li.querySelectorAll("select")[0].value, level: li.querySelectorAll("select")[1].value })),
    };
    const langs = chosen.includes("voice") ? [...recordings.selectedOptions].map((o) => o.value) : [];
    submit.disabled = true;
    try {
      let saved;
      if (editing) {
        saved = await api("PATCH", `/api/v1/staff/${member.id}`, body);
        if (langs.length || recording.length) await api("PUT", `/api/v1/speech/recorders/${member.id}`, { languages: langs });
      } else {
        saved = await api("POST", "/api/v1/staff/invitations", { ...body, email: email.value.trim(), recording_languages: langs, console_language: consoleLanguage.value,
          ...(organisation ? { organisation_id: organisation.value } : {}) });
      }
      done(saved);
    } catch (failure) {
      if (failure.status === 401) return ctx.report(failure);
      sayAt(failure.errors?.[0]?.field ?? "", problemText(t, failure));
      /** @type {HTMLElement} */ (form.querySelector('[aria-invalid="true"]') ?? error).focus?.();
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
