// @ts-check
// "A client calls": the operator types the caller's number, sees the clients the organisation
// may see there (language, coming sessions, wishes) or starts a new one, and books, moves or
// cancels; below, the operator's alerts (sessions missing an interpreter, undeliverable messages).
import { bookingForm, linkBox, references, searchSlots, showTaken, slotList } from "./caller-book.js";
import strings from "./caller-strings.js";
import { wishesForm } from "./caller-wishes.js";
import { el } from "../dom.js";
import { field, row, setFieldError, table } from "./widgets.js";
import { languageName, placeName } from "./names.js";
import { messageState } from "./messages.js";

/** @type {import("./tabs.js").Tab} */
export default {
  id: "caller",
  roles: ["operator", "admin"],
  strings,
  async render(panel, ctx) {
    const { api, t, get } = ctx;
    const refs = await references(get);
    const phone = el("input", { type: "tel", name: "phone", autocomplete: "off", "data-testid": "caller-phone", required: true });
    const form = el("form", { class: "stack caller", "data-testid": "caller-form", novalidate: true },
      el("div", { class: "toolbar" }, field("caller-phone", t("phone"), phone, t("phoneHint")),
        el("button", { type: "submit", class: "primary", "data-testid": "caller-find" }, t("find"))));
    const results = el("div", { "data-testid": "caller-results" });
    const alerts = el("section", { class: "alerts", "aria-labelledby": "alerts-heading" });
    panel.append(el("h2", { class: "visually-hidden" }, t("title")), form, results, alerts);

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      // The number goes as typed: the server reads it (core/phones.py, the one parser) and
      // answers 422 when it cannot be a number.
      const typed = phone.value.trim();
      let found;
      try {
        found = await api("GET", `/api/v1/clients?phone=${encodeURIComponent(typed)}`);
      } catch (error) {
        if (error.status !== 422) {
          ctx.report(error);
          return;
        }
        setFieldError(phone, t("badPhone"));
        results.replaceChildren();
        phone.focus();
        return;
      }
      setFieldError(phone, "");
      // The clients found carry the number as the server wrote it; with none, it is as typed.
      await showClients(ctx, refs, results, found[0]?.phone_e164 ?? typed, found);
    });
    // Ready to type the caller's number, unless someone is moving along the tab bar by arrow
    // keys: the tab's first drawing must not pull the focus out of the bar.
    if (!document.activeElement?.closest('[role="tablist"]')) phone.focus();
    await drawAlerts(ctx, alerts);
  },
};

async function showClients(ctx, refs, results, number, found) {
  const { t } = ctx;
  const heading = el("h2", { tabindex: "-1", "data-testid": "caller-heading" },
    found.length ? t("found", { phone: number }) : t("notFound", { phone: number }));
  const cards = await Promise.all(found.map((client) => clientCard(ctx, refs, client, number)));
  const fresh = bookingForm(ctx, refs, { phone: number }, async () => {});
  results.replaceChildren(heading, ...cards, found.length ? el("details", {}, el("summary", {}, t("newClient")), fresh) : fresh);
  heading.focus();
}

async function clientCard(ctx, refs, client, number) {
  const { t, lang } = ctx;
  const place = refs.municipalities.find((m) => m.code === client.home_municipality_code);
  const coming = el("div", { "data-testid": "coming" });
  const card = el("article", { class: "card", "data-testid": "client-card", "data-client": client.id },
    el("h3", {}, `${t("client")}: ${languageName(client.preferred_language, lang)}`),
    el("dl", {},
      el("dt", {}, t("clientLanguage")), el("dd", {}, `${languageName(client.preferred_language, lang)} (${client.preferred_language})`),
      el("dt", {}, t("municipality")), el("dd", {}, place ? placeName(place, lang) : t("none"))),
    el("h4", {}, t("coming")), coming);
  const refresh = () => drawComing(ctx, refs, client, coming, refresh);
  await refresh();
  card.append(bookingForm(ctx, refs, { client, phone: number }, refresh), await wishesForm(ctx, client));
  return card;
}

