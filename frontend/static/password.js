// @ts-check
// The password page, outside the console: a link by e-mail (an invitation or a reset) opens it
// with its token in the fragment (#t=…), which no server or log sees. It asks what the link is
// (nothing changes), then offers the form to set a password, or says plainly why the link
// cannot be used and what to do. Without a token it is the "forgot password" form.
// Words in fi, sv and en: the account's console language, else the browser's (or ?lang=).
import { $, el } from "./dom.js";
import { api } from "./http.js";

/** @type {Record<string, Record<string, string>>} */
export const WORDS = {
  fi: {
    welcome: "Aseta salasanasi", reset: "Aseta uusi salasana", hello: "Hei {name}! Tunnuksesi on {email}.",
    password: "Uusi salasana", repeat: "Salasana uudelleen", rule: "Vähintään {n} merkkiä. Yleisiä tai vuotaneita salasanoja ei hyväksytä.",
    save: "Tallenna salasana", mismatch: "Salasanat eivät ole samat.", empty: "Kirjoita salasana.",
    tooShort: "Salasanassa pitää olla vähintään {n} merkkiä.", breached: "Tämä salasana on vuotanut tietomurroissa ja on hyökkääjien listoilla. Valitse toinen.",
    done: "Salasanasi on tallennettu.", doneMore: "Kirjaudu nyt Neuvo-konsoliin osoitteella {email}.", toConsole: "Kirjautumiseen",
    used: "Tämä linkki on jo käytetty", usedMore: "Salasana asetettiin tällä linkillä jo aiemmin. Mitään ei muutettu nyt.",
    expired: "Tämä linkki on vanhentunut", expiredMore: "Linkki toimi {when} asti. Mitään ei muutettu.",
    ended: "Tämä linkki ei enää toimi", endedMore: "Tilalle on lähetetty uudempi linkki, tai tunnus on poistettu käytöstä. Mitään ei muutettu.",
    unknown: "Linkkiä ei tunnistettu", unknownMore: "Tarkista, että kopioit koko linkin sähköpostista. Mitään ei muutettu.",
    askAdmin: "Uuden kutsun saat pääkäyttäjältäsi. Jos olet jo asettanut salasanan, kirjaudu tai pyydä uusi salasana.",
    forgot: "Unohtuiko salasana?", forgotMore: "Kirjoita sähköpostiosoitteesi. Lähetämme linkin, jolla voit asettaa uuden salasanan.",
    email: "Sähköposti", send: "Lähetä linkki", sent: "Jos osoitteella {email} on tunnus, linkki on matkalla. Se toimii {minutes} minuuttia.",
    badEmail: "Kirjoita sähköpostiosoite.", tooMany: "Liian monta pyyntöä. Yritä uudelleen {n} minuutin kuluttua.",
    newLink: "Pyydä uusi salasana", failed: "Jokin meni vikaan: {error}",
  },
  sv: {
    welcome: "Välj ditt lösenord", reset: "Välj ett nytt lösenord", hello: "Hej {name}! Ditt konto är {email}.",
    password: "Nytt lösenord", repeat: "Lösenordet igen", rule: "Minst {n} tecken. Vanliga eller läckta lösenord godkänns inte.",
    save: "Spara lösenordet", mismatch: "Lösenorden är inte lika.", empty: "Skriv ett lösenord.",
    tooShort: "Lösenordet måste ha minst {n} tecken.", breached: "Det här lösenordet har läckt vid dataintrång och finns på angriparnas listor. Välj ett annat.",
    done: "Ditt lösenord har sparats.", doneMore: "Logga nu in i Neuvo-konsolen med {email}.", toConsole: "Till inloggningen",
    used: "Den här länken har redan använts", usedMore: "Lösenordet valdes redan tidigare med den här länken. Ingenting har ändrats nu.",
    expired: "Den här länken har gått ut", expiredMore: "Länken fungerade till {when}. Ingenting har ändrats.",
    ended: "Den här länken fungerar inte längre", endedMore: "En nyare länk har skickats, eller kontot har inaktiverats. Ingenting har ändrats.",
    unknown: "Länken kändes inte igen", unknownMore: "Kontrollera att du kopierade hela länken från e-postmeddelandet. Ingenting har ändrats.",
    askAdmin: "En ny inbjudan får du av din huvudanvändare. Om du redan har valt ett lösenord, logga in eller be om ett nytt lösenord.",
    forgot: "Glömt lösenordet?", forgotMore: "Skriv din e-postadress. Vi skickar en länk där du kan välja ett nytt lösenord.",
    email: "E-post", send: "Skicka länken", sent: "Om {email} har ett konto är länken på väg. Den fungerar i {minutes} minuter.",
    badEmail: "Skriv en e-postadress.", tooMany: "För många förfrågningar. Försök igen om {n} minuter.",
    newLink: "Be om ett nytt lösenord", failed: "Något gick fel: {error}",
  },
  en: {
    welcome: "Set your password", reset: "Set a new password", hello: "Hello {name}! Your account is {email}.",
    password: "New password", repeat: "The password again", rule: "At least {n} characters. Common or leaked passwords are refused.",
    save: "Save the password", mismatch: "The passwords are not the same.", empty: "Type a password.",
    tooShort: "A password needs at least {n} characters.", breached: "This password has leaked in data breaches and is on attackers' lists. Choose another.",
    done: "Your password is saved.", doneMore: "Now log in to the Neuvo console with {email}.", toConsole: "To the log-in",
    used: "This link has been used already", usedMore: "A password was set with this link before. Nothing has changed now.",
    expired: "This link has expired", expiredMore: "The link worked until {when}. Nothing has changed.",
    ended: "This link no longer works", endedMore: "A newer link has been sent, or the account has been deactivated. Nothing has changed.",
    unknown: "This link is not known", unknownMore: "Check that you copied the whole link from the e-mail. Nothing has changed.",
    askAdmin: "Your admin can send you a new invitation. If you have set a password already, log in or ask for a new password.",
    forgot: "Forgot your password?", forgotMore: "Type your e-mail address. We send a link to set a new password.",
    email: "E-mail", send: "Send the link", sent: "If {email} has an account, the link is on its way. It works for {minutes} minutes.",
    badEmail: "Type an e-mail address.", tooMany: "Too many requests. Try again in {n} minutes.",
    newLink: "Ask for a new password", failed: "Something went wrong: {error}",
  },
};

