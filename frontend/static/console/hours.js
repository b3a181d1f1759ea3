// @ts-check
// "My hours": weekly hours, one-off openings and closures, absences over days, in the person's
// own zone; admins keep them for their staff. Below, the week as clients will see it.
import { addDays, localMidnight } from "../days.js";
import { el } from "../dom.js";
import { field, row, select, setFieldError, table } from "./widgets.js";
import { problemText } from "./i18n.js";
import strings from "./hours-strings.js";
import { weekView } from "./hours-week.js";

const CHANNELS = ["video", "phone", "in_person"];
const HELPERS = ["advisor", "interpreter", "peer_counsellor"];
const hhmm = (value) => String(value ?? "").slice(0, 5);
const overlap = (a, b) => hhmm(a.starts) < hhmm(b.ends) && hhmm(b.starts) < hhmm(a.ends);
// Two weekly rules clash only when their dates of validity meet too (no date: open-ended).
const datesMeet = (a, b) => (!a.valid_to || !b.valid_from || b.valid_from <= a.valid_to) && (!b.valid_to || !a.valid_from || a.valid_from <= b.valid_to);

/** @type {import("./tabs.js").Tab} */
export default {
  id: "hours",
  roles: ["advisor", "interpreter", "peer_counsellor", "admin"],
  strings,
  async render(panel, ctx) {
    const { t, me, get } = ctx;
    const body = el("div");
    if (me.roles.includes("admin")) {
      const staff = (await get("/api/v1/staff")).filter((m) => m.roles.some((r) => HELPERS.includes(r)) || m.id === me.id);
      const whose = select("staff", staff.map((m) => [m.id, m.display_name]), { "data-testid": "hours-staff" });
      whose.value = me.id;
      whose.addEventListener("change", () => draw(ctx, body, staff.find((m) => m.id === whose.value)));
      panel.append(field("hours-staff", t("whose"), whose));
    }
    panel.append(body);
    await draw(ctx, body, me);
  },
};

async function draw(ctx, body, person) {
  const { api, t, lang, fmt } = ctx;
  const base = `/api/v1/staff/${person.id}/availability`;
  const found = await api("GET", base);
  const zone = person.timezone || "Europe/Helsinki";
  const weekdayName = (n) => fmt.weekday(new Date(Date.UTC(2024, 0, 1 + n, 12))); // 2024-01-01 was a Monday
  const redraw = () => draw(ctx, body, person);
  const week = el("section", { "aria-labelledby": "week-heading" });
  body.replaceChildren(
    el("p", { class: "hint" }, t("zone", { zone })), el("p", { class: "hint", "data-testid": "dst-rules" }, t("dst")),
    weekly(ctx, base, found.rules, weekdayName, redraw),
    overrides(ctx, base, found.overrides, redraw),
    absences(ctx, base, found.absences, zone, redraw),
    week);
  await weekView(ctx, week, person, lang);
}

/** Report a failed write beside `input` (its own field if the server names one). */
function fail(ctx, error, inputs, fallback) {
  const target = inputs[error.errors?.[0]?.field] ?? fallback;
  if (error.status === 401 || !target) ctx.report(error);
  else setFieldError(target, problemText(ctx.t, error));
}

function channelBoxes(t, name, checked) {
  return el("fieldset", { class: "inline" }, el("legend", {}, t("channels")),
    CHANNELS.map((c) => el("label", {}, el("input", { type: "checkbox", name, value: c, checked: checked.includes(c) }), ` ${t(`ch_${c}`)}`)));
}

