// @ts-check
// Booking for a caller: language, service, channel and home municipality, the earliest slots of
// the joint search, and booking (or moving) in one action. A slot taken meanwhile (409) shows
// the next free ones at once, with the reason.
import { el } from "../dom.js";
import { field, select, setFieldError } from "./widgets.js";
import { problemText } from "./i18n.js";
import { languageName, placeName, serviceName } from "./names.js";

const SEARCH_DAYS = 21;
const SHOWN = 6;

/**
 * The reference data the caller tab needs, fetched once per console.
 * @param {import("./tabs.js").Context["get"]} get
 */
export async function references(get) {
  const [languages, services, municipalities, organisations] = await Promise.all([
    get("/api/v1/languages"), get("/api/v1/services"), get("/api/v1/municipalities"), get("/api/v1/organisations"),
  ]);
  return { languages, services: services.filter((s) => s.active), municipalities, organisations };
}

/** Free slots for a booking's terms, from today (the organisation's zone decides the days). */
export async function searchSlots({ api, fmt }, { serviceId, municipality, language, channel }) {
  const today = new Date(`${fmt.isoDay(new Date())}T12:00:00Z`);
  const last = new Date(today);
  last.setUTCDate(last.getUTCDate() + SEARCH_DAYS);
  const query = new URLSearchParams({
    service_id: serviceId, municipality, language, channel,
    from: today.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10),
  });
  return (await api("GET", `/api/v1/slots?${query}`)).slots;
}

/** A list of slot buttons; `pick(slot, button)` runs when one is chosen. */
export function slotList({ t, fmt }, slots, label, pick) {
  if (!slots.length) return el("p", { "data-testid": "no-slots" }, t("noTimes", { days: SEARCH_DAYS }));
  return el("ul", { class: "slots", "data-testid": "slots" }, slots.slice(0, SHOWN).map((slot) => {
    const when = fmt.dateTime(slot.starts_at);
    const how = slot.own_language === undefined ? "" : slot.own_language ? t("own") : t("withInterpreter");
    const button = el("button", { type: "button", class: "slot", "data-testid": "slot", "data-starts": slot.starts_at },
      el("span", {}, t(label, { time: when })), how ? el("small", {}, how) : null);
    button.addEventListener("click", () => pick(slot, button));
    return el("li", {}, button);
  }));
}

/**
 * What to do with a 409 SlotUnavailable: the reason and the next slots, focused.
 * @param {import("./tabs.js").Context} ctx
 * @param {HTMLElement} area
 * @param {import("../http.js").ApiError} error
 * @param {string} label
 * @param {(slot: any, button: HTMLButtonElement) => void} pick
 */
export function showTaken(ctx, area, error, label, pick) {
  const next = error.problem?.next_slots ?? [];
  area.replaceChildren(
    el("p", { class: "error", role: "alert", "data-testid": "slot-taken" }, problemText(ctx.t, error)),
    slotList(ctx, next, label, pick));
  area.querySelector("button")?.focus();
}

/**
 * The booking form for a caller: `target` = {client, phone, callbackRequestId?, channel?} (the
 * call-back request the booking answers, closed with it; the way chosen first where the service
 * has it); `done(created)` after booking.
 */
