// @ts-check
// "Call-back requests": the clients who tapped "call me" (on the client page, the booking
// link, or "0" in a reminder call) and those not reached at their phone session, the due ones
// first, each with its language, how long it has waited, and whether an advisor who speaks it
// or an interpreter is free now. One action calls (a tel: link); then book for the client here
// (the caller tab's booking form, with the number and language filled in: the booking closes
// the request in the same step), or record how it went: helped, or no answer (tried again
// later; the third no answer sends one SMS with our number).
// While shown, the queue refreshes itself (every REFRESH_MS and when the window regains
// focus), never while the operator works in one of its forms, and keeps the keyboard focus
// where it was; a request that was not there before is announced once (a polite status).
import { el } from "../dom.js";
import { bookingForm, references } from "./caller-book.js";
import callerStrings from "./caller-strings.js";
import { languageName } from "./names.js";

const TRIES = 3;
const REFRESH_MS = 20_000;

// Where a request came from, in the console's words: one line per source (the API's
// `source`); a new source adds its line here.
/** @type {Record<string, Record<string, string>>} */
const SOURCES = {
  client_page: { fi: "asiakassivulta", sv: "från klientsidan", en: "from the client page" },
  booking_link: { fi: "varauksen linkistä", sv: "från bokningens länk", en: "from the booking link" },
  reminder_call: { fi: "muistutuspuhelusta", sv: "från påminnelsesamtalet", en: "from the reminder call" },
  no_answer: { fi: "ei tavoitettu tapaamisessaan", sv: "nåddes inte vid sitt möte", en: "not reached at her session" },
  remind: { fi: "muistuta soittamalla", sv: "påminn genom att ringa", en: "remind by a person" },
  reminder_changed: { fi: "puhelun näppäilyä ei tehty: varaus oli muuttunut", sv: "knappvalet i samtalet utfördes inte: bokningen hade ändrats", en: "key on a call not applied: the booking had changed" },
};

