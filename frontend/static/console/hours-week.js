// @ts-check
// The week as clients will see it: the free slots a search gives for this person (the slot
// search with staff_id), one column a day.
import { addDays, monday } from "../days.js";
import { el } from "../dom.js";
import { field, select } from "./widgets.js";
import { serviceName } from "./names.js";

/** The week and service each person's view shows, kept while the tab redraws after a change. */
const chosen = new Map();

/**
 * A week of `person`'s free times in `area`, for one service, a week at a time.
 * @param {import("./tabs.js").Context} ctx
 * @param {HTMLElement} area
 * @param {{ id: string, roles: string[], organisation_id: string, languages?: { language: string }[], [more: string]: any }} person
 * @param {string} lang
 */
export async function weekView(ctx, area, person, lang) {
  const { api, t, fmt, get } = ctx;
  const [services, organisations, municipalities] = await Promise.all([
    get("/api/v1/services"), get("/api/v1/organisations"), get("/api/v1/municipalities"),
  ]);
  const peer = person.roles.includes("peer_counsellor");
  const usable = services.filter((s) => s.active && s.organisation_id === person.organisation_id && s.peer_guidance === peer);
  const service = select("service", usable.map((s) => [s.id, serviceName(s, lang)]), { "data-testid": "week-service" });
  const org = organisations.find((o) => o.id === person.organisation_id);
  const municipality = org?.municipality_code ?? municipalities[0]?.code;
  const language = person.languages?.[0]?.language ?? "fi";
  const kept = chosen.get(person.id) ?? { start: monday(fmt.isoDay(new Date())), service: "" };
  chosen.set(person.id, kept);
  if (usable.some((s) => s.id === kept.service)) service.value = kept.service;
  let start = kept.start;
  const grid = el("div", { class: "week", "data-testid": "week" });
  const heading = el("h2", { id: "week-heading" }, t("week"));
  const caption = el("p", { "aria-live": "polite" });
  const go = (n) => { start = kept.start = addDays(start, n); load(); };
  area.replaceChildren(heading, field("week-service", t("service"), service),
    el("div", { class: "toolbar" },
      el("button", { type: "button", onclick: () => go(-7) }, t("previousWeek")), caption,
      el("button", { type: "button", onclick: () => go(7) }, t("nextWeek"))), grid);
  service.addEventListener("change", () => { kept.service = service.value; load(); });

  async function load() {
    caption.textContent = t("weekOf", { date: fmt.date(`${start}T12:00:00Z`) });
    let slots = [];
    if (service.value && municipality) {
      const query = new URLSearchParams({ service_id: service.value, municipality, language, channel: "video",
        from: start, to: addDays(start, 6), staff_id: person.id });
      slots = (await api("GET", `/api/v1/slots?${query}`).catch(() => ({ slots: [] }))).slots;
    }
    grid.replaceChildren(...[0, 1, 2, 3, 4, 5, 6].map((n) => {
      const day = addDays(start, n);
      const times = slots.filter((s) => fmt.isoDay(s.starts_at) === day);
      return el("div", { class: "week-day", "data-day": day },
        el("h3", {}, fmt.dayShort(`${day}T12:00:00Z`)),
        times.length ? el("ul", {}, times.map((s) => el("li", { "data-testid": "week-slot", "data-starts": s.starts_at }, fmt.time(s.starts_at))))
          : el("p", { class: "hint" }, t("noSlots")));
    }));
  }
  await load();
}
