// @ts-check
// The console's words and its dates: the shared strings (shell, channels, statuses, problems),
// t() for one tab's strings with the shared ones behind them, and Intl formats that give what
// Babel's CLDR formats give on the server (tests/e2e/test_console_dates.py compares them).

export const LANGUAGES = ["fi", "sv", "en"];
/** @type {Record<string, string>} */
const LOCALES = { fi: "fi-FI", sv: "sv-FI", en: "en-FI" };

/** @type {import("./tabs.js").Strings} */
export const SHARED = {
  fi: {
    console: "Neuvo-konsoli", email: "Sähköposti", password: "Salasana", logIn: "Kirjaudu",
    logOut: "Kirjaudu ulos", sections: "Osiot", language: "Konsolin kieli", loading: "Ladataan…",
    sessionEnded: "Istuntosi on päättynyt. Kirjaudu uudelleen.", loggedOut: "Olet kirjautunut ulos.",
    checkFailed: "Istuntoa ei voitu tarkistaa: {error}", tryAgainIn: "Yritä uudelleen {wait} kuluttua.",
    seconds: "{n} sekunnin", minutes: "{n} minuutin", aMoment: "hetken",
    error: "Virhe: {error}", yes: "kyllä", no: "ei", none: "–", save: "Tallenna", remove: "Poista",
    add: "Lisää", cancel: "Peru", close: "Sulje", saved: "Tallennettu.", openEnded: "toistaiseksi",
    ch_video: "Video", ch_phone: "Puhelin", ch_in_person: "Paikan päällä",
    st_confirmed: "vahvistettu", st_cancelled: "peruttu", st_completed: "pidetty", st_no_show: "ei saapunut",
    st_open: "avoin", st_accepted: "hyväksytty", st_declined: "hylätty", st_expired: "vanhentunut",
    st_withdrawn: "peruttu", st_taken: "toisen ottama", st_pending: "odottaa", st_sent: "lähetetty",
    st_failed: "epäonnistui", st_undeliverable: "ei toimitettavissa", st_sending: "lähetetään",
    role_admin: "pääkäyttäjä", role_advisor: "neuvoja", role_operator: "päivystäjä",
    role_interpreter: "tulkki", role_peer_counsellor: "vertaisohjaaja", role_voice: "äänittäjä",
    "problem:slot-unavailable": "Aika ehdittiin varata. Seuraavat vapaat ajat näkyvät alla.",
    "problem:invalid-input": "Tarkista merkityt kentät.",
    "problem:local-time-nonexistent": "Tätä kellonaikaa ei ole sinä yönä (kesäaika alkaa).",
    "problem:local-time-ambiguous": "Tämä kellonaika on sinä yönä kahdesti (kesäaika päättyy).",
    "problem:invalid-value": "Arvo ei kelpaa: {detail}",
    "problem:client-busy": "Asiakkaalla on jo aika samaan aikaan.",
    "problem:booking-closed": "Aikaa ei voi enää muuttaa.",
    "problem:booking-too-soon": "Aika on liian pian muutettavaksi.",
    "problem:role-required": "Sinulla ei ole oikeutta tähän.",
    "problem:invalid-credentials": "Väärä sähköposti tai salasana.",
    forgotPassword: "Unohtuiko salasana?",
    "problem:password-too-short": "Salasana on liian lyhyt.",
    "problem:password-breached": "Tämä salasana on vuotanut tietomurroissa. Valitse toinen.",
    "problem:current-password-wrong": "Nykyinen salasana on väärä.",
    "problem:password-already-set": "Hän on jo asettanut salasanan.",
    "problem:account-inactive": "Tunnus ei ole käytössä.",
    "problem:too-many-login-attempts": "Liian monta yritystä.",
    "problem:offer-taken": "Joku muu ehti ensin.", "problem:offer-closed": "Tarjous on sulkeutunut.",
    "problem:not-found": "Ei löytynyt.", "problem:csrf-rejected": "Lataa sivu uudelleen.",
    "problem:already-exists": "Tämä on jo olemassa.",
    "problem:opening-overlaps": "Menee päällekkäin saman päivän toisen lisäajan kanssa.",
  },
  sv: {
    console: "Neuvo-konsolen", email: "E-post", password: "Lösenord", logIn: "Logga in",
    logOut: "Logga ut", sections: "Avsnitt", language: "Konsolens språk", loading: "Laddar…",
    sessionEnded: "Din session har gått ut. Logga in igen.", loggedOut: "Du har loggat ut.",
    checkFailed: "Sessionen kunde inte kontrolleras: {error}", tryAgainIn: "Försök igen om {wait}.",
    seconds: "{n} sekunder", minutes: "{n} minuter", aMoment: "en stund",
    error: "Fel: {error}", yes: "ja", no: "nej", none: "–", save: "Spara", remove: "Ta bort",
    add: "Lägg till", cancel: "Avbryt", close: "Stäng", saved: "Sparat.", openEnded: "tills vidare",
    ch_video: "Video", ch_phone: "Telefon", ch_in_person: "På plats",
    st_confirmed: "bekräftad", st_cancelled: "avbokad", st_completed: "genomförd", st_no_show: "uteblev",
    st_open: "öppen", st_accepted: "godkänd", st_declined: "avböjd", st_expired: "utgången",
    st_withdrawn: "återkallad", st_taken: "tagen av någon annan", st_pending: "väntar",
    st_sent: "skickad", st_failed: "misslyckad", st_undeliverable: "kan inte levereras",
    st_sending: "skickas", role_admin: "huvudanvändare", role_advisor: "rådgivare",
    role_operator: "jourhavande", role_interpreter: "tolk", role_peer_counsellor: "kamratvägledare",
    role_voice: "inläsare",
    "problem:slot-unavailable": "Tiden hann bokas. De följande lediga tiderna visas nedan.",
    "problem:invalid-input": "Kontrollera de markerade fälten.",
    "problem:local-time-nonexistent": "Klockslaget finns inte den natten (sommartiden börjar).",
    "problem:local-time-ambiguous": "Klockslaget finns två gånger den natten (sommartiden slutar).",
    "problem:invalid-value": "Värdet duger inte: {detail}",
    "problem:client-busy": "Klienten har redan en tid vid samma tidpunkt.",
    "problem:booking-closed": "Tiden kan inte längre ändras.",
    "problem:booking-too-soon": "Tiden är för nära för att ändras.",
    "problem:role-required": "Du har inte rätt till detta.",
    "problem:invalid-credentials": "Fel e-post eller lösenord.",
    forgotPassword: "Glömt lösenordet?",
    "problem:password-too-short": "Lösenordet är för kort.",
    "problem:password-breached": "Det här lösenordet har läckt vid dataintrång. Välj ett annat.",
    "problem:current-password-wrong": "Det nuvarande lösenordet är fel.",
    "problem:password-already-set": "Personen har redan valt ett lösenord.",
    "problem:account-inactive": "Kontot är inaktivt.",
    "problem:too-many-login-attempts": "För många försök.",
    "problem:offer-taken": "Någon annan hann före.", "problem:offer-closed": "Erbjudandet har stängts.",
    "problem:not-found": "Hittades inte.", "problem:csrf-rejected": "Ladda om sidan.",
    "problem:already-exists": "Detta finns redan.",
    "problem:opening-overlaps": "Överlappar en annan extra tid samma dag.",
  },
  en: {
    console: "Neuvo console", email: "E-mail", password: "Password", logIn: "Log in",
    logOut: "Log out", sections: "Sections", language: "Console language", loading: "Loading…",
    sessionEnded: "Your session has ended. Please log in again.", loggedOut: "You have logged out.",
    checkFailed: "Could not check your session: {error}", tryAgainIn: "Try again in {wait}.",
    seconds: "{n} seconds", minutes: "{n} minutes", aMoment: "a moment",
    error: "Error: {error}", yes: "yes", no: "no", none: "–", save: "Save", remove: "Remove",
    add: "Add", cancel: "Cancel", close: "Close", saved: "Saved.", openEnded: "open-ended",
    ch_video: "Video", ch_phone: "Phone", ch_in_person: "In person",
    st_confirmed: "confirmed", st_cancelled: "cancelled", st_completed: "completed", st_no_show: "no show",
    st_open: "open", st_accepted: "accepted", st_declined: "declined", st_expired: "expired",
    st_withdrawn: "withdrawn", st_taken: "taken", st_pending: "waiting", st_sent: "sent",
    st_failed: "failed", st_undeliverable: "undeliverable", st_sending: "sending",
    role_admin: "admin", role_advisor: "advisor", role_operator: "operator",
    role_interpreter: "interpreter", role_peer_counsellor: "peer counsellor", role_voice: "voice",
    "problem:slot-unavailable": "The time was taken meanwhile. The next free times are below.",
    "problem:invalid-input": "Check the marked fields.",
    "problem:local-time-nonexistent": "That time does not exist that night (summer time begins).",
    "problem:local-time-ambiguous": "That time happens twice that night (summer time ends).",
    "problem:invalid-value": "Not a valid value: {detail}",
    "problem:client-busy": "The client already has a session at that time.",
    "problem:booking-closed": "The session can no longer be changed.",
    "problem:booking-too-soon": "The session is too soon to change.",
    "problem:role-required": "You may not do this.",
    "problem:invalid-credentials": "The e-mail or password is wrong.",
    forgotPassword: "Forgot your password?",
    "problem:password-too-short": "The password is too short.",
    "problem:password-breached": "This password has leaked in data breaches. Choose another.",
    "problem:current-password-wrong": "The current password is wrong.",
    "problem:password-already-set": "They have set a password already.",
    "problem:account-inactive": "The account is not active.",
    "problem:too-many-login-attempts": "Too many attempts.",
    "problem:offer-taken": "Someone else was first.", "problem:offer-closed": "The offer has closed.",
    "problem:not-found": "Not found.", "problem:csrf-rejected": "Reload the page.",
    "problem:already-exists": "This exists already.",
    "problem:opening-overlaps": "Overlaps other extra hours on the same day.",
  },
};

