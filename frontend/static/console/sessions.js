// @ts-check
// The day: a staff member's sessions on a date (today first), the way into their rooms, and
// marking a session that has started completed or no-show. A session held by phone says whom
// to call and records the calls (session-phone.js).
import { el } from "../dom.js";
import { refocus, row, table } from "./widgets.js";
import { languageName } from "./names.js";
import { phoneCell, phoneStrings } from "./session-phone.js";
import { joining } from "./session-join.js";

const own = {
  fi: { title: "Päivä", hint: "Päivän tapaamisesi. ”Liity” avaa tapaamisen huoneen uuteen välilehteen: päästät asiakkaan odotushuoneesta ja voit siirtää takkuavan videotapaamisen puhelimeen.", day: "Päivä", previous: "Edellinen päivä", next: "Seuraava päivä", today: "Tänään", when: "Aika", language: "Kieli", way: "Tapa", interpreter: "Tulkki", status: "Tila", room: "Huone", join: "Liity", completed: "Pidetty", noShow: "Ei saapunut", empty: "Ei tapaamisia tänä päivänä.", missing: "tulkki puuttuu", hasInterpreter: "tulkki tulossa", notNeeded: "ei tarvita", toPhone: "siirretty puhelimeen", noShowHint: "asiakas ei ole liittynyt: ei saapunut?", marked: "Merkitty: {status}." },
  sv: { title: "Dagen", hint: "Dina möten för dagen. ”Anslut” öppnar mötets rum i en ny flik: du släpper in klienten från väntrummet och kan flytta ett videomöte som krånglar till telefon.", day: "Dag", previous: "Föregående dag", next: "Nästa dag", today: "I dag", when: "Tid", language: "Språk", way: "Sätt", interpreter: "Tolk", status: "Status", room: "Rum", join: "Anslut", completed: "Genomförd", noShow: "Uteblev", empty: "Inga möten den här dagen.", missing: "tolk saknas", hasInterpreter: "tolk kommer", notNeeded: "behövs inte", toPhone: "flyttat till telefon", noShowHint: "klienten har inte anslutit: uteblev?", marked: "Markerat: {status}." },
  en: { title: "The day", hint: "Your sessions of the day. “Join” opens the session's room in a new tab: you admit the client from its waiting room, and can switch a failing video session to the phone.", day: "Day", previous: "Previous day", next: "Next day", today: "Today", when: "When", language: "Language", way: "Way", interpreter: "Interpreter", status: "Status", room: "Room", join: "Join", completed: "Completed", noShow: "No-show", empty: "No sessions on this day.", missing: "interpreter missing", hasInterpreter: "interpreter coming", notNeeded: "not needed", toPhone: "moved to phone", noShowHint: "client has not joined: no-show?", marked: "Marked: {status}." },
};