function weekly(ctx, base, rules, weekdayName, redraw) {
  const { api, t, fmt, notify } = ctx;
  const view = table("rules", [t("weekday"), t("starts"), t("ends"), t("channels"), t("valid"), t("actions")]);
  const sorted = [...rules].sort((a, b) => a.weekday - b.weekday || hhmm(a.starts).localeCompare(hhmm(b.starts)));
  const put = (list) => api("PUT", `${base}/rules`, list.map((r) => ({ weekday: r.weekday, starts: hhmm(r.starts), ends: hhmm(r.ends), channels: r.channels,
    valid_from: r.valid_from || null, valid_to: r.valid_to || null })));
  const day = (value) => fmt.date(`${value}T12:00:00Z`);
  const validity = (r) => (r.valid_from && r.valid_from === r.valid_to ? day(r.valid_from)
    : r.valid_from && r.valid_to ? t("between", { from: day(r.valid_from), to: day(r.valid_to) })
    : r.valid_from ? t("fromDate", { date: day(r.valid_from) }) : r.valid_to ? t("untilDate", { date: day(r.valid_to) }) : t("always"));
  view.fill(sorted.map((rule) => {
    const remove = el("button", { type: "button", "data-testid": "rule-remove" }, t("remove"));
    remove.addEventListener("click", async () => {
      try {
        await put(rules.filter((r) => r.id !== rule.id));
        notify(t("removed"));
        await redraw();
      } catch (error) {
        ctx.report(error);
      }
    });
    return row({ "data-testid": "rule-row" }, weekdayName(rule.weekday), fmt.clock(rule.starts), fmt.clock(rule.ends),
      rule.channels.map((c) => t(`ch_${c}`)).join(", "), validity(rule), el("td", {}, remove));
  }), t("noRules"));
  const weekday = select("weekday", [0, 1, 2, 3, 4, 5, 6].map((n) => [String(n), weekdayName(n)]), { "data-testid": "rule-weekday" });
  const starts = el("input", { type: "time", name: "starts", required: true, "data-testid": "rule-starts" });
  const ends = el("input", { type: "time", name: "ends", required: true, "data-testid": "rule-ends" });
  const from = el("input", { type: "date", name: "valid_from", "data-testid": "rule-valid-from" });
  const to = el("input", { type: "date", name: "valid_to", "data-testid": "rule-valid-to" });
  const form = el("form", { class: "stack", "data-testid": "rule-form", novalidate: true },
    el("div", { class: "row2" }, field("rule-weekday", t("weekday"), weekday), field("rule-starts", t("starts"), starts), field("rule-ends", t("ends"), ends)),
    el("div", { class: "row2" }, field("rule-valid-from", t("validFrom"), from), field("rule-valid-to", t("validTo"), to)),
    channelBoxes(t, "channels", ["video", "phone"]),
    el("button", { type: "submit", class: "primary" }, t("addWindow")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const fresh = { weekday: Number(weekday.value), starts: starts.value, ends: ends.value, valid_from: from.value || null, valid_to: to.value || null,
      channels: [.../** @type {NodeListOf<HTMLInputElement>} */ (form.querySelectorAll('input[name="channels"]:checked'))].map((b) => b.value) };
    setFieldError(starts, fresh.starts ? "" : t("required"));
    setFieldError(ends, !fresh.ends ? t("required") : fresh.ends <= fresh.starts ? t("endsFirst") : "");
    setFieldError(to, fresh.valid_from && fresh.valid_to && fresh.valid_to < fresh.valid_from ? t("toBeforeFrom") : "");
    if (!fresh.starts || !fresh.ends || fresh.ends <= fresh.starts) return;
    if (fresh.valid_from && fresh.valid_to && fresh.valid_to < fresh.valid_from) return to.focus();
    const clash = rules.find((r) => r.weekday === fresh.weekday && overlap(r, fresh) && datesMeet(r, fresh));
    if (clash) {
      setFieldError(starts, t("overlaps", { other: `${weekdayName(clash.weekday)} ${fmt.clock(clash.starts)}–${fmt.clock(clash.ends)}` }));
      starts.focus();
      return;
    }
    if (!fresh.channels.length) return ctx.notify(t("needChannel"), true);
    try {
      await put([...rules, fresh]);
      notify(t("added"));
      await redraw();
    } catch (error) {
      fail(ctx, error, { starts, ends, valid_from: from, valid_to: to }, starts);
    }
  });
  return el("section", {}, el("h2", {}, t("weekly")), view.box, form);
}