/** @type {import("./tabs.js").Strings} */
const own = {
  fi: {
    title: "Soittopyynnöt", hint: "Asiakkaat, jotka pyysivät soittoa omalla kielellään. Soita ensin niille, joiden vuoro on nyt. Jos kukaan ei vastaa, yritä myöhemmin uudelleen; kolmannen vastaamattoman jälkeen asiakas saa tekstiviestin, jossa on numeromme.",
    refresh: "Päivitä", newOne: "Uusi soittopyyntö klo {time}: {languages}.", newMany: "{n} uutta soittopyyntöä klo {time}: {languages}.", empty: "Ei odottavia soittopyyntöjä.", language: "Kieli", waiting: "Odottanut", topic: "Aihe", session: "Tapaaminen",
    tries: "Yritykset", freeNow: "Vapaana nyt", number: "Numero", call: "Soita", bookTime: "Varaa aika", helped: "Autettu",
    noAnswer: "Ei vastannut", minutes: "{n} min", hours: "{h} h {m} min", triesOf: "{n}/{max}", nextTry: "{n}/{max}, seuraava yritys {time} jälkeen",
    ownFree: "kieltä puhuva neuvoja: kyllä", ownBusy: "kieltä puhuva neuvoja: ei", interpreterFree: "tulkki: kyllä", interpreterBusy: "tulkki: ei",
    closedHelped: "Merkitty autetuksi.", closedBooked: "Aika varattu; soittopyyntö on suljettu.", triedAgain: "Ei vastausta ({n}/{max}); yritä uudelleen {time} jälkeen.",
    gaveUp: "Ei vastausta kolmesti: asiakkaalle lähtee tekstiviesti, jossa on numeromme.", gaveUpNoSms: "Ei vastausta kolmesti. Organisaatiolla ei ole numeroa, joten tekstiviestiä ei lähetetty.",
    figures: "Viimeiset 30 päivää – soittopyyntöjä: {requests}, tavoitettu samana päivänä: {share}.", noFigures: "Viimeiset 30 päivää: ei soittopyyntöjä.",
    t_booking: "aika", t_work: "työ", t_housing: "asuminen", t_health: "terveys", t_school: "koulu tai päiväkoti", t_money: "raha", t_other: "muu", t_none: "ei kerrottu",
  },
  sv: {
    title: "Samtalsbegäranden", hint: "Klienter som bad om ett samtal på sitt eget språk. Ring först dem vars tur det är nu. Om ingen svarar, försök igen senare; efter det tredje obesvarade samtalet får klienten ett sms med vårt nummer.",
    refresh: "Uppdatera", newOne: "Ny samtalsbegäran kl. {time}: {languages}.", newMany: "{n} nya samtalsbegäranden kl. {time}: {languages}.", empty: "Inga väntande samtalsbegäranden.", language: "Språk", waiting: "Har väntat", topic: "Ämne", session: "Mötet",
    tries: "Försök", freeNow: "Ledig nu", number: "Nummer", call: "Ring", bookTime: "Boka tid", helped: "Hjälpt",
    noAnswer: "Svarade inte", minutes: "{n} min", hours: "{h} h {m} min", triesOf: "{n}/{max}", nextTry: "{n}/{max}, nästa försök efter {time}",
    ownFree: "rådgivare som talar språket: ja", ownBusy: "rådgivare som talar språket: nej", interpreterFree: "tolk: ja", interpreterBusy: "tolk: nej",
    closedHelped: "Markerad som hjälpt.", closedBooked: "Tiden är bokad; samtalsbegäran är stängd.", triedAgain: "Inget svar ({n}/{max}); försök igen efter {time}.",
    gaveUp: "Inget svar tre gånger: klienten får ett sms med vårt nummer.", gaveUpNoSms: "Inget svar tre gånger. Organisationen har inget nummer, så inget sms skickades.",
    figures: "Senaste 30 dagarna – samtalsbegäranden: {requests}, nådda samma dag: {share}.", noFigures: "Senaste 30 dagarna: inga samtalsbegäranden.",
    t_booking: "tid", t_work: "arbete", t_housing: "boende", t_health: "hälsa", t_school: "skola eller daghem", t_money: "pengar", t_other: "annat", t_none: "inte angivet",
  },
  en: {
    title: "Call-back requests", hint: "Clients who asked to be called in their own language. Call first those whose turn is now. If nobody answers, try again later; after the third unanswered call the client gets an SMS with our number.",
    refresh: "Refresh", newOne: "New call-back request at {time}: {languages}.", newMany: "{n} new call-back requests at {time}: {languages}.", empty: "No call-back requests waiting.", language: "Language", waiting: "Waited", topic: "Topic", session: "Session",
    tries: "Tries", freeNow: "Free now", number: "Number", call: "Call", bookTime: "Book a time", helped: "Helped",
    noAnswer: "No answer", minutes: "{n} min", hours: "{h} h {m} min", triesOf: "{n}/{max}", nextTry: "{n}/{max}, next try after {time}",
    ownFree: "advisor who speaks it: yes", ownBusy: "advisor who speaks it: no", interpreterFree: "interpreter: yes", interpreterBusy: "interpreter: no",
    closedHelped: "Marked as helped.", closedBooked: "Time booked; the request is closed.", triedAgain: "No answer ({n}/{max}); try again after {time}.",
    gaveUp: "No answer three times: the client gets an SMS with our number.", gaveUpNoSms: "No answer three times. The organisation has no number, so no SMS was sent.",
    figures: "Last 30 days – requests: {requests}, reached the same day: {share}.", noFigures: "Last 30 days: no requests.",
    t_booking: "appointment", t_work: "work", t_housing: "housing", t_health: "health", t_school: "school or day care", t_money: "money", t_other: "other", t_none: "not said",
  },
};

// The caller tab's words too: its booking form is drawn here.
/** @type {import("./tabs.js").Strings} */
const strings = Object.fromEntries(Object.entries(own).map(([lang, words]) => [lang, {
  ...callerStrings[lang], ...words,
  ...Object.fromEntries(Object.entries(SOURCES).map(([source, said]) => [`from_${source}`, said[lang]])),
}]));

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
    // Polite and apart from the list: a redrawn list is not read out, a new request is, once.
    const news = el("p", { role: "status", class: "news", "data-testid": "callbacks-news" });
    const list = el("div", { "data-testid": "callbacks" });
    panel.append(el("h2", { class: "visually-hidden" }, t("title")), el("p", { class: "hint" }, t("hint")), figures,
      el("div", { class: "toolbar" }, refresh), news, list);
    /** @type {Queue} */
    const queue = { list, figures, news, cards: new Map(), seen: null, running: Promise.resolve(), waiting: null, manual: false, last: null };
    // An action disables its button while it runs, and a disabled button drops the focus:
    // the last place in the list that had it is where it goes back to.
    list.addEventListener("focusin", (event) => { queue.last = /** @type {HTMLElement} */ (event.target); });
    /** @param {boolean} [manual] */
    const draw = (manual = false) => drawQueue(ctx, refs, queue, manual, () => draw());
    refresh.addEventListener("click", () => draw(true));
    await draw();
    keepCurrent(panel, list, () => draw());
    return () => draw();
  },
};

