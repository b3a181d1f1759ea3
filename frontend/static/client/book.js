// @ts-check
// The last two steps: the contact (phone or e-mail) checked, then the summary read back and
// the booking made. A taken time offers the next free ones.

import { $, el } from "../dom.js";
import { request } from "../http.js";
import { CHANNEL_ICONS, hear, icon, labelButton, line, markLanguage, nameIn, prompt, renderPrompt, speakerButton } from "../ui.js";
import { clipFor, join, play, sayDate, sayDigits } from "../speech.js";
import { nextSlots } from "../slots.js";
import { digitsOf } from "./keypad.js";
import { reminderBy } from "./reminder.js";
import { PLACE_KEY, store } from "./store.js";
import { hearNumber, numberLine, phoneOf } from "../callus.js";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function clearErrors() {
  for (const field of ["phone", "email"]) {
    $(field).removeAttribute("aria-invalid");
    $(`${field}-error`).replaceChildren();
  }
}

/**
 * Show prompt `id` (and the server's own words, if any) under the phone or e-mail input.
 * @param {any} page
 * @param {{ field: string, id: string, detail?: string }} error
 */
function fieldError(page, { field, id, detail }) {
  const { code } = page.language;
  const found = prompt(code, id);
  const input = $(field);
  input.setAttribute("aria-invalid", "true");
  $(`${field}-error`).replaceChildren(markLanguage(el("span", {}, found.text), found), detail ? el("span", { class: "detail", dir: "auto" }, detail) : "");
  input.focus();
  play(hear(code, id));
}

/**
 * The number as the server reads it (core/phones.py is the one parser of phone numbers): its
 * international form, or `check_phone` when it cannot be a number. Where the server cannot be
 * asked (offline, or a server without the reader) the number goes on as typed: the booking is
 * read by the same parser, and its 422 brings the client back here.
 * @param {string} typed
 * @returns {Promise<{ phone?: string, error?: { field: string, id: string } }>}
 */
async function readPhone(typed) {
  const answer = await request(`/api/v1/phone-numbers?number=${encodeURIComponent(typed)}`).catch(() => null);
  if (answer?.ok && answer.data?.e164) return { phone: answer.data.e164 };
  if (answer?.status === 422) return { error: { field: "phone", id: "check_phone" } };
  return { phone: typed };
}

/**
 * Check the contact step; true when the flow may go on to confirm.
 * @param {any} page
 * @returns {Promise<boolean>}
 */
export async function checkContact(page) {
  const { flow } = page;
  const phoneOnly = flow.channel === "phone";
  const typed = $("phone", HTMLInputElement).value.trim();
  const email = phoneOnly ? "" : $("email", HTMLInputElement).value.trim();
  /** @type {{ field: string, id: string } | undefined} */
  let error;
  let phone = "";
  if (!typed && !email) error = { field: "phone", id: phoneOnly ? "need_phone" : "need_contact" };
  else if (typed) ({ phone = "", error } = await readPhone(typed));
  if (!error && email && !EMAIL.test(email)) error = { field: "email", id: "check_email" };
  clearErrors();
  if (error) {
    fieldError(page, error);
    return false;
  }
  Object.assign(flow, { phone: phone || undefined, email: email || undefined, typedPhone: typed });
  return true;
}

/** What the summary says: the service, the way, the time, the number digit by digit. */
async function readBack(page) {
  const { code } = page.language;
  const { flow } = page;
  const name = nameIn(flow.service.names, code);
  return join(
    await hear(code, "confirm"),
    await clipFor("services", flow.service.id, { lang: code, text: name.lang === code ? name.text : "" }),
    await hear(code, flow.channel),
    await sayDate(flow.slot.starts_at, { lang: code, text: flow.slot.label }),
    flow.phone ? await sayDigits(digitsOf(flow.typedPhone), { lang: code }) : null);
}

function renderSummary(page, goTo) {
  const { code } = page.language;
  const { flow } = page;
  const name = nameIn(flow.service.names, code);
  const how = prompt(code, flow.channel);
  const own = flow.slot.own_language;
  const row = (pictogram, ...content) => el("li", {}, icon(pictogram), el("span", {}, ...content));
  const place = flow.place;
  const change = labelButton(el("button", { type: "button", class: "change", "data-testid": "change-municipality" }), "pin", code, "change_place");
  change.addEventListener("click", () => {
    flow.place = null; // asked again; the times depend on it
    goTo("where");
  });
  $("summary").replaceChildren(
    row(page.iconFor(flow.service), el("span", { lang: name.lang, dir: "auto" }, name.text)),
    row(CHANNEL_ICONS[flow.channel], markLanguage(el("span", {}, how.text), how)),
    row("pin", el("span", { lang: "fi" }, place.name_fi), change),
    row("calendar", el("span", { "data-testid": "summary-when" }, flow.slot.label), own === undefined ? null : icon(own ? "bubble" : "interpreter")),
    row("bell", el("span", { dir: "ltr" }, flow.phone ? flow.typedPhone : flow.email)),
    el("li", { class: "listen" }, speakerButton(code, () => readBack(page), "read-summary")));
}

