// @ts-check
// "Call-back requests": the clients who tapped "call me" (on the client page, the booking
// link, or "0" in a reminder call), the due ones first, each with its language, how long it
// has waited, and whether an advisor who speaks it or an interpreter is free now. One action
// calls (a tel: link); then book for the client here (the caller tab's booking form, with the
// number and language filled in: the booking closes the request), or record how it went:
// helped, or no answer (tried again later; the third no answer sends one SMS with our number).
import { el } from "../dom.js";
import { bookingForm, references } from "./caller-book.js";
import callerStrings from "./caller-strings.js";
import { languageName } from "./names.js";

const TRIES = 3;

/** @type {import("./tabs.js").Strings} */
const own = {
  fi: {
    title: "Soittopyynnöt", hint: "Asiakkaat, jotka pyysivät soittoa omalla kielellään. Soita ensin niille, joiden vuoro on nyt. Jos kukaan ei vastaa, yritä myöhemmin uudelleen; kolmannen vastaamattoman jälkeen asiakas saa tekstiviestin, jossa on numeromme.",
    refresh: "Päivitä", empty: "Ei odottavia soittopyyntöjä.", language: "Kieli", waiting: "Odottanut", topic: "Aihe",
    tries: "Yritykset", freeNow: "Vapaana nyt", number: "Numero", call: "Soita", bookTime: "Varaa aika", helped: "Autettu",
    noAnswer: "Ei vastannut", minutes: "{n} min", hours: "{h} h {m} min", triesOf: "{n}/{max}", nextTry: "{n}/{max}, seuraava yritys {time} jälkeen",
    ownFree: "kieltä puhuva neuvoja: kyllä", ownBusy: "kieltä puhuva neuvoja: ei", interpreterFree: "tulkki: kyllä", interpreterBusy: "tulkki: ei",
    closedHelped: "Merkitty autetuksi.", closedBooked: "Aika varattu; soittopyyntö on suljettu.", triedAgain: "Ei vastausta ({n}/{max}); yritä uudelleen {time} jälkeen.",
    gaveUp: "Ei vastausta kolmesti: asiakkaalle lähtee tekstiviesti, jossa on numeromme.", gaveUpNoSms: "Ei vastausta kolmesti. Organisaatiolla ei ole numeroa, joten tekstiviestiä ei lähetetty.",
    figures: "Viimeiset 30 päivää – soittopyyntöjä: {requests}, tavoitettu samana päivänä: {share}.", noFigures: "Viimeiset 30 päivää: ei soittopyyntöjä.",
    from_client_page: "asiakassivulta", from_booking_link: "varauksen linkistä", from_reminder_call: "muistutuspuhelusta", from_no_answer: "tavoittamaton asiakas",
    from_remind: "muistuta soittamalla", from_reminder_changed: "puhelun näppäilyä ei tehty: varaus oli muuttunut",
    t_booking: "aika", t_work: "työ", t_housing: "asuminen", t_health: "terveys", t_school: "koulu tai päiväkoti", t_money: "raha", t_other: "muu", t_none: "ei kerrottu",
  },
  sv: {
    title: "Samtalsbegäranden", hint: "Klienter som bad om ett samtal på sitt eget språk. Ring först dem vars tur det är nu. Om ingen svarar, försök igen senare; efter det tredje obesvarade samtalet får klienten ett sms med vårt nummer.",
    refresh: "Uppdatera", empty: "Inga väntande samtalsbegäranden.", language: "Språk", waiting: "Har väntat", topic: "Ämne",
    tries: "Försök", freeNow: "Ledig nu", number: "Nummer", call: "Ring", bookTime: "Boka tid", helped: "Hjälpt",
    noAnswer: "Svarade inte", minutes: "{n} min", hours: "{h} h {m} min", triesOf: "{n}/{max}", nextTry: "{n}/{max}, nästa försök efter {time}",
    ownFree: "rådgivare som talar språket: ja", ownBusy: "rådgivare som talar språket: nej", interpreterFree: "tolk: ja", interpreterBusy: "tolk: nej",
    closedHelped: "Markerad som hjälpt.", closedBooked: "Tiden är bokad; samtalsbegäran är stängd.", triedAgain: "Inget svar ({n}/{max}); försök igen efter {time}.",
    gaveUp: "Inget svar tre gånger: klienten får ett sms med vårt nummer.", gaveUpNoSms: "Inget svar tre gånger. Organisationen har inget nummer, så inget sms skickades.",
    figures: "Senaste 30 dagarna – samtalsbegäranden: {requests}, nådda samma dag: {share}.", noFigures: "Senaste 30 dagarna: inga samtalsbegäranden.",
    from_client_page: "från klientsidan", from_booking_link: "från bokningens länk", from_reminder_call: "från påminnelsesamtalet", from_no_answer: "klient som inte nåddes",
    from_remind: "påminn genom att ringa", from_reminder_changed: "knappvalet i samtalet utfördes inte: bokningen hade ändrats",
    t_booking: "tid", t_work: "arbete", t_housing: "boende", t_health: "hälsa", t_school: "skola eller daghem", t_money: "pengar", t_other: "annat", t_none: "inte angivet",
  },
  en: {
    title: "Call-back requests", hint: "Clients who asked to be called in their own language. Call first those whose turn is now. If nobody answers, try again later; after the third unanswered call the client gets an SMS with our number.",
    refresh: "Refresh", empty: "No call-back requests waiting.", language: "Language", waiting: "Waited", topic: "Topic",
    tries: "Tries", freeNow: "Free now", number: "Number", call: "Call", bookTime: "Book a time", helped: "Helped",
    noAnswer: "No answer", minutes: "{n} min", hours: "{h} h {m} min", triesOf: "{n}/{max}", nextTry: "{n}/{max}, next try after {time}",
    ownFree: "advisor who speaks it: yes", ownBusy: "advisor who speaks it: no", interpreterFree: "interpreter: yes", interpreterBusy: "interpreter: no",
    closedHelped: "Marked as helped.", closedBooked: "Time booked; the request is closed.", triedAgain: "No answer ({n}/{max}); try again after {time}.",
    gaveUp: "No answer three times: the client gets an SMS with our number.", gaveUpNoSms: "No answer three times. The organisation has no number, so no SMS was sent.",
    figures: "Last 30 days – requests: {requests}, reached the same day: {share}.", noFigures: "Last 30 days: no requests.",
    from_client_page: "from the client page", from_booking_link: "from the booking link", from_reminder_call: "from the reminder call", from_no_answer: "client not reached",
    from_remind: "remind by a person", from_reminder_changed: "key on a call not applied: the booking had changed",
    t_booking: "appointment", t_work: "work", t_housing: "housing", t_health: "health", t_school: "school or day care", t_money: "money", t_other: "other", t_none: "not said",
  },
};