function overrides(ctx, base, items, redraw) {
  const { api, t, fmt, notify } = ctx;
  const view = table("overrides", [t("day"), t("kind"), t("starts"), t("ends"), t("actions")]);
  view.fill([...items].sort((a, b) => a.day.localeCompare(b.day)).map((item) => {
    const remove = el("button", { type: "button", "data-testid": "override-remove" }, t("remove"));
    remove.addEventListener("click", async () => {
      try {
        await api("DELETE", `${base}/overrides/${item.id}`);
        notify(t("removed"));
        await redraw();
      } catch (error) {
        ctx.report(error);
      }
    });
    return row({ "data-testid": "override-row" }, `${fmt.weekday(`${item.day}T12:00:00Z`)} ${fmt.date(`${item.day}T12:00:00Z`)}`,
      item.closed ? t("closed") : t("open"), item.starts ? fmt.clock(item.starts) : t("wholeDay"), item.ends ? fmt.clock(item.ends) : "", el("td", {}, remove));
  }), t("noOverrides"));
  const day = el("input", { type: "date", name: "day", required: true, "data-testid": "override-day" });
  const kind = select("kind", [["closed", t("closed")], ["open", t("open")]], { "data-testid": "override-kind" });
  const starts = el("input", { type: "time", name: "starts", "data-testid": "override-starts" });
  const ends = el("input", { type: "time", name: "ends", "data-testid": "override-ends" });
  const form = el("form", { class: "stack", "data-testid": "override-form", novalidate: true },
    el("div", { class: "row2" }, field("override-day", t("day"), day), field("override-kind", t("kind"), kind),
      field("override-starts", t("starts"), starts), field("override-ends", t("ends"), ends)),
    el("button", { type: "submit", class: "primary", "data-testid": "override-add" }, t("addOverride")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const closed = kind.value === "closed";
    for (const input of [day, starts, ends]) setFieldError(input, "");
    if (!day.value) return setFieldError(day, t("required"));
    if (!closed && (!starts.value || !ends.value)) return setFieldError(starts, t("needTimes"));
    if (Boolean(starts.value) !== Boolean(ends.value)) return setFieldError(starts, t("needTimes"));
    if (starts.value && ends.value <= starts.value) return setFieldError(ends, t("endsFirst"));
    const clash = !closed && items.find((o) => !o.closed && o.day === day.value && overlap(o, { starts: starts.value, ends: ends.value }));
    if (clash) return setFieldError(starts, t("overlaps", { other: `${fmt.clock(clash.starts)}–${fmt.clock(clash.ends)}` }));
    try {
      await api("POST", `${base}/overrides`, { day: day.value, closed, starts: starts.value || null, ends: ends.value || null,
        channels: closed ? [] : ["video", "phone"] });
      notify(t("added"));
      await redraw();
    } catch (error) {
      fail(ctx, error, { starts, ends, day }, starts);
    }
  });
  return el("section", {}, el("h2", {}, t("oneOff")), view.box, form);
}

function absences(ctx, base, items, zone, redraw) {
  const { api, t, fmt, notify } = ctx;
  const view = table("absences", [t("firstDay"), t("lastDay"), t("actions")]);
  view.fill(items.map((item) => {
    const remove = el("button", { type: "button", "data-testid": "absence-remove" }, t("remove"));
    remove.addEventListener("click", async () => {
      try {
        await api("DELETE", `${base}/absences/${item.id}`);
        notify(t("removed"));
        await redraw();
      } catch (error) {
        ctx.report(error);
      }
    });
    const last = new Date(Date.parse(item.ends_at) - 1);
    return row({ "data-testid": "absence-row" }, fmt.dateTime(item.starts_at), fmt.dateTime(last), el("td", {}, remove));
  }), t("noAbsences"));
  const first = el("input", { type: "date", name: "starts_at", required: true, "data-testid": "absence-first" });
  const last = el("input", { type: "date", name: "ends_at", required: true, "data-testid": "absence-last" });
  const form = el("form", { class: "stack", "data-testid": "absence-form", novalidate: true },
    el("div", { class: "row2" }, field("absence-first", t("firstDay"), first), field("absence-last", t("lastDay"), last)),
    el("button", { type: "submit", class: "primary" }, t("addAbsence")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    setFieldError(first, first.value ? "" : t("required"));
    setFieldError(last, !last.value ? t("required") : last.value < first.value ? t("lastBeforeFirst") : "");
    if (!first.value || !last.value || last.value < first.value) return;
    try {
      await api("POST", `${base}/absences`, { starts_at: localMidnight(first.value, zone), ends_at: localMidnight(addDays(last.value, 1), zone) });
      notify(t("added"));
      await redraw();
    } catch (error) {
      fail(ctx, error, { starts_at: first, ends_at: last }, first);
    }
  });
  return el("section", {}, el("h2", {}, t("absences")), view.box, form);
}