/** Words asked for that no table had: the untranslated-string test reads this. */
/** @type {Set<string>} */
export const missing = new Set();
/** @type {any} */ (globalThis).__neuvoMissingStrings = missing;

/** @type {(text: string, params?: Record<string, unknown>) => string} */
const fill = (text, params) =>
  params ? text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole)) : text;

/**
 * t() for one tab: its own strings in `lang`, then the shared ones; a miss is recorded.
 * @param {string} lang
 * @param {import("./tabs.js").Strings} [strings]
 * @returns {import("./tabs.js").Translate}
 */
export function translator(lang, strings = {}) {
  return (key, params) => {
    const text = strings[lang]?.[key] ?? SHARED[lang]?.[key];
    if (text === undefined) {
      missing.add(`${lang}:${key}`);
      return fill(strings.en?.[key] ?? SHARED.en[key] ?? key, params);
    }
    return fill(text, params);
  };
}

/**
 * The console language: the account's choice, else the browser's, else Finnish.
 * @param {string | null | undefined} chosen
 * @returns {string}
 */
export function pickLanguage(chosen) {
  if (LANGUAGES.includes(chosen)) return chosen;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const code = String(tag).slice(0, 2).toLowerCase();
    if (LANGUAGES.includes(code)) return code;
  }
  return "fi";
}