// The caller tab's words too: its booking form is drawn here.
/** @type {import("./tabs.js").Strings} */
const strings = Object.fromEntries(Object.entries(own).map(([lang, words]) => [lang, { ...callerStrings[lang], ...words }]));

// Requests Neuvo opened itself for a person to act on: their source is shown as a label.
const BY_PERSON = ["remind", "reminder_changed"];

/** @param {import("./tabs.js").Translate} t @param {number} minutes */
const waited = (t, minutes) => (minutes < 60 ? t("minutes", { n: minutes }) : t("hours", { h: Math.floor(minutes / 60), m: minutes % 60 }));

/** @type {import("./tabs.js").Tab} */
export default {
  id: "callbacks",
  roles: ["operator", "advisor", "admin"],
  strings,
  async render(panel, ctx) {
    const { t } = ctx;
    const refs = await references(ctx.get);
    const figures = el("p", { class: "hint", "data-testid": "callbacks-figures" });
    const refresh = el("button", { type: "button", "data-testid": "callbacks-refresh" }, t("refresh"));
    const list = el("div", { "data-testid": "callbacks", "aria-live": "polite" });
    panel.append(el("h2", { class: "visually-hidden" }, t("title")), el("p", { class: "hint" }, t("hint")), figures,
      el("div", { class: "toolbar" }, refresh), list);
    const draw = () => drawQueue(ctx, refs, list, figures, draw);
    refresh.addEventListener("click", draw);
    await draw();
  },
};

/**
 * @param {import("./tabs.js").Context} ctx
 * @param {any} refs
 * @param {HTMLElement} list
 * @param {HTMLElement} figures
 * @param {() => Promise<void>} redraw
 */
async function drawQueue(ctx, refs, list, figures, redraw) {
  const { api, t, report } = ctx;
  let found;
  try {
    [found] = await Promise.all([api("GET", "/api/v1/callbacks"), drawFigures(ctx, figures)]);
  } catch (error) {
    report(error);
    return;
  }
  list.replaceChildren(...(found.length ? found.map((/** @type {any} */ request) => card(ctx, refs, request, redraw)) : [el("p", {}, t("empty"))]));
}

/** @param {import("./tabs.js").Context} ctx @param {HTMLElement} area */
async function drawFigures({ api, t }, area) {
  const found = await api("GET", "/api/v1/callbacks/figures").catch(() => null);
  if (!found) return area.replaceChildren();
  const share = found.same_day_share === null ? "–" : `${Math.round(found.same_day_share * 100)} %`;
  area.textContent = found.requests ? t("figures", { requests: found.requests, share }) : t("noFigures");
}

