// @ts-check
// The parts of "My profile" every staff member may have: the password (changed here, the
// current one asked again) and the calendar-feed link (create, copy, revoke). Their words are
// profile.js's (the tab's strings).
import { el } from "../dom.js";
import { field, setFieldError } from "./widgets.js";
import { problemText } from "./i18n.js";

/** @param {import("./tabs.js").Context} ctx */
export function passwordBox({ api, t, me, notify, report }) {
  const input = (name, testid, autocomplete) =>
    el("input", { type: "password", name, autocomplete, required: true, maxlength: 200, "data-testid": testid });
  const current = input("current_password", "password-current", "current-password");
  const fresh = input("new_password", "password-new", "new-password");
  const repeat = input("repeat", "password-repeat", "new-password");
  const submit = el("button", { type: "submit", class: "primary", "data-testid": "password-change" }, t("changePassword"));
  const form = el("form", { class: "stack", novalidate: true, "data-testid": "password-form" },
    el("h2", {}, t("passwordTitle")),
    el("input", { type: "email", name: "username", autocomplete: "username", value: me.email ?? "", hidden: true, readonly: true }),
    field("password-current", t("current"), current), field("password-new", t("newPassword"), fresh, t("rule")),
    field("password-repeat", t("repeat"), repeat), submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const node of [current, fresh, repeat]) setFieldError(node, "");
    const wrong = (node, text) => { setFieldError(node, text); node.focus(); };
    if (!current.value) return wrong(current, t("emptyPassword"));
    if (fresh.value.length < 10) return wrong(fresh, fresh.value ? t("tooShort") : t("emptyPassword"));
    if (fresh.value !== repeat.value) return wrong(repeat, t("mismatch"));
    submit.disabled = true;
    try {
      await api("POST", "/api/v1/auth/me/password", { current_password: current.value, new_password: fresh.value });
      form.reset();
      notify(t("passwordChanged"));
      current.focus();
    } catch (error) {
      if (error.status === 401) return report(error);
      const type = String(error.problem?.type ?? "");
      const at = error.errors?.[0]?.field === "current_password" ? current : fresh;
      wrong(at, type.endsWith("password-breached") ? t("breached") : type.endsWith("password-too-short") ? t("tooShort") : problemText(t, error));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** @param {import("./tabs.js").Context} ctx */
export function feedBox({ api, t, notify, report }) {
  const out = el("div", { "aria-live": "polite" });
  const make = el("button", { type: "button", "data-testid": "feed-new" }, t("newFeed"));
  const revoke = el("button", { type: "button", "data-testid": "feed-revoke" }, t("revoke"));
  make.addEventListener("click", async () => {
    try {
      const { url } = await api("POST", "/api/v1/auth/me/calendar-feed");
      const input = el("input", { id: "feed-url", readonly: true, value: url, "data-testid": "feed-url" });
      const copy = el("button", { type: "button", "data-testid": "feed-copy" }, t("copy"));
      copy.addEventListener("click", async () => {
        input.select();
        await navigator.clipboard?.writeText(url).catch(() => null);
        notify(t("copied"));
      });
      out.replaceChildren(el("label", { for: "feed-url" }, t("feedLink")), el("div", { class: "toolbar" }, input, copy));
      notify(t("feedMade"));
      input.focus();
    } catch (error) {
      report(error);
    }
  });
  revoke.addEventListener("click", async () => {
    try {
      await api("DELETE", "/api/v1/auth/me/calendar-feed");
      out.replaceChildren();
      notify(t("revoked"));
    } catch (error) {
      report(error);
    }
  });
  return el("section", { class: "stack" }, el("h2", {}, t("feed")), el("p", { class: "hint" }, t("feedHint")),
    el("div", { class: "toolbar" }, make, revoke), out);
}