/**
 * Dates and times in the staff member's zone. The options are the skeletons the server's
 * Babel uses: date "yMd", weekday "EEEE", day "MEd", time format_time(short): "H.mm" in all
 * three, as Babel's fi_FI, sv_FI and en_FI have it (a two-digit hour would show 09.05).
 * @param {string} lang
 * @param {string} timeZone
 */
export function formatter(lang, timeZone) {
  const locale = LOCALES[lang] ?? LOCALES.fi;
  /** @param {Intl.DateTimeFormatOptions} options */
  const make = (options) => new Intl.DateTimeFormat(locale, { timeZone, ...options });
  const date = make({ year: "numeric", month: "numeric", day: "numeric" });
  const weekday = make({ weekday: "long" });
  const time = make({ hour: "numeric", minute: "2-digit", hourCycle: "h23" });
  const day = make({ weekday: "short", day: "numeric", month: "numeric" });
  const isoDay = new Intl.DateTimeFormat("sv-SE", { timeZone }); // yyyy-mm-dd in the zone
  const wall = new Intl.DateTimeFormat(locale, { timeZone: "UTC", hour: "numeric", minute: "2-digit", hourCycle: "h23" });
  /** @type {(iso: string | Date) => Date} */
  const at = (iso) => (iso instanceof Date ? iso : new Date(iso));
  return {
    locale,
    timeZone,
    date: (iso) => date.format(at(iso)),
    time: (iso) => time.format(at(iso)),
    weekday: (iso) => weekday.format(at(iso)),
    dayShort: (iso) => day.format(at(iso)),
    dateTime: (iso) => `${weekday.format(at(iso))} ${date.format(at(iso))} ${time.format(at(iso))}`,
    isoDay: (iso) => isoDay.format(at(iso)),
    /** A wall-clock time ("09:00" of weekly hours) written as `time` writes one: 9.00. */
    /** @param {string} hm */
    clock: (hm) => {
      const [hour, minute] = String(hm).split(":").map(Number);
      return wall.format(new Date(Date.UTC(2024, 0, 1, hour, minute)));
    },
  };
}

/**
 * A problem's words in the console language: by its type, else the server's own detail.
 * @param {import("./tabs.js").Translate} t
 * @param {{ message: string, problem?: { type?: string, detail?: string } | null }} error
 * @returns {string}
 */
export function problemText(t, error) {
  const type = String(error.problem?.type ?? "").replace("/problems/", "");
  const key = type.endsWith("-not-found") ? "problem:not-found" : `problem:${type}`;
  const params = { detail: error.problem?.detail ?? error.message };
  const text = type && SHARED.en[key] ? t(key, params) : error.message;
  return text;
}