/**
 * One request: what is known, the number to call, and what can be done.
 * @param {import("./tabs.js").Context} ctx
 * @param {any} refs
 * @param {any} request
 * @param {() => Promise<void>} redraw
 */
function card(ctx, refs, request, redraw) {
  const { api, t, lang, fmt, notify, report } = ctx;
  const tries = request.due ? t("triesOf", { n: request.attempts, max: TRIES })
    : t("nextTry", { n: request.attempts, max: TRIES, time: (BY_PERSON.includes(request.source) ? fmt.dateTime : fmt.time)(request.next_attempt_at) });
  const free = [request.own_language_free ? t("ownFree") : t("ownBusy"), request.interpreter_free ? t("interpreterFree") : t("interpreterBusy")].join(" · ");
  const call = el("a", { class: "call-now", href: `tel:${request.phone}`, "data-testid": "callback-call" }, `${t("call")} ${request.phone_label}`);
  const book = el("button", { type: "button", "data-testid": "callback-book" }, t("bookTime"));
  const helped = el("button", { type: "button", "data-testid": "callback-helped" }, t("helped"));
  const none = el("button", { type: "button", "data-testid": "callback-no-answer" }, t("noAnswer"));
  const below = el("div", { class: "slot-area" });
  const item = el("article", { class: "card", "data-testid": "callback", "data-callback": request.id, "data-language": request.language, "data-due": String(request.due) },
    el("h3", {}, `${languageName(request.language, lang)} (${request.language})`,
      ...(BY_PERSON.includes(request.source) ? [" ", el("span", { class: "source-label", "data-testid": "callback-source" }, t(`from_${request.source}`))] : [])),
    el("dl", {},
      el("dt", {}, t("waiting")), el("dd", { "data-testid": "callback-waiting" }, `${waited(t, request.waiting_minutes)} · ${t(`from_${request.source}`)}`),
      el("dt", {}, t("topic")), el("dd", {}, t(`t_${request.topic ?? "none"}`)),
      el("dt", {}, t("tries")), el("dd", { "data-testid": "callback-tries" }, tries),
      el("dt", {}, t("freeNow")), el("dd", { "data-testid": "callback-free" }, free),
      el("dt", {}, t("number")), el("dd", { dir: "ltr", translate: "no" }, request.phone_label)),
    el("div", { class: "toolbar" }, call, book, helped, none), below);
  /** @param {"helped" | "no_answer"} outcome @param {HTMLButtonElement} button */
  const record = async (outcome, button) => {
    button.disabled = true;
    try {
      const done = await api("POST", `/api/v1/callbacks/${request.id}/attempts`, { outcome });
      if (outcome === "helped") notify(t("closedHelped"));
      else if (done.status === "gave_up") notify(done.sms_sent ? t("gaveUp") : t("gaveUpNoSms"));
      else notify(t("triedAgain", { n: done.attempts, max: TRIES, time: fmt.time(done.next_attempt_at) }));
      await redraw();
    } catch (error) {
      button.disabled = false;
      report(error);
    }
  };
  helped.addEventListener("click", () => record("helped", helped));
  none.addEventListener("click", () => record("no_answer", none));
  book.addEventListener("click", async () => {
    // The caller tab's booking, for this number and language; booking closes the request. A
    // client recorded at the number (whom the organisation may see) is booked as herself.
    const known = await api("GET", `/api/v1/clients?phone=${encodeURIComponent(request.phone)}`).catch(() => []);
    const target = known.length ? { client: known[0], phone: request.phone } : { phone: request.phone };
    const form = bookingForm(ctx, refs, target, async (created) => {
      await api("POST", `/api/v1/callbacks/${request.id}/booked`, { booking_id: created.booking.id }).catch(report);
      notify(t("closedBooked"));
      item.dataset.closed = "booked"; // kept on screen: the link and code may be read out yet
      for (const done of [book, helped, none]) done.disabled = true;
      call.remove();
    });
    const language = /** @type {HTMLSelectElement} */ (form.querySelector('[data-testid="book-language"]'));
    language.value = request.language;
    const service = /** @type {HTMLSelectElement | null} */ (form.querySelector('[data-testid="book-service"]'));
    if (service && request.service_id && [...service.options].some((o) => o.value === request.service_id)) {
      service.value = request.service_id;
      service.dispatchEvent(new Event("change"));
    }
    below.replaceChildren(form);
    language.focus();
  });
  return item;
}
