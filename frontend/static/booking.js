// @ts-check
// The client's booking link, /b/<token>: the session in the client's language, read aloud;
// cancel it (after "are you sure?") or move it to another free time. The token is a secret in
// this page's address: every request goes back to this same address, none goes anywhere else,
// and nothing keeps it (no storage, no logging). The page opens under the start control
// (start.js): its tap reads the booking out (or asks for feedback, after the session).

import { $, el } from "./dom.js";
import { request } from "./http.js";
import { addDays, helsinkiDay } from "./days.js";
import { arrive, CHANNEL_ICONS, directionOf, guessLanguage, hear, icon, labelButton, line, loadPrompts, nameIn, prompt, renderPrompt, say, setUpHelp, speakerButton } from "./ui.js";
import { clipFor, join, play, sayDate, useLanguage } from "./speech.js";
import { nextSlots, slotPicker } from "./slots.js";
import { offerStart } from "./start.js";
import { announceFeedback, showFeedback } from "./feedback.js";
import { callUs, hearNumber, numberLine, phoneOf, remembered } from "./callus.js";
import { serviceIcon } from "./pictograms.js";
import { linkCallMe } from "./callme.js";
import { hearPlace, placeLabel } from "./places.js";

const address = location.pathname;
const STATUSES = { confirmed: "check", cancelled: "cross", completed: "check", no_show: "cross" };
const sections = ["view", "times", "gone"];

let code = guessLanguage(); // until the booking says which language is the client's
let booking;
let busy = false;
let quietBack = false;
let current = "booking";
let roomTimer = null;

const HELP = { view: "booking", times: "times", gone: "gone" };

/**
 * Show one section; focus its heading, and play `toPlay` when given.
 * @param {"view" | "times" | "gone"} name
 * @param {Parameters<typeof play>[0]} [toPlay]
 */
function show(name, toPlay) {
  current = HELP[name];
  for (const id of sections) $(id).hidden = id !== name;
  arrive($(name), toPlay);
}

/** Tell what went wrong, say it, and offer what can be done instead, with the number to call. */
function problem(id, detail, ...offers) {
  const phone = phoneOf(booking) ?? remembered();
  const number = numberLine(code, phone);
  $("problem").replaceChildren(line(code, id, "cross"), detail ? el("p", { class: "detail", dir: "auto" }, detail) : "", ...offers, number ?? "");
  $("problem").scrollIntoView({ block: "nearest" }); // below a long list of times, maybe
  play(async () => (phone ? join(await hear(code, id), await hearNumber(code, "our_number", phone)) : hear(code, id)));
}

// The heading says what the booking is now: ahead, cancelled, or past.
const HEADINGS = { confirmed: "when", cancelled: "cancelled_when", completed: "past_when", no_show: "past_when" };

/** A phone session: we call the client at its time, from the organisation's number. */
function phoneCall(data) {
  const coming = data.by_phone && data.status === "confirmed" && Date.parse(data.ends_at) > Date.now();
  $("we-call").hidden = !coming;
  if (!coming) return $("we-call").replaceChildren();
  const phone = phoneOf(data);
  const vars = { when: data.label };
  const text = prompt(code, "we_call", vars).text;
  const when = () => sayDate(data.starts_at, { lang: code, text, prompt: "we_call" });
  $("we-call").replaceChildren(line(code, "we_call", "handset", vars, when), numberLine(code, phone, "call_from") ?? "");
}

/** The whole of "we will call you on … from this number: …", to play on arrival. */
async function hearWeCall(data) {
  const text = prompt(code, "we_call", { when: data.label }).text;
  const when = await sayDate(data.starts_at, { lang: code, text, prompt: "we_call" });
  const phone = phoneOf(data);
  return phone ? join(when, await hearNumber(code, "call_from", phone)) : when;
}