export function bookingForm(ctx, refs, target, done) {
  const { api, t, lang, fmt, notify, report, me } = ctx;
  const client = target.client;
  const ownOrg = refs.organisations.find((org) => org.id === me.organisation_id);
  const byName = (a, b) => a[1].localeCompare(b[1], lang);
  // A new caller's language starts empty: the operator asks, never a default taken for an answer.
  const language = select("language", [["", t("chooseLanguage")],
    ...refs.languages.map((l) => [l.code, `${languageName(l.code, lang)} – ${l.endonym}`]).sort(byName)],
  { "data-testid": "book-language", required: true });
  language.value = client?.preferred_language ?? "";
  // The organisation's own services first; another's carries its organisation's name.
  const orgName = new Map(refs.organisations.map((org) => [org.id, org.name]));
  const ordered = [...refs.services].sort((a, b) => Number(b.organisation_id === me.organisation_id) - Number(a.organisation_id === me.organisation_id));
  const service = select("service", ordered.map((s) => [s.id,
    s.organisation_id === me.organisation_id ? serviceName(s, lang) : `${serviceName(s, lang)} (${orgName.get(s.organisation_id) ?? ""})`]),
  { "data-testid": "book-service" });
  const channel = select("channel", [], { "data-testid": "book-channel" });
  const municipality = select("municipality", refs.municipalities.map((m) => [m.code, placeName(m, lang)]).sort(byName),
    { "data-testid": "book-municipality" });
  municipality.value = client?.home_municipality_code ?? ownOrg?.municipality_code ?? refs.municipalities[0]?.code;
  const channels = () => {
    const chosen = refs.services.find((s) => s.id === service.value);
    const before = channel.value;
    channel.replaceChildren(...(chosen?.channels ?? []).map((c) => el("option", { value: c }, t(`ch_${c}`))));
    const wanted = before || target.channel; // a call-back's client is reached by phone first
    if ([...channel.options].some((o) => o.value === wanted)) channel.value = wanted;
  };
  service.addEventListener("change", channels);
  channels();
  const area = el("div", { class: "slot-area", "aria-live": "polite" });
  const form = el("form", { class: "stack booking", "data-testid": "booking-form", novalidate: true },
    el("h3", {}, client ? t("bookFor") : t("newClient")),
    el("div", { class: "row2" },
      field("book-language", t("language"), language), field("book-service", t("service"), service),
      field("book-channel", t("channel"), channel), field("book-municipality", t("municipality"), municipality)),
    el("button", { type: "submit", class: "primary", "data-testid": "find-slots" }, t("findTimes")), area);
  const terms = () => ({ serviceId: service.value, municipality: municipality.value, language: language.value, channel: channel.value });

  // One confirmation, showing what will be booked, before anything is booked.
  const book = (slot) => {
    const chosen = refs.services.find((s) => s.id === service.value);
    const terms = [
      [t("service"), chosen ? serviceName(chosen, lang) : ""],
      [t("day"), fmt.weekday(slot.starts_at) + " " + fmt.date(slot.starts_at)],
      [t("time"), fmt.time(slot.starts_at)],
      [t("channel"), t(`ch_${channel.value}`)],
      [t("language"), languageName(language.value, lang)],
      [t("interpreter"), slot.own_language === false ? t("interpreterYes") : t("interpreterNo")],
    ];
    const sure = el("button", { type: "button", class: "primary", "data-testid": "confirm-book" }, t("confirmBook"));
    const back = el("button", { type: "button", "data-testid": "confirm-back" }, t("backToTimes"));
    const heading = el("h4", { tabindex: "-1" }, t("confirmTitle"));
    area.replaceChildren(el("div", { class: "confirm-booking", "data-testid": "confirm-booking" }, heading,
      el("dl", {}, terms.flatMap(([term, value]) => [el("dt", {}, term), el("dd", {}, value)])),
      el("div", { class: "toolbar" }, sure, back)));
    back.addEventListener("click", () => form.requestSubmit());
    sure.addEventListener("click", () => place(slot, sure));
    sure.focus();
  };
  const place = async (slot, button) => {
    button.disabled = true;
    const who = client ? { client_id: client.id }
      : { client: { preferred_language: language.value, phone: target.phone, home_municipality_code: municipality.value } };
    // Booked from a call-back request: the same step closes it (or, closed meanwhile, books nothing).
    const answers = target.callbackRequestId ? { callback_request_id: target.callbackRequestId } : {};
    const body = { slot: slot.slot, ...who, ...answers };
    try {
      const created = await api("POST", "/api/v1/bookings", body, { "Idempotency-Key": crypto.randomUUID() });
      notify(t("booked", { time: fmt.dateTime(created.booking.starts_at) }));
      area.replaceChildren(linkBox(ctx, created.client_link, t("booked", { time: fmt.dateTime(created.booking.starts_at) }), created.short_code));
      area.querySelector("input")?.focus();
      await done(created);
    } catch (error) {
      button.disabled = false;
      if (error.status === 409 && error.problem?.next_slots) showTaken(ctx, area, error, "book", book);
      else report(error);
    }
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    area.replaceChildren();
    setFieldError(language, language.value ? "" : t("needLanguage"));
    if (!language.value) {
      language.focus();
      return;
    }
    try {
      const slots = await searchSlots(ctx, terms());
      area.replaceChildren(el("h4", {}, t("earliest")), slotList(ctx, slots, "book", book));
      area.querySelector("button")?.focus();
    } catch (error) {
      report(error);
    }
  });
  return form;
}

/**
 * The client's link with a copy button (the confirmation SMS carries it too), and the short
 * code to read out over the phone.
 * @param {Pick<import("./tabs.js").Context, "t" | "notify">} ctx
 * @param {string} link
 * @param {string} [heading]
 * @param {string | null} [code]
 */
export function linkBox({ t, notify }, link, heading, code) {
  const input = el("input", { type: "text", readonly: true, value: link, id: `link-${crypto.randomUUID()}`, "data-testid": "client-link" });
  const copy = el("button", { type: "button", "data-testid": "copy-link" }, t("copy"));
  copy.addEventListener("click", async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(link);
    } catch {
      document.execCommand?.("copy"); // an insecure origin has no clipboard API
    }
    notify(t("copied"));
  });
  return el("div", { class: "link-box", "data-testid": "booked" },
    heading ? el("p", { class: "ok" }, heading) : null,
    code ? el("p", { class: "short-code" }, el("span", {}, `${t("shortCode")}: `),
      el("strong", { "data-testid": "short-code", dir: "ltr" }, code)) : null,
    code ? el("p", { class: "hint" }, `${t("shortCodeHint")} `,
      el("span", { translate: "no", dir: "ltr" }, `${location.origin}/code`)) : null,
    el("label", { for: input.id }, t("link")), el("div", { class: "toolbar" }, input, copy),
    el("p", { class: "hint" }, t("linkSent")));
}