export function renderConfirm(page) {
  const { code } = page.language;
  renderSummary(page, page.goTo);
  labelButton($("book"), "check", code, "book");
  $("booking-error").replaceChildren();
  renderPrompt($("confirm-prompt"), "confirm", code);
  return readBack(page);
}

// A random (version 4) UUID; crypto.randomUUID exists in secure contexts only.
const uuid = () => crypto.randomUUID?.() ?? "10000000-1000-4000-8000-100000000000"
  .replace(/[018]/g, (c) => (Number(c) ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (Number(c) / 4)))).toString(16));

/** Tell why the booking did not go through, say it, and offer what can be done instead. */
function bookingError(page, id, detail, ...offers) {
  const { code } = page.language;
  // A booking that fails has a way out: the service's organisation's number.
  const phone = phoneOf(page.flow.service);
  $("booking-error").replaceChildren(line(code, id, "cross"), detail ? el("p", { class: "detail", dir: "auto" }, detail) : "", ...offers, numberLine(code, phone) ?? "");
  $("booking-error").scrollIntoView({ block: "nearest" });
  play(async () => (phone ? join(await hear(code, id), await hearNumber(code, "our_number", phone)) : hear(code, id)));
}

async function book(page, slot = page.flow.slot) {
  const { code } = page.language;
  const { flow } = page;
  if (slot !== flow.slot) {
    flow.slot = slot; // one of the next free times a 409 offered
    renderSummary(page, page.goTo);
  }
  const client = { preferred_language: code, home_municipality_code: flow.place.code, prefers_audio: true };
  if (flow.phone) client.phone = flow.phone;
  if (flow.email) client.email = flow.email;
  const way = reminderBy(flow);
  const body = { slot: slot.slot, client, ...(way ? { reminder_by: way } : {}) };
  // The same request keeps its key, so a retry after a lost answer never books twice.
  if (flow.keyFor !== JSON.stringify(body)) Object.assign(flow, { key: uuid(), keyFor: JSON.stringify(body) });
  const button = $("book", HTMLButtonElement);
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  $("booking-error").replaceChildren();
  let answer;
  try {
    // A personal invitation's reference (from its link) credits the booking to the invitation.
    const invite = new URLSearchParams(location.search).get("invite");
    const headers = { "Idempotency-Key": flow.key, ...(invite ? { "X-Neuvo-Invitation": invite } : {}) };
    answer = await request("/api/v1/bookings", { method: "POST", body, headers });
  } catch {
    answer = { status: 0, data: null };
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
  const problem = answer.data ?? {};
  if (answer.status === 201 && problem.client_link) {
    store(PLACE_KEY, flow.place.code); // not asked again on this device
    location.href = new URL(problem.client_link, location.href).pathname; // never another host
    return;
  }
  const field = (problem.errors ?? []).find((error) => /^client\.(phone|email)/.test(error.field));
  if (answer.status === 422 && field) {
    const name = field.field.includes("phone") ? "phone" : "email";
    flow.fieldError = { field: name, id: `check_${name}`, detail: field.reason ?? problem.detail };
    history.back(); // to the contact step, which shows it beside the input
    return;
  }
  // Problem types are /problems/<error-name>, as api/errors.py names them.
  const taken = /slot-unavailable/.test(problem.type);
  const otherTime = answer.status === 409 ? !/too-many/.test(problem.type) : problem.errors?.some((e) => e.field === "slot");
  if (problem.next_slots?.length) {
    bookingError(page, "taken", null, nextSlots(code, problem.next_slots, (next) => book(page, next)));
  } else if (taken || otherTime) {
    const again = labelButton(el("button", { type: "button", class: "change" }), "calendar", code, "choose_time");
    again.addEventListener("click", () => history.go(-2)); // back to the times
    bookingError(page, taken ? "taken" : "booking_failed", problem.detail, again);
  } else {
    bookingError(page, "booking_failed", problem.detail ?? prompt(code, "try_again").text);
  }
}

export function setUpBooking(page, goTo) {
  page.goTo = goTo;
  page.fieldError = (error) => fieldError(page, error);
  page.clearErrors = clearErrors;
  $("book").addEventListener("click", () => book(page));
}