/** "Join the call" from the moment the room opens; before it, when it opens. */
function roomButton(data) {
  clearTimeout(roomTimer);
  // A phone session has no room for the client: we call them (phoneCall).
  const video = data.status === "confirmed" && data.channel !== "in_person" && !data.by_phone && Date.parse(data.ends_at) > Date.now();
  const opens = Date.parse(data.room_opens_at ?? data.starts_at);
  const open = video && Date.now() >= opens;
  labelButton($("join-room"), "camera", code, "room_join").hidden = !open;
  $("room-opens").hidden = !video || open;
  if (video && !open) {
    // The time the room opens (some minutes before the session), not the session's own.
    const vars = { time: data.room_opens_time_label || data.time_label };
    const text = prompt(code, "room_opens", vars).text;
    $("room-opens").replaceChildren(line(code, "room_opens", "clock", vars,
      () => sayDate(data.room_opens_at ?? data.starts_at, { lang: code, text, prompt: "room_opens" })));
    // A page left open shows the button at its time (timers of over ~24 days overflow).
    if (opens - Date.now() < 2 ** 31 - 1) roomTimer = setTimeout(() => roomButton(data), opens - Date.now() + 500);
  }
}

async function showBooking(data, announce) {
  booking = data;
  code = data.language;
  useLanguage(code);
  offerStart(code); // the start control's name in the booking's language
  document.documentElement.lang = code;
  document.documentElement.dir = directionOf(code);
  await loadPrompts(code).catch(() => {});
  setUpHelp(code, () => current);
  const past = data.status === "confirmed" && Date.parse(data.ends_at) <= Date.now() ? "past_when" : null;
  const heading = past ?? HEADINGS[data.status] ?? "when";
  // The date is said from the server's clips inside the heading's words, as it is written.
  const when = { when: data.label };
  const hearWhen = () => sayDate(data.starts_at, { lang: code, text: prompt(code, heading, when).text, prompt: heading });
  renderPrompt($("when-prompt"), heading, code, when, hearWhen);
  $(`prompt-${heading}`).dataset.testid = "booking-when";
  const name = nameIn(data.service_names, code);
  const span = `${data.time_label}–${data.end_time_label}`;
  const state = STATUSES[data.status] ? data.status : "confirmed";
  // Whose the session is: the organisation's place (said by the Finnish or Swedish voice) and name.
  const place = data.organisation_place;
  const whose = data.organisation_name || place ? el("span", { class: "whose" }, icon("pin"),
    place ? placeLabel(place, code, { class: "place", "data-testid": "booking-place" }) : null,
    data.organisation_name ? el("span", { class: "org", lang: "fi", dir: "auto" }, data.organisation_name) : null) : null;
  const hearService = async () => join(
    await clipFor("services", data.service_id, { lang: code, text: name.lang === code ? name.text : "" }),
    place ? await hearPlace(place, code) : null);
  $("summary").replaceChildren(
    el("li", {}, el("p", { class: "line" }, icon(serviceIcon({ slug: data.service_slug, peer_guidance: data.peer_guidance })), el("span", { class: "label" },
      el("span", { lang: name.lang, dir: "auto" }, name.text), whose),
    speakerButton(code, hearService, "speak-service"))),
    el("li", {}, el("p", { class: "line" }, icon("clock"), el("span", { dir: "auto" }, span),
      speakerButton(code, () => sayDate(data.starts_at, { lang: code, text: data.label })))),
    el("li", {}, line(code, data.channel, CHANNEL_ICONS[data.channel] ?? "generic")),
    el("li", { "data-testid": "booking-status", "data-status": data.status }, line(code, state, STATUSES[state])));
  roomButton(data);
  phoneCall(data);
  labelButton($("change-time"), "calendar", code, "change_time");
  labelButton($("cancel"), "cross", code, "cancel");
  labelButton($("cancel-yes"), "cross", code, "yes");
  labelButton($("cancel-no"), "back", code, "no");
  labelButton($("book-new"), "calendar", code, "book_new").hidden = data.can_change;
  for (const back of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll(".back"))) labelButton(back, "back", code, "back");
  $("actions").hidden = !data.can_change;
  $("confirm").hidden = true;
  showFeedback(code, data, address, (answered) => showBooking(answered, "feedback_thanks"));
  linkCallMe(code, address, /** @type {HTMLElement} */ ($("book-new").parentElement)); // "call me"
  say(code, announce);
  if (announce) show("view", hear(code, announce));
  else if (data.can_give_feedback) {
    show("view");
    announceFeedback(code); // the question and the faces, once sound may play
  }
  else if (!$("we-call").hidden) show("view", () => hearWeCall(data));
  else show("view", hearWhen);
}

