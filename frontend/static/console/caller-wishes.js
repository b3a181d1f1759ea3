// @ts-check
// A client's wishes about interpreters (one gender only; never these), kept from the caller tab.
import { el } from "../dom.js";
import { select } from "./widgets.js";

export async function wishesForm({ api, t, notify, report }, client) {
  // The server lists whom the client may exclude: those of any organisation who speak their
  // language (interpreters mostly work for an agency, not for the municipality).
  const wishes = await api("GET", `/api/v1/clients/${client.id}/interpreter-wishes`)
    .catch(() => ({ gender: null, excluded: [], candidates: [] }));
  const interpreters = wishes.candidates;
  const id = `wish-gender-${client.id}`;
  const gender = select("gender", [["", t("anyGender")], ["female", t("female")], ["male", t("male")], ["other", t("other")]],
    { id, "data-testid": "wish-gender" });
  gender.value = wishes.gender ?? "";
  const excluded = el("fieldset", { "data-testid": "wish-excluded" }, el("legend", {}, t("excluded")),
    interpreters.length ? interpreters.map((m) => el("label", {},
      el("input", { type: "checkbox", name: "excluded", value: m.id, checked: wishes.excluded.includes(m.id) }), ` ${m.display_name}`))
      : el("p", {}, t("noInterpreters")));
  const form = el("form", { class: "stack wishes", "data-testid": "wishes-form" },
    el("div", { class: "field" }, el("label", { for: id }, t("gender")), gender), excluded,
    el("button", { type: "submit", "data-testid": "wishes-save" }, t("saveWishes")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api("PUT", `/api/v1/clients/${client.id}/interpreter-wishes`, {
        gender: gender.value || null,
        excluded: [.../** @type {NodeListOf<HTMLInputElement>} */ (form.querySelectorAll('input[name="excluded"]:checked'))].map((box) => box.value),
      });
      notify(t("wishesSaved"));
    } catch (error) {
      report(error);
    }
  });
  return el("details", { class: "wishes" }, el("summary", {}, t("wishes")), form);
}