/** @type {import("./tabs.js").Tab} */
export default {
  id: "sessions",
  roles: ["advisor", "interpreter", "peer_counsellor"],
  strings: Object.fromEntries(Object.entries(own).map(([code, words]) => [code, { ...words, ...phoneStrings[code] }])),
  async render(panel, { api, t, lang, fmt, me, notify, report }) {
    const day = el("input", { type: "date", id: "sessions-day", "data-testid": "sessions-day" });
    day.value = fmt.isoDay(new Date());
    const shift = (days) => {
      const next = new Date(`${day.value}T12:00:00Z`);
      next.setUTCDate(next.getUTCDate() + days);
      day.value = next.toISOString().slice(0, 10);
      load();
    };
    const view = table("sessions", [t("when"), t("language"), t("service"), t("way"), t("interpreter"), t("status"), t("room")], { stack: true });
    panel.append(
      el("p", { class: "hint" }, t("hint")),
      el("div", { class: "toolbar" },
        el("label", { for: "sessions-day" }, t("day")), day,
        el("button", { type: "button", onclick: () => shift(-1) }, t("previous")),
        el("button", { type: "button", onclick: () => { day.value = fmt.isoDay(new Date()); load(); } }, t("today")),
        el("button", { type: "button", onclick: () => shift(1) }, t("next"))),
      view.box);
    day.addEventListener("change", () => load());

    const act = async (button, work) => {
      button.disabled = true;
      try {
        await work();
      } catch (error) {
        report(error);
      } finally {
        button.disabled = false;
      }
    };
    const join = (session, button) => act(button, async () => {
      const issued = await api("POST", `/api/v1/rooms/${session.id}/passes`);
      // The pass goes in the fragment: never sent to a server, never in a log.
      window.open(`${issued.room_url}#t=${encodeURIComponent(issued.token)}&lang=${lang}`, "_blank", "noopener");
    });
    const mark = (session, status, button) => act(button, async () => {
      await api("POST", `/api/v1/bookings/${session.id}/status`, { status });
      notify(t("marked", { status: t(`st_${status}`) }));
      await load();
      refocus(panel, `[data-testid="join-${session.id}"]`);
    });

    // An interpreter whose phone session Neuvo can bridge learns when the client's call goes
    // on (or off): the day is asked for again every few seconds, drawn again only on a change.
    let watch = 0;
    const calling = (/** @type {any[]} */ sessions) => sessions
      .filter((session) => session.phone?.joinable && !joining(session.id))
      .map((session) => `${session.id}:${session.phone.join_call ?? ""}`).join();
    const follow = (/** @type {any[]} */ sessions) => {
      window.clearTimeout(watch);
      const seen = calling(sessions);
      if (!seen) return;
      const shown = day.value;
      watch = window.setTimeout(async () => {
        if (!panel.isConnected || day.value !== shown) return;
        const now = await api("GET", `/api/v1/bookings?on=${shown}`).catch(() => null);
        if (!panel.isConnected || day.value !== shown) return;
        if (now && calling(now) !== seen) await load();
        else follow(now ?? sessions);
      }, 3000);
    };

    async function load() {
      const sessions = await api("GET", `/api/v1/bookings?on=${day.value}`).catch((error) => { report(error); return null; });
      if (!sessions) return;
      follow(sessions);
      const now = Date.now();
      view.fill(await Promise.all(sessions.map(async (session) => {
        const actions = el("td");
        const started = Date.parse(session.starts_at) <= now;
        if (session.status === "confirmed" && session.channel !== "in_person" && Date.parse(session.ends_at) > now) {
          const button = el("button", { type: "button", "data-testid": `join-${session.id}` }, t("join"));
          button.addEventListener("click", () => join(session, button));
          actions.append(button);
        }
        if (session.status === "confirmed" && started) {
          for (const [status, label] of [["completed", "completed"], ["no_show", "noShow"]]) {
            const button = el("button", { type: "button", "data-testid": `mark-${status}-${session.id}` }, t(label));
            button.addEventListener("click", () => mark(session, status, button));
            actions.append(button);
          }
        }
        let status = t(`st_${session.status}`);
        if (session.phone?.switched_to_phone_at) status += ` · ${t("toPhone")}`;
        else if (session.status === "confirmed" && session.channel === "video" && started) {
          const facts = await api("GET", `/api/v1/rooms/${session.id}/facts`).catch(() => null);
          if (facts?.suggest_no_show) status += ` · ${t("noShowHint")}`;
        }
        let interpreter = !session.needs_interpreter ? t("notNeeded")
          : session.interpreter_missing ? t("missing") : t("hasInterpreter");
        // When she accepted, where the booking says so.
        if (session.interpreter_accepted_at) {
          interpreter = `${session.interpreter_name ?? t("hasInterpreter")} · ${t("accepted", { time: fmt.dateTime(session.interpreter_accepted_at) })}`;
        }
        const service = session.service_names?.[lang] ?? session.service_names?.fi ?? session.service_names?.en ?? "";
        const way = phoneCell(session, { api, t, fmt, me, notify, report, reload: load, panel }) ?? t(`ch_${session.channel}`);
        return row({ "data-testid": `session-${session.id}`, "data-channel": session.phone ? "phone" : session.channel },
          `${fmt.time(session.starts_at)}–${fmt.time(session.ends_at)}`, languageName(session.language, lang),
          service, way, interpreter, status, actions);
      })), t("empty"));
    }
    await load();
  },
};