function showGone() {
  $("problem").replaceChildren();
  document.documentElement.lang = code;
  document.documentElement.dir = directionOf(code);
  setUpHelp(code, () => current);
  renderPrompt($("gone-prompt"), "gone", code);
  const call = callUs(code, remembered());
  $("gone-more").replaceChildren(...call.nodes.filter(Boolean),
    labelButton(el("a", { class: "change", href: "/" }), "calendar", code, "book_new"));
  show("gone", async () => join(await hear(code, "gone"), await call.toPlay()));
}

async function load() {
  $("problem").replaceChildren();
  await loadPrompts(code).catch(() => {});
  let answer;
  try {
    answer = await request(address);
  } catch {
    answer = { status: 0 };
  }
  if (answer.ok) return showBooking(answer.data, null);
  if (answer.status === 404 || answer.status === 410) return showGone();
  const retry = labelButton(el("button", { type: "button", class: "change" }), "retry", code, "try_again");
  retry.addEventListener("click", load);
  problem("load_failed", null, retry);
}

/** Cancel or move: POST to this same address, then show the booking as it now is. */
async function act(body, announce) {
  if (busy) return;
  busy = true;
  $("problem").replaceChildren();
  let answer;
  try {
    answer = await request(address, { method: "POST", body });
  } catch {
    answer = { status: 0, data: null };
  } finally {
    busy = false;
  }
  const found = answer.data ?? {};
  if (answer.ok) {
    if (history.state?.step) {
      quietBack = true;
      history.back(); // leave the times screen's history entry
    }
    return showBooking(found, announce);
  }
  if (answer.status === 404 || answer.status === 410) return showGone();
  if (found.next_slots?.length) return problem("taken", null, nextSlots(code, found.next_slots, move));
  const taken = body.action === "move" && /slot-unavailable/.test(found.type);
  problem(taken ? "taken" : "failed", found.detail ?? prompt(code, "try_again").text);
}

const move = (slot) => act({ action: "move", slot: slot.slot }, "moved");

function showTimes() {
  if (!booking?.can_change) return show("view");
  $("problem").replaceChildren();
  const query = {
    service_id: booking.service_id, municipality: booking.municipality_code, language: booking.language, channel: booking.channel,
  };
  slotPicker($("slot-picker"), code, query, move, addDays(helsinkiDay(), 366));
  renderPrompt($("times-prompt"), "choose_time", code);
  show("times", hear(code, "choose_time"));
}

$("change-time").addEventListener("click", () => {
  history.pushState({ step: "times" }, "");
  showTimes();
});
$("cancel").addEventListener("click", () => {
  $("sure").replaceChildren(line(code, "sure", "cross"));
  $("actions").hidden = true;
  $("confirm").hidden = false;
  $("sure").focus();
  play(hear(code, "sure"));
});
$("cancel-no").addEventListener("click", () => {
  $("confirm").hidden = true;
  $("actions").hidden = false;
  $("cancel").focus();
});
$("cancel-yes").addEventListener("click", () => act({ action: "cancel" }, "cancelled"));
$("join-room").addEventListener("click", async () => {
  // A pass for this booking's room; it travels on in the room page's fragment only.
  const answer = await request(`${address}/room`, { method: "POST" }).catch(() => ({ ok: false, data: null }));
  if (!answer.ok) return problem("room_denied", answer.data?.detail);
  // The room page says, if it is too early, when it opens (in the SMS's words).
  const fragment = new URLSearchParams({ t: answer.data.token, lang: code, when: booking.label, opens: answer.data.opens_at });
  // The organisation's number, for the room to give when the call fails or goes on by phone.
  if (booking.organisation_phone) fragment.set("phone", `${booking.organisation_phone} ${booking.organisation_phone_label ?? ""}`.trim());
  location.assign(`${answer.data.room_url}#${fragment}`);
});
for (const back of document.querySelectorAll(".back")) back.addEventListener("click", () => history.back());
addEventListener("popstate", (event) => {
  if (event.state?.step === "times") return showTimes();
  $("problem").replaceChildren();
  if (quietBack) quietBack = false;
  else show("view");
});

if (history.state?.step) history.replaceState(null, "");
load();