async function drawComing(ctx, refs, client, area, refresh) {
  const { api, t, fmt, notify, report } = ctx;
  let found;
  try {
    found = await api("GET", `/api/v1/clients/${client.id}/bookings`);
  } catch (error) {
    report(error);
    return;
  }
  if (!found.length) {
    area.replaceChildren(el("p", {}, t("noComing")));
    return;
  }
  const view = table("coming", [t("when"), t("service"), t("channel"), t("status"), t("actions")]);
  const below = el("div", { "aria-live": "polite" });
  view.fill(found.map(({ booking, client_link: link, short_code: code }) => {
    const service = refs.services.find((s) => s.id === booking.service_id);
    const move = el("button", { type: "button", "data-testid": `move-${booking.id}` }, t("move"));
    const cancel = el("button", { type: "button", "data-testid": `cancel-${booking.id}` }, t("cancelSession"));
    const copy = el("button", { type: "button", "data-testid": `link-${booking.id}` }, t("link"));
    copy.addEventListener("click", () => { below.replaceChildren(linkBox(ctx, link, undefined, code)); below.querySelector("input").focus(); });
    const sms = el("button", { type: "button", "data-testid": `send-link-${booking.id}` }, t("sendLink"));
    sms.addEventListener("click", () => sendLink(ctx, booking, sms, below));
    const moveTo = async (slot, button) => {
      button.disabled = true;
      try {
        const moved = await api("POST", `/api/v1/bookings/${booking.id}/move`, { slot: slot.slot });
        // The move's answer says whether the interpreter who accepted keeps the session.
        const helper = moved.interpreter_change === "kept" ? t("interpreterKept", { name: moved.interpreter_name ?? "" })
          : moved.interpreter_change === "reoffered" ? t("interpreterReoffered") : "";
        notify(`${t("moved", { time: fmt.dateTime(moved.starts_at) })} ${helper}`.trim());
        await refresh();
      } catch (error) {
        button.disabled = false;
        if (error.status === 409 && error.problem?.next_slots) showTaken(ctx, below, error, "moveTo", moveTo);
        else report(error);
      }
    };
    move.addEventListener("click", async () => {
      const slots = await searchSlots(ctx, {
        serviceId: booking.service_id, municipality: booking.municipality_code, language: booking.language, channel: booking.channel,
      }).catch((error) => { report(error); return null; });
      if (!slots) return;
      below.replaceChildren(slotList(ctx, slots.filter((s) => Date.parse(s.starts_at) !== Date.parse(booking.starts_at)), "moveTo", moveTo));
      below.querySelector("button")?.focus();
    });
    cancel.addEventListener("click", () => {
      const sure = el("button", { type: "button", class: "danger", "data-testid": `confirm-cancel-${booking.id}` }, t("confirmCancel"));
      sure.addEventListener("click", async () => {
        sure.disabled = true;
        try {
          await api("POST", `/api/v1/bookings/${booking.id}/cancel`, {});
          notify(t("cancelled"));
          await refresh();
        } catch (error) {
          sure.disabled = false;
          report(error);
        }
      });
      below.replaceChildren(sure);
      sure.focus();
    });
    const status = booking.interpreter_missing ? `${t(`st_${booking.status}`)} · ${t("interpreterMissing")}`
      : booking.interpreter_accepted_at ? `${t(`st_${booking.status}`)} · ${t("interpreterAccepted", { name: booking.interpreter_name ?? "", time: fmt.dateTime(booking.interpreter_accepted_at) })}`
        : t(`st_${booking.status}`);
    return row({ "data-testid": `coming-${booking.id}` }, fmt.dateTime(booking.starts_at),
      service ? service.names[ctx.lang] ?? service.names.fi : "", t(`ch_${booking.channel}`), status,
      el("td", { class: "actions" }, move, cancel, copy, sms));
  }), t("noComing"));
  area.replaceChildren(view.box, below);
}

/** The booking's link once more by SMS, through the outbox; then what became of it (without
 * a gateway: "not sent", and the code to read out instead). */
async function sendLink(ctx, booking, button, below) {
  const { api, t, notify, report } = ctx;
  button.disabled = true;
  let message;
  try {
    message = await api("POST", "/api/v1/messages/link-again", { booking_id: booking.id });
  } catch (error) {
    button.disabled = false;
    report(error);
    return;
  }
  notify(t("linkQueued"));
  const said = el("p", { "data-testid": "link-sms-status", role: "status" }, messageState(t, message));
  below.replaceChildren(said);
  // The outbox sends at once (or says it could not): show what happened to it.
  for (let tries = 0; tries < 20 && ["pending", "sending"].includes(message.status); tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const found = await api("GET", `/api/v1/messages?booking_id=${booking.id}`).catch(() => []);
    message = found.find((m) => m.id === message.id) ?? message;
    said.textContent = messageState(t, message);
  }
  button.disabled = false;
}

async function drawAlerts(ctx, area) {
  const { api, t, fmt, lang } = ctx;
  const [missing, failed] = await Promise.all([
    api("GET", "/api/v1/offers/missing").catch(() => []),
    api("GET", "/api/v1/messages?status=undeliverable").catch(() => []),
  ]);
  const sessions = table("missing", [t("when"), t("language"), t("channel")]);
  sessions.fill(missing.map((b) => row({ "data-testid": `missing-${b.id}` },
    fmt.dateTime(b.starts_at), languageName(b.language, lang), t(`ch_${b.channel}`))), t("noMissing"));
  const messages = table("undeliverable", [t("when"), t("to"), t("reason")]);
  messages.fill(failed.map((m) => row({ "data-testid": `undeliverable-${m.id}` },
    fmt.dateTime(m.due_at), m.recipient, m.last_error ?? "")), t("noUndeliverable"));
  area.replaceChildren(el("h2", { id: "alerts-heading" }, t("alerts")),
    el("h3", {}, t("missing")), sessions.box, el("h3", {}, t("undeliverable")), messages.box);
}
