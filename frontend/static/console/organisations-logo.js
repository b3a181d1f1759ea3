// @ts-check
// The logo an organisation's letters are printed with: chosen from a file, sent at once (the
// server checks it and keeps its own PNG), shown as it will print, and removable. Part of the
// organisation's edit form; its words are the Organisations tab's.
import { el } from "../dom.js";
import { sendRaw } from "../http.js";
import { field, setFieldError } from "./widgets.js";
import { problemText } from "./i18n.js";

/**
 * @param {import("./tabs.js").Context} ctx
 * @param {any} organisation
 * @param {(organisation: any) => void} changed called with the organisation as the server now has it
 */
export function logoField({ t, notify, report }, organisation, changed) {
  const url = `/api/v1/organisations/${organisation.id}/logo`;
  const input = el("input", { type: "file", name: "logo", accept: "image/png,image/jpeg", "data-testid": "organisation-logo-file" });
  const preview = el("img", { class: "logo-preview", alt: t("logoAlt", { name: organisation.name }), "data-testid": "organisation-logo-preview" });
  const remove = el("button", { type: "button", "data-testid": "organisation-logo-remove" }, t("logoRemove"));
  /** @param {any} now */
  const show = (now) => {
    const has = Boolean(now.logo_updated_at);
    preview.hidden = !has;
    remove.hidden = !has;
    if (has) preview.src = `${url}?v=${encodeURIComponent(now.logo_updated_at)}`;
  };
  /** @param {any} error */
  const refused = (error) => {
    if (error.status === 401) return report(error);
    const reason = error.status === 413 ? t("logoTooLarge") : error.status === 422 ? t("badLogo") : problemText(t, error);
    setFieldError(input, reason);
    input.focus();
  };
  input.addEventListener("change", async () => {
    const file = input.files?.[0];
    if (!file) return;
    setFieldError(input, "");
    try {
      const response = await sendRaw("PUT", url, file, { "Content-Type": file.type || "application/octet-stream" });
      const now = await response.json();
      show(now);
      changed(now);
      notify(t("logoSaved"));
    } catch (error) {
      refused(error);
    } finally {
      input.value = "";
    }
  });
  remove.addEventListener("click", async () => {
    try {
      const now = await (await sendRaw("DELETE", url)).json();
      show(now);
      changed(now);
      notify(t("logoRemoved"));
      input.focus();
    } catch (error) {
      refused(error);
    }
  });
  show(organisation);
  return el("div", { class: "logo-field", "data-testid": "organisation-logo" },
    field("organisation-logo-file", t("logo"), input, t("logoHint")), preview, remove);
}