/**
 * Refresh while the panel is shown: every REFRESH_MS, and when the window or the page comes
 * back; never while the focus is in one of the queue's forms (the operator is booking or
 * reading out a link). Stops once the panel is gone (logged out, language changed).
 * @param {HTMLElement} panel @param {HTMLElement} list @param {() => Promise<void>} draw
 */
function keepCurrent(panel, list, draw) {
  const working = () => Boolean(document.activeElement?.closest("form") && list.contains(document.activeElement));
  const tick = () => {
    if (!panel.isConnected) return stop();
    if (panel.hidden || document.visibilityState === "hidden" || working()) return;
    draw();
  };
  const shown = () => { if (document.visibilityState === "visible") tick(); };
  const timer = setInterval(tick, REFRESH_MS);
  window.addEventListener("focus", tick);
  document.addEventListener("visibilitychange", shown);
  function stop() {
    clearInterval(timer);
    window.removeEventListener("focus", tick);
    document.removeEventListener("visibilitychange", shown);
  }
}

/**
 * @typedef {object} Queue what is on screen
 * @property {HTMLElement} list
 * @property {HTMLElement} figures
 * @property {HTMLElement} news
 * @property {Map<string, {item: HTMLElement, key: string}>} cards each request's card and what it was drawn from
 * @property {Set<string> | null} seen the requests shown so far (null before the first load)
 * @property {Promise<void>} running the refresh under way (or the last one)
 * @property {Promise<void> | null} waiting the one that follows it, not started yet
 * @property {boolean} manual whether that one is the Refresh button's
 * @property {HTMLElement | null} last what had the focus in the list last
 */

/** What a card shows, but for the minutes waited (updated in place): a change redraws it. */
const drawnFrom = (/** @type {any} */ request) => JSON.stringify({ ...request, waiting_minutes: 0 });

/** A card the operator works in: an open booking form, or a booking made (its link and code). */
const held = (/** @type {HTMLElement} */ item) => Boolean(item.dataset.closed || item.querySelector("form"));

/**
 * One refresh at a time: asked for while one runs, the next follows it (and those asked for
 * meanwhile join that next one), so an action's redraw never loses to an older answer.
 * @param {import("./tabs.js").Context} ctx
 * @param {any} refs
 * @param {Queue} queue
 * @param {boolean} manual
 * @param {() => Promise<void>} redraw
 */
function drawQueue(ctx, refs, queue, manual, redraw) {
  queue.manual ||= manual;
  if (queue.waiting) return queue.waiting;
  const next = queue.running.then(() => {
    queue.waiting = null;
    const asked = queue.manual;
    queue.manual = false;
    return update(ctx, refs, queue, asked, redraw);
  });
  queue.waiting = next;
  queue.running = next.catch(() => {}); // a refresh that failed does not stop the next ones
  return next;
}

/**
 * Bring the list up to date, card by card: an unchanged card and one being worked in stay as
 * they are; the focus stays where it was (or on the same action of the redrawn card). A card
 * worked in whose request has left the queue stays until `manual` (the Refresh button).
 * @param {import("./tabs.js").Context} ctx
 * @param {any} refs
 * @param {Queue} queue
 * @param {boolean} manual
 * @param {() => Promise<void>} redraw
 */
