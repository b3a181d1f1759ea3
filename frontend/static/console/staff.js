// @ts-check
// Staff of the organisation. Everyone sees who is who; an admin invites people by e-mail (a
// link to set their password), changes their roles and languages, sends an invitation again,
// deactivates and activates accounts.
import { el } from "../dom.js";
import { refocus, row, table } from "./widgets.js";
import { languageName } from "./names.js";
import { staffForm } from "./staff-form.js";

const LEVEL = { fi: { native: "äidinkieli", fluent: "sujuva", working: "työkieli", basic: "perustaso" },
  sv: { native: "modersmål", fluent: "flytande", working: "arbetsspråk", basic: "grundläggande" },
  en: { native: "native", fluent: "fluent", working: "working", basic: "basic" } };
const levels = (lang) => Object.fromEntries(Object.entries(LEVEL[lang]).map(([key, word]) => [`level_${key}`, word]));

/** @type {import("./tabs.js").Tab} */
export default {
  id: "staff",
  roles: [],
  strings: {
    fi: { title: "Henkilöstö", name: "Nimi", email: "Sähköposti", roles: "Roolit", languages: "Kielet", active: "Tila", change: "Toiminnot", edit: "Muuta", deactivate: "Poista käytöstä", activate: "Ota käyttöön", notSelf: "Et voi poistaa itseäsi käytöstä", nowActive: "{name} on nyt käytössä.", nowInactive: "{name} on nyt poissa käytöstä.", empty: "Ei henkilöstöä vielä.",
      inUse: "käytössä", notInUse: "poissa käytöstä", invitedUntil: "kutsuttu, linkki voimassa {date} asti", invitationExpired: "kutsu vanhentunut", noPassword: "ei salasanaa",
      organisation: "Organisaatio", invitedElsewhere: "Kutsu lähetetty: {email} ({organisation}).", invite: "Kutsu henkilö", inviteTitle: "Kutsu henkilö sähköpostilla", inviteHint: "Neuvo lähettää hänelle linkin, jolla hän asettaa oman salasanansa. Linkki toimii kerran ja vanhenee.", sendInvitation: "Lähetä kutsu", invited: "Kutsu lähetetty osoitteeseen {email}.",
      resend: "Lähetä kutsu uudelleen", resent: "Uusi kutsu lähetetty: {email}. Vanha linkki ei enää toimi.", editTitle: "Muuta: {name}", saveChanges: "Tallenna muutokset", changed: "Muutokset tallennettu: {name}.",
      language: "Kieli", level: "Taso", addLanguage: "Lisää kieli", recording: "Äänitettävät kielet", recordingHint: "Äänittäjän roolin kielet: mitä hän äänittää studiossa.", consoleLanguage: "Konsolin ja kutsun kieli",
      needName: "Kirjoita nimi.", needEmail: "Kirjoita sähköpostiosoite.", needRole: "Valitse vähintään yksi rooli.", ...levels("fi") },
    sv: { title: "Personal", name: "Namn", email: "E-post", roles: "Roller", languages: "Språk", active: "Status", change: "Åtgärder", edit: "Ändra", deactivate: "Inaktivera", activate: "Aktivera", notSelf: "Du kan inte inaktivera dig själv", nowActive: "{name} är nu aktiv.", nowInactive: "{name} är nu inaktiv.", empty: "Ingen personal ännu.",
      inUse: "aktiv", notInUse: "inaktiv", invitedUntil: "inbjuden, länken gäller till {date}", invitationExpired: "inbjudan har gått ut", noPassword: "inget lösenord",
      organisation: "Organisation", invitedElsewhere: "Inbjudan skickad: {email} ({organisation}).", invite: "Bjud in en person", inviteTitle: "Bjud in en person per e-post", inviteHint: "Neuvo skickar en länk där personen väljer sitt eget lösenord. Länken fungerar en gång och går ut.", sendInvitation: "Skicka inbjudan", invited: "Inbjudan skickad till {email}.",
      resend: "Skicka inbjudan igen", resent: "En ny inbjudan skickad: {email}. Den gamla länken fungerar inte längre.", editTitle: "Ändra: {name}", saveChanges: "Spara ändringarna", changed: "Ändringarna sparade: {name}.",
      language: "Språk", level: "Nivå", addLanguage: "Lägg till språk", recording: "Språk att spela in", recordingHint: "Inläsarens språk: vad personen spelar in i studion.", consoleLanguage: "Konsolens och inbjudans språk",
      needName: "Skriv ett namn.", needEmail: "Skriv en e-postadress.", needRole: "Välj minst en roll.", ...levels("sv") },
    en: { title: "Staff", name: "Name", email: "E-mail", roles: "Roles", languages: "Languages", active: "Status", change: "Actions", edit: "Change", deactivate: "Deactivate", activate: "Activate", notSelf: "You cannot deactivate yourself", nowActive: "{name} is now active.", nowInactive: "{name} is now inactive.", empty: "No staff yet.",
      inUse: "active", notInUse: "inactive", invitedUntil: "invited, the link works until {date}", invitationExpired: "invitation expired", noPassword: "no password",
      organisation: "Organisation", invitedElsewhere: "Invitation sent: {email} ({organisation}).", invite: "Invite a person", inviteTitle: "Invite a person by e-mail", inviteHint: "Neuvo sends them a link to set their own password. The link works once and expires.", sendInvitation: "Send the invitation", invited: "Invitation sent to {email}.",
      resend: "Send the invitation again", resent: "A new invitation sent: {email}. The old link no longer works.", editTitle: "Change: {name}", saveChanges: "Save the changes", changed: "Changes saved: {name}.",
      language: "Language", level: "Level", addLanguage: "Add a language", recording: "Languages to record", recordingHint: "The languages of the role voice: what they record in the studio.", consoleLanguage: "Console and invitation language",
      needName: "Type a name.", needEmail: "Type an e-mail address.", needRole: "Choose at least one role.", ...levels("en") },
  },
  async render(panel, ctx) {
    const { api, t, me, lang, fmt, notify, report, get } = ctx;
    const admin = me.roles.includes("admin");
    const headings = [t("name"), t("email"), t("roles"), t("languages"), t("active")];
    const view = table("staff", admin ? [...headings, t("change")] : headings);
    const formSlot = el("div", { "data-testid": "staff-form-slot" });
    const inviteButton = el("button", { type: "button", class: "primary", "data-testid": "staff-invite" }, t("invite"));
    let staff = await get("/api/v1/staff");
    const languages = admin ? await get("/api/v1/languages") : [];
    // A platform admin also invites the first admin of an organisation just added (so fresh, not cached).
    /** @type {{ id: string, name: string }[]} */
    let organisations = [];
    const organisationsNow = async () => { organisations = me.is_platform_admin && admin ? await api("GET", "/api/v1/organisations") : []; };
    // The invite button comes once it works (a click before the lists came would be lost).
    if (admin) panel.append(el("div", { class: "toolbar" }, inviteButton), formSlot);
    panel.append(view.box);
    const put = (updated) => {
      staff = staff.some((item) => item.id === updated.id) ? staff.map((item) => (item.id === updated.id ? updated : item)) : [...staff, updated];
    };
    const status = (member) => {
      if (!member.active) return t("notInUse");
      if (member.password_set) return t("inUse");
      if (!member.invited_until) return t("noPassword");
      return new Date(member.invited_until) > new Date() ? t("invitedUntil", { date: fmt.dateTime(member.invited_until) }) : t("invitationExpired");
    };
    const closeForm = (focus) => {
      formSlot.replaceChildren();
      /** @type {HTMLElement | null} */ (focus ? panel.querySelector(focus) : null)?.focus();
    };
    const openForm = (member, recording = []) => {
      const form = staffForm(ctx, {
        member, recording, languages, organisations,
        done: (saved) => {
          if (!member && saved.organisation_id && saved.organisation_id !== ctx.me.organisation_id) {
            // A platform admin's invitation to another organisation (its first admin): not on this list.
            closeForm('[data-testid="staff-invite"]');
            notify(t("invitedElsewhere", { email: saved.email, organisation: organisations.find((o) => o.id === saved.organisation_id)?.name ?? "" }));
            return;
          }
          put(saved);
          draw();
          closeForm(member ? `[data-id="${saved.id}"] [data-testid="staff-edit"]` : '[data-testid="staff-invite"]');
          notify(member ? t("changed", { name: saved.display_name }) : t("invited", { email: saved.email }));
        },
        cancel: () => closeForm(member ? `[data-id="${member.id}"] [data-testid="staff-edit"]` : '[data-testid="staff-invite"]'),
      });
      formSlot.replaceChildren(form);
      /** @type {HTMLElement} */ (form.querySelector("input")).focus();
    };
    inviteButton.addEventListener("click", async () => {
      try {
        await organisationsNow();
      } catch (error) {
        return report(error);
      }
      openForm(undefined);
    });
    const actions = (member) => {
      const cell = el("td", {}, el("div", { class: "actions" }));
      const box = /** @type {HTMLElement} */ (cell.firstChild);
      const edit = el("button", { type: "button", "data-testid": "staff-edit" }, t("edit"));
      edit.addEventListener("click", async () => {
        try {
          const recording = member.roles.includes("voice") ? (await api("GET", `/api/v1/speech/recorders/${member.id}`)).languages : [];
          openForm(member, recording);
        } catch (error) {
          report(error);
        }
      });
      box.append(edit);
      if (member.active && !member.password_set) {
        const resend = el("button", { type: "button", "data-testid": "staff-resend" }, t("resend"));
        resend.addEventListener("click", () => act(resend, () => api("POST", `/api/v1/staff/${member.id}/invitation`),
          (updated) => t("resent", { email: updated.email }), "staff-resend"));
        box.append(resend);
      }
      // Deactivating yourself would end your own access in the middle of the session.
      const toggle = el("button", { type: "button", "data-testid": "staff-toggle", disabled: member.id === me.id,
        title: member.id === me.id ? t("notSelf") : null }, member.active ? t("deactivate") : t("activate"));
      toggle.addEventListener("click", () => act(toggle, () => api("PATCH", `/api/v1/staff/${member.id}`, { active: !member.active }),
        (updated) => t(updated.active ? "nowActive" : "nowInactive", { name: updated.display_name }), "staff-toggle"));
      box.append(toggle);
      return cell;
    };
    const act = async (button, call, say, testid) => {
      button.disabled = true;
      try {
        const updated = await call();
        put(updated);
        draw();
        refocus(panel, `[data-id="${updated.id}"] [data-testid="${testid}"]`, `[data-id="${updated.id}"] [data-testid="staff-edit"]`);
        notify(say(updated));
      } catch (error) {
        button.disabled = false;
        report(error);
      }
    };
    const draw = () => view.fill(staff.map((member) => {
      const tr = row({ "data-id": member.id, "data-testid": "staff-row" },
        el("td", { translate: "no" }, member.display_name), el("td", { translate: "no" }, member.email), member.roles.map((r) => t(`role_${r}`)).join(", "),
        member.languages.map(({ language, level }) => `${languageName(language, lang)} (${LEVEL[lang][level] ?? level})`).join(", "),
        el("td", { "data-testid": "staff-status" }, status(member)));
      if (admin) tr.append(actions(member));
      return tr;
    }), t("empty"));
    draw();
  },
};