const LOCALES = { fi: "fi-FI", sv: "sv-FI", en: "en-FI" };
const box = $("password-page");
let lang = "fi";

/** @param {string} key @param {Record<string, unknown>} [params] */
const t = (key, params = {}) => (WORDS[lang][key] ?? WORDS.en[key] ?? key).replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));

/** The language asked for (?lang=), else the browser's first of fi, sv and en, else fi. */
function browserLanguage() {
  const asked = new URLSearchParams(location.search).get("lang");
  for (const tag of [asked, ...(navigator.languages ?? [navigator.language])]) {
    const code = String(tag ?? "").slice(0, 2).toLowerCase();
    if (code in WORDS) return code;
  }
  return "fi";
}

/** @param {string} code */
function setLanguage(code) {
  lang = code in WORDS ? code : "fi";
  document.documentElement.lang = lang;
}

/** A labelled input with its error beside it. */
function field(id, label, input, hint) {
  input.id = id;
  const error = el("span", { class: "field-error", id: `${id}-error`, "data-testid": `${id}-error` });
  input.setAttribute("aria-describedby", [hint ? `${id}-hint` : "", error.id].filter(Boolean).join(" "));
  return el("div", { class: "field" }, el("label", { for: id }, label), hint ? el("span", { class: "hint", id: `${id}-hint` }, hint) : null, input, error);
}

/** @param {HTMLInputElement} input @param {string} text */
function fieldError(input, text) {
  $(`${input.id}-error`).textContent = text;
  if (text) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}

/** Show `nodes` under a heading that takes the focus (a screen reader hears where it is). */
function show(heading, ...nodes) {
  const title = el("h1", { tabindex: "-1", "data-testid": "password-heading" }, heading);
  document.title = `Neuvo – ${heading}`;
  box.replaceChildren(title, ...nodes);
  title.focus();
}

const toConsole = () => el("a", { href: "/console", "data-testid": "to-console" }, t("toConsole"));
const toReset = () => el("a", { href: `/password?lang=${lang}`, "data-testid": "new-link" }, t("newLink"));

