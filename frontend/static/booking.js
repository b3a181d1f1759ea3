// The client's booking link, /b/<token>: the session in the client's language, read aloud;
// cancel it (after "are you sure?") or move it to another free time. The token is a secret in
// this page's address: every request goes back to this same address, none goes anywhere else,
// and nothing keeps it (no storage, no logging).

import {
  $, addDays, arrive, CHANNEL_ICONS, directionOf, el, formatSpan, formatWhen, guessLanguage, helsinkiDay, icon, labelButton,
  line, loadPrompts, nameIn, prompt, renderPrompt, request, say, speak, speakerButton,
} from "./speech.js";
import { nextSlots, slotPicker } from "./slots.js";

const address = location.pathname;
const STATUSES = { confirmed: "check", cancelled: "cross", completed: "check", no_show: "cross" };
const sections = ["view", "times", "gone"];

let code = guessLanguage(); // until the booking says which language is the client's
let booking;
let busy = false;
let quietBack = false;

/** Show one section; focus its heading, and say it when `found` is given. */
function show(name, found) {
  for (const id of sections) $(id).hidden = id !== name;
  if (found) arrive($(name), found);
  else $(name).querySelector("h1")?.focus();
}

/** Tell what went wrong, say it, and offer what can be done instead. */
function problem(id, detail, ...offers) {
  const found = prompt(code, id);
  $("problem").replaceChildren(line(code, id, "cross"), detail ? el("p", { class: "detail", dir: "auto" }, detail) : "", ...offers);
  $("problem").scrollIntoView({ block: "nearest" }); // below a long list of times, maybe
  speak(found.lang, found.text, id);
}

async function showBooking(data, announce) {
  booking = data;
  code = data.language;
  document.documentElement.lang = code;
  document.documentElement.dir = directionOf(code);
  await loadPrompts(code).catch(() => {});
  const when = formatWhen(code, data.starts_at);
  const found = renderPrompt($("when-prompt"), "when", code, { when });
  $("prompt-when").dataset.testid = "booking-when";
  const name = nameIn(data.service_names, code);
  const span = formatSpan(code, data.starts_at, data.ends_at);
  const state = STATUSES[data.status] ? data.status : "confirmed";
  $("summary").replaceChildren(
    el("li", {}, el("p", { class: "line" }, icon("generic"), el("span", { lang: name.lang, dir: "auto" }, name.text),
      speakerButton(name.lang, name.text))),
    el("li", {}, el("p", { class: "line" }, icon("clock"), el("span", {}, span), speakerButton(code, span))),
    el("li", {}, line(code, data.channel, CHANNEL_ICONS[data.channel] ?? "generic")),
    el("li", { "data-testid": "booking-status", "data-status": data.status }, line(code, state, STATUSES[state])));
  labelButton($("join-room"), "camera", code, "room_join").hidden = !(data.status === "confirmed"
    && data.channel !== "in_person" && Date.parse(data.ends_at) > Date.now());
  labelButton($("change-time"), "calendar", code, "change_time");
  labelButton($("cancel"), "cross", code, "cancel");
  labelButton($("cancel-yes"), "cross", code, "yes");
  labelButton($("cancel-no"), "back", code, "no");
  labelButton($("book-new"), "calendar", code, "book_new").hidden = data.can_change;
  for (const back of document.querySelectorAll(".back")) labelButton(back, "back", code, "back");
  $("actions").hidden = !data.can_change;
  $("confirm").hidden = true;
  show("view", null);
  if (announce) {
    say(code, announce);
    const said = prompt(code, announce);
    speak(said.lang, said.text, announce);
  } else {
    speak(found.lang, found.text); // may be refused before a first tap; the speaker button is there
  }
}

function showGone() {
  $("problem").replaceChildren();
  const found = renderPrompt($("gone-prompt"), "gone", code);
  $("gone-more").replaceChildren(line(code, "call_us", "handset"),
    labelButton(el("a", { class: "change", href: "/" }), "calendar", code, "book_new"));
  show("gone", found);
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
  if (!booking?.can_change) return show("view", null);
  $("problem").replaceChildren();
  const query = {
    service_id: booking.service_id, municipality: booking.municipality_code, language: booking.language, channel: booking.channel,
  };
  slotPicker($("slot-picker"), code, query, move, addDays(helsinkiDay(), 366));
  show("times", renderPrompt($("times-prompt"), "choose_time", code));
}

$("change-time").addEventListener("click", () => {
  history.pushState({ step: "times" }, "");
  showTimes();
});
$("cancel").addEventListener("click", () => {
  const found = prompt(code, "sure");
  $("sure").replaceChildren(line(code, "sure", "cross"));
  $("actions").hidden = true;
  $("confirm").hidden = false;
  $("sure").focus();
  speak(found.lang, found.text, "sure");
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
  location.assign(`${answer.data.room_url}#t=${encodeURIComponent(answer.data.token)}&lang=${code}`);
});
for (const back of document.querySelectorAll(".back")) back.addEventListener("click", () => history.back());
addEventListener("popstate", (event) => {
  if (event.state?.step === "times") return showTimes();
  $("problem").replaceChildren();
  if (quietBack) quietBack = false;
  else show("view", null);
});

window.speechSynthesis?.getVoices(); // Chrome loads its voices only once first asked
if (history.state?.step) history.replaceState(null, "");
load();
