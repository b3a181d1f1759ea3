// @ts-check
// Staff of the organisation; an admin activates and deactivates accounts.
import { el } from "../dom.js";
import { refocus, row, table } from "./widgets.js";
import { languageName } from "./names.js";

const LEVEL = { fi: { native: "äidinkieli", fluent: "sujuva", working: "työkieli", basic: "perustaso" },
  sv: { native: "modersmål", fluent: "flytande", working: "arbetsspråk", basic: "grundläggande" },
  en: { native: "native", fluent: "fluent", working: "working", basic: "basic" } };

/** @type {import("./tabs.js").Tab} */
export default {
  id: "staff",
  roles: [],
  strings: {
    fi: { title: "Henkilöstö", name: "Nimi", email: "Sähköposti", roles: "Roolit", languages: "Kielet", active: "Käytössä", change: "Muuta", deactivate: "Poista käytöstä", activate: "Ota käyttöön", notSelf: "Et voi poistaa itseäsi käytöstä", nowActive: "{name} on nyt käytössä.", nowInactive: "{name} on nyt poissa käytöstä.", empty: "Ei henkilöstöä vielä." },
    sv: { title: "Personal", name: "Namn", email: "E-post", roles: "Roller", languages: "Språk", active: "Aktiv", change: "Ändra", deactivate: "Inaktivera", activate: "Aktivera", notSelf: "Du kan inte inaktivera dig själv", nowActive: "{name} är nu aktiv.", nowInactive: "{name} är nu inaktiv.", empty: "Ingen personal ännu." },
    en: { title: "Staff", name: "Name", email: "E-mail", roles: "Roles", languages: "Languages", active: "Active", change: "Change", deactivate: "Deactivate", activate: "Activate", notSelf: "You cannot deactivate yourself", nowActive: "{name} is now active.", nowInactive: "{name} is now inactive.", empty: "No staff yet." },
  },
  async render(panel, { api, t, me, lang, notify, report, get }) {
    const admin = me.roles.includes("admin");
    const headings = [t("name"), t("email"), t("roles"), t("languages"), t("active")];
    const view = table("staff", admin ? [...headings, t("change")] : headings);
    panel.append(view.box);
    let staff = await get("/api/v1/staff");
    const draw = () => view.fill(staff.map((member) => {
      const tr = row({ "data-id": member.id, "data-testid": "staff-row" },
        el("td", { translate: "no" }, member.display_name), el("td", { translate: "no" }, member.email), member.roles.map((r) => t(`role_${r}`)).join(", "),
        member.languages.map(({ language, level }) => `${languageName(language, lang)} (${LEVEL[lang][level] ?? level})`).join(", "),
        member.active ? t("yes") : t("no"));
      if (admin) tr.append(el("td", {}, toggle(member)));
      return tr;
    }), t("empty"));
    const toggle = (member) => {
      // Deactivating yourself would end your own access in the middle of the session.
      const button = el("button", { type: "button", "data-testid": "staff-toggle", disabled: member.id === me.id,
        title: member.id === me.id ? t("notSelf") : null }, member.active ? t("deactivate") : t("activate"));
      button.addEventListener("click", async () => {
        button.disabled = true;
        try {
          const updated = await api("PATCH", `/api/v1/staff/${member.id}`, { active: !member.active });
          staff = staff.map((item) => (item.id === updated.id ? updated : item));
          draw();
          refocus(panel, `[data-id="${updated.id}"] [data-testid="staff-toggle"]`);
          notify(t(updated.active ? "nowActive" : "nowInactive", { name: updated.display_name }));
        } catch (error) {
          button.disabled = false;
          report(error);
        }
      });
      return button;
    };
    draw();
  },
};
