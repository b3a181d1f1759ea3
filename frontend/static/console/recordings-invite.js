// @ts-check
// The Recordings tab's invitations (admins): ask someone without a staff account (a volunteer
// of a community association, a peer counsellor) to record one language from their own phone.
// The link goes by e-mail and/or SMS through the outbox, and is shown here once, to hand over
// in person. Their takes wait for a reviewer in the studio, named by the person.
// The API: /api/v1/speech/invitations (api/routes/recording.py).
import { field, setFieldError } from "./widgets.js";
import { languageName } from "./names.js";

/** @type {import("./tabs.js").Strings} */
export const strings = {
  fi: {
    invitations: "Äänityskutsut", invitations_intro: "Kutsu ihminen, jolla ei ole tunnusta (esimerkiksi yhdistyksen vapaaehtoinen tai vertaisohjaaja), äänittämään yksi kieli omalla puhelimellaan. Ajanvarauksen lauseet tulevat ensin; äänitykset odottavat kielen tarkastajan hyväksyntää.",
    person: "Nimi", record_lang: "Äänitetään kielellä", reads: "Merkitys rinnalla", email: "Sähköposti", phone: "Puhelin", days: "Voimassa (päivää)",
    invite: "Lähetä kutsu", invited: "Kutsu lähetetty. Linkki (näytetään vain nyt):", expires: "Voimassa",
    sent_takes: "Otot", end: "Lopeta", ended: "päättynyt", by: "äänitti {name}", no_invitations: "Ei kutsuja.",
    lang_fi: "suomi", lang_en: "englanti",
  },
  sv: {
    invitations: "Inspelningsinbjudningar", invitations_intro: "Bjud in någon utan konto (till exempel en frivillig i en förening eller en kamratvägledare) att spela in ett språk med sin egen telefon. Bokningens meningar kommer först; inspelningarna väntar på godkännande av språkets granskare.",
    person: "Namn", record_lang: "Spela in på", reads: "Betydelsen bredvid", email: "E-post", phone: "Telefon", days: "Giltig (dagar)",
    invite: "Skicka inbjudan", invited: "Inbjudan skickad. Länken (visas bara nu):", expires: "Giltig till",
    sent_takes: "Tagningar", end: "Avsluta", ended: "avslutad", by: "inspelad av {name}", no_invitations: "Inga inbjudningar.",
    lang_fi: "finska", lang_en: "engelska",
  },
  en: {
    invitations: "Recording invitations", invitations_intro: "Invite someone without an account (a volunteer of an association, a peer counsellor) to record one language on their own phone. The booking's sentences come first; their takes wait for the language's reviewer.",
    person: "Name", record_lang: "To record in", reads: "Meaning beside", email: "E-mail", phone: "Phone", days: "Valid (days)",
    invite: "Send the invitation", invited: "Invitation sent. The link (shown only now):", expires: "Valid until",
    sent_takes: "Takes", end: "End", ended: "ended", by: "recorded by {name}", no_invitations: "No invitations.",
    lang_fi: "Finnish", lang_en: "English",
  },
};

/**
 * @typedef {{ id: string, lang: string, meaning: string, name: string, email: string | null,
 *   phone: string | null, expires_at: string, ended_at: string | null, takes: number, link: string | null }} Invitation
 */

/**
 * The invitations section: the form and the list; ``section.invite(lang)`` opens it with the
 * language chosen and the name field focused (the coverage table's "Invite someone to record").
 * @param {import("./tabs.js").Context} ctx
 * @param {string[]} langs the languages that can be recorded
 * @returns {HTMLDetailsElement & { invite: (lang: string) => void }}
 */