function passwordForm(token, link) {
  const min = link.min_length;
  const password = el("input", { type: "password", name: "password", autocomplete: "new-password", required: true, maxlength: 200, "data-testid": "new-password" });
  const repeat = el("input", { type: "password", name: "repeat", autocomplete: "new-password", required: true, maxlength: 200, "data-testid": "repeat-password" });
  const submit = el("button", { type: "submit", class: "primary", "data-testid": "save-password" }, t("save"));
  const form = el("form", { class: "stack", novalidate: true, "data-testid": "password-form" },
    el("p", {}, t("hello", { name: link.display_name, email: link.email })),
    el("input", { type: "email", name: "username", autocomplete: "username", value: link.email, hidden: true, readonly: true }),
    field("new-password", t("password"), password, t("rule", { n: min })), field("repeat-password", t("repeat"), repeat), submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    fieldError(password, "");
    fieldError(repeat, "");
    if (!password.value) return (fieldError(password, t("empty")), password.focus());
    if (password.value.length < min) return (fieldError(password, t("tooShort", { n: min })), password.focus());
    if (password.value !== repeat.value) return (fieldError(repeat, t("mismatch")), repeat.focus());
    submit.disabled = true;
    try {
      const done = await api("POST", "/api/v1/auth/password-links/use", { token, password: password.value });
      show(t("done"), el("p", {}, t("doneMore", { email: done.email })), toConsole());
    } catch (error) {
      submit.disabled = false;
      const type = String(error.problem?.type ?? "");
      if (error.status === 409) return start();
      const text = type.endsWith("password-breached") ? t("breached") : type.endsWith("password-too-short") ? t("tooShort", { n: min }) : t("failed", { error: error.message });
      fieldError(password, text);
      password.focus();
    }
  });
  show(t(link.kind === "reset" ? "reset" : "welcome"), form);
}

function deadLink(link) {
  const when = link.expires_at ? new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: "full", timeStyle: "short" }).format(new Date(link.expires_at)) : "";
  const state = ["used", "expired", "ended"].includes(link.state) ? link.state : "unknown";
  show(t(state), el("p", { "data-testid": "password-state", "data-state": state }, t(`${state}More`, { when })),
    el("p", {}, t("askAdmin")), el("p", { class: "toolbar" }, toConsole(), toReset()));
}

function forgotForm() {
  const email = el("input", { type: "email", name: "email", autocomplete: "username", required: true, maxlength: 254, "data-testid": "forgot-email" });
  const submit = el("button", { type: "submit", class: "primary", "data-testid": "forgot-send" }, t("send"));
  const answer = el("p", { role: "status", "data-testid": "forgot-answer" });
  const form = el("form", { class: "stack", novalidate: true, "data-testid": "forgot-form" },
    el("p", {}, t("forgotMore")), field("forgot-email", t("email"), email), submit, answer, toConsole());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    fieldError(email, "");
    answer.textContent = "";
    if (!email.checkValidity()) return (fieldError(email, t("badEmail")), email.focus());
    submit.disabled = true;
    try {
      const sent = await api("POST", "/api/v1/auth/password-reset", { email: email.value.trim() });
      answer.textContent = t("sent", { email: email.value.trim(), minutes: sent.minutes });
    } catch (error) {
      const wait = Math.max(1, Math.ceil((Number(error.retryAfter) || 60) / 60));
      const text = error.status === 429 ? t("tooMany", { n: wait }) : error.status === 422 ? t("badEmail") : t("failed", { error: error.message });
      fieldError(email, text);
      email.focus();
    } finally {
      submit.disabled = false;
    }
  });
  show(t("forgot"), form);
  email.focus();
}

async function start() {
  const token = new URLSearchParams(location.hash.slice(1)).get("t");
  if (!token) {
    setLanguage(browserLanguage());
    return forgotForm();
  }
  try {
    const link = await api("POST", "/api/v1/auth/password-links/look", { token });
    setLanguage(link.language);
    return link.state === "ready" ? passwordForm(token, link) : deadLink(link);
  } catch (error) {
    setLanguage(browserLanguage());
    if (error.status === 422) return deadLink({ state: "unknown" });
    show(t("failed", { error: error.message }));
  }
}

window.addEventListener("hashchange", start);
await start();