async function update(ctx, refs, queue, manual, redraw) {
  const { api, t, report } = ctx;
  let found;
  try {
    [found] = await Promise.all([api("GET", "/api/v1/callbacks"), drawFigures(ctx, queue.figures)]);
  } catch (error) {
    report(error);
    return;
  }
  announce(ctx, queue, found);
  const focus = whereFocus(queue.list, queue.last);
  const before = [...queue.cards.entries()];
  const cards = new Map();
  for (const request of found) {
    const key = drawnFrom(request);
    const was = queue.cards.get(request.id);
    if (was && (was.key === key || held(was.item))) {
      const waitedFor = was.item.querySelector('[data-testid="callback-waiting"]');
      if (waitedFor && !was.item.dataset.closed) waitedFor.textContent = waitedLine(t, request);
      cards.set(request.id, was);
    } else cards.set(request.id, { item: card(ctx, refs, request, redraw), key });
  }
  const shown = [...cards.values()].map((entry) => entry.item);
  before.forEach(([id, entry], index) => { // kept where it was among the others
    if (cards.has(id) || manual || !held(entry.item)) return;
    cards.set(id, entry);
    shown.splice(Math.min(index, shown.length), 0, entry.item);
  });
  queue.cards = cards;
  place(queue.list, shown.length ? shown : [el("p", { "data-testid": "callbacks-empty" }, t("empty"))]);
  focus();
}

/**
 * Put `wanted` in `list` in order, moving only what is out of place.
 * @param {HTMLElement} list @param {HTMLElement[]} wanted
 */
function place(list, wanted) {
  wanted.forEach((node, index) => { if (list.children[index] !== node) list.insertBefore(node, list.children[index] ?? null); });
  while (list.children.length > wanted.length) list.lastElementChild?.remove();
}

/**
 * Where the focus is in the list now, and a function that puts it back after a redraw: on the
 * same element if it stayed, else on the same action of the request's new card, else on the
 * card that took the place of one that left. Focus dropped on the body by disabling `last`
 * (an action under way) counts as `last`'s; dropped by a click elsewhere, it is left alone.
 * @param {HTMLElement} list @param {HTMLElement | null} last
 */
function whereFocus(list, last) {
  const dropped = !document.activeElement || document.activeElement === document.body;
  const active = dropped && last?.matches(":disabled") ? last : document.activeElement;
  if (!(active instanceof HTMLElement) || !list.contains(active)) return () => {};
  const item = /** @type {HTMLElement | null} */ (active.closest("[data-callback]"));
  const id = item?.dataset.callback;
  const action = active.dataset.testid;
  const index = item ? [...list.children].indexOf(item) : -1;
  return () => {
    if (active.isConnected && list.contains(active)) {
      if (document.activeElement !== active) active.focus({ preventScroll: true });
      return;
    }
    const again = /** @type {HTMLElement | null} */ (id && action ? list.querySelector(`[data-callback="${id}"] [data-testid="${action}"]`) : null);
    const next = /** @type {HTMLElement | null} */ (list.children[Math.max(0, Math.min(index, list.children.length - 1))]);
    const target = again ?? next?.querySelector("button:not([disabled]), a[href]") ?? list.closest("[role=tabpanel]");
    /** @type {HTMLElement | null} */ (target)?.focus({ preventScroll: true });
  };
}

/**
 * Say, once, which requests are new since the last look (none on the first load).
 * @param {import("./tabs.js").Context} ctx @param {Queue} queue @param {any[]} found
 */
function announce({ t, lang, fmt }, queue, found) {
  const fresh = queue.seen ? found.filter((request) => !queue.seen?.has(request.id)) : [];
  queue.seen = new Set([...(queue.seen ?? []), ...found.map((request) => request.id)]);
  if (!fresh.length) return;
  const languages = [...new Set(fresh.map((request) => languageName(request.language, lang)))].join(", ");
  const time = fmt.time(new Date().toISOString());
  queue.news.textContent = fresh.length === 1 ? t("newOne", { time, languages }) : t("newMany", { n: fresh.length, time, languages });
}

/** @param {import("./tabs.js").Translate} t @param {any} request */
const waitedLine = (t, request) => `${waited(t, request.waiting_minutes)} · ${t(`from_${request.source}`)}`;

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
      el("dt", {}, t("waiting")), el("dd", { "data-testid": "callback-waiting" }, waitedLine(t, request)),
      el("dt", {}, t("topic")), el("dd", {}, t(`t_${request.topic ?? "none"}`)),
      // What a reminder or a call about a session says: when it is, and how.
      ...(request.session_starts_at ? [el("dt", {}, t("session")), el("dd", { "data-testid": "callback-session" },
        `${fmt.dateTime(request.session_starts_at)} · ${t(`ch_${request.session_channel}`)}`)] : []),
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
    const target = { ...(known.length ? { client: known[0] } : {}), phone: request.phone, callbackRequestId: request.id, channel: "phone" };
    const form = bookingForm(ctx, refs, target, async () => {
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