export function invitations(ctx, langs) {
  const { el, t, api, fmt, lang: shown } = ctx;
  const inputs = {
    name: el("input", { name: "name", required: true, autocomplete: "off", "data-testid": "invite-name" }),
    lang: el("select", { name: "lang", "data-testid": "invite-lang" },
      ...langs.map((code) => el("option", { value: code }, `${languageName(code, shown)} (${code})`))),
    meaning: el("select", { name: "meaning", "data-testid": "invite-meaning" },
      el("option", { value: "fi" }, t("lang_fi")), el("option", { value: "en" }, t("lang_en"))),
    email: el("input", { name: "email", type: "email", autocomplete: "off", "data-testid": "invite-email" }),
    phone: el("input", { name: "phone", type: "tel", autocomplete: "off", "data-testid": "invite-phone" }),
    days: el("input", { name: "days", type: "number", min: "1", max: "90", value: "14", "data-testid": "invite-days" }),
  };
  const shownLink = el("p", { class: "note", "data-testid": "invite-link", hidden: true });
  const list = el("tbody");
  const draw = async () => {
    /** @type {Invitation[]} */
    const found = await api("GET", "/api/v1/speech/invitations");
    list.replaceChildren(...(found.length ? found.map(line) : [el("tr", {}, el("td", { colspan: 6 }, t("no_invitations")))]));
  };
  /** @param {Invitation} inv */
  const line = (inv) => {
    const end = inv.ended_at ? el("span", {}, t("ended"))
      : el("button", { type: "button", onclick: async () => { await api("POST", `/api/v1/speech/invitations/${inv.id}/end`); await draw(); } }, t("end"));
    return el("tr", { "data-testid": "invitation-row", "data-lang": inv.lang },
      el("td", {}, inv.name), el("td", {}, `${languageName(inv.lang, shown)} (${inv.lang})`),
      el("td", {}, [inv.email, inv.phone].filter(Boolean).join(", ")),
      el("td", {}, fmt.dateTime(inv.expires_at)), el("td", {}, String(inv.takes)), el("td", {}, end));
  };
  const form = el("form", { class: "stack", "data-testid": "invite-form", novalidate: true },
    field("invite-name", t("person"), inputs.name), field("invite-lang", t("record_lang"), inputs.lang),
    field("invite-meaning", t("reads"), inputs.meaning), field("invite-email", t("email"), inputs.email),
    field("invite-phone", t("phone"), inputs.phone), field("invite-days", t("days"), inputs.days),
    el("button", { type: "submit", class: "primary", "data-testid": "invite-send" }, t("invite")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    Object.values(inputs).forEach((input) => setFieldError(input, ""));
    try {
      /** @type {Invitation} */
      const made = await api("POST", "/api/v1/speech/invitations", {
        name: inputs.name.value, lang: inputs.lang.value, meaning: inputs.meaning.value,
        email: inputs.email.value || null, phone: inputs.phone.value || null, days: Number(inputs.days.value),
      });
      shownLink.hidden = false;
      shownLink.replaceChildren(t("invited"), " ", el("code", { translate: "no", "data-testid": "invite-link-text" }, made.link ?? ""));
      form.reset();
      await draw();
    } catch (error) {
      const wrong = error.errors?.[0]?.field;
      const input = /** @type {Record<string, HTMLElement>} */ (inputs)[wrong];
      if (input) setFieldError(input, error.message);
      ctx.notify(error.message, true);
    }
  });
  const section = el("details", { class: "invitations", "data-testid": "recording-invitations" },
    el("summary", {}, t("invitations")),
    el("p", {}, t("invitations_intro")), form, shownLink,
    el("div", { class: "scroll" }, el("table", { "data-testid": "table-invitations" },
      el("thead", {}, el("tr", {}, ...["person", "language", "email", "expires", "sent_takes", "end"]
        .map((key) => el("th", { scope: "col" }, key === "email" ? `${t("email")} / ${t("phone")}` : t(key))))),
      list)));
  section.addEventListener("toggle", () => { if (section.open) draw().catch(ctx.report); }, { once: true });
  return Object.assign(/** @type {HTMLDetailsElement} */ (section), {
    invite: (/** @type {string} */ lang) => {
      section.open = true;
      inputs.lang.value = lang;
      section.scrollIntoView({ block: "start" });
      inputs.name.focus();
    },
  });
}
