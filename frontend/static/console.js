// The staff console: log in, then services, staff, agreements and municipalities as tables.
// What an admin may change is also enforced by the server; hiding it here only saves clicks.

import { api, setCsrfToken } from "./api.js";

const CHANNELS = { video: "Video", phone: "Phone", in_person: "In person" };

const $ = (selector) => document.querySelector(selector);
const loginForm = $("#login");
const loginError = $("#login-error");
const header = $('[data-testid="header"]');
const app = $("#app");
const tabs = [...document.querySelectorAll('[role="tab"]')];
const serviceForm = $("#service-form");
const status = $("#status");

let me = null;
let organisations = new Map();
let municipalities = [];
let services = [];
let staff = [];
let agreements = [];

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function notify(text, isError = false) {
  status.textContent = text;
  status.classList.toggle("error", isError);
}

/** Show what went wrong; a 401 means the session ended, so ask for the log-in again. */
function report(error) {
  if (error.status === 401) showLogin("Your session has ended. Please log in again.");
  else notify(`Error: ${error.message}`, true);
}

const isAdmin = () => me?.roles.includes("admin") ?? false;
const seesOutbox = () => isAdmin() || (me?.roles.includes("operator") ?? false);
const hasSessions = () => ["advisor", "interpreter", "peer_counsellor"].some((role) => me?.roles.includes(role));
const getsOffers = () => ["interpreter", "peer_counsellor"].some((role) => me?.roles.includes(role));
const words = (value) => value.replaceAll("_", " ");

/** Wait time from a Retry-After header: seconds, or an HTTP date. */
function waitText(retryAfter) {
  let seconds = Number(retryAfter);
  if (!retryAfter || Number.isNaN(seconds)) seconds = (Date.parse(retryAfter) - Date.now()) / 1000;
  if (!(seconds > 0)) return "a moment";
  return seconds < 90 ? `${Math.ceil(seconds)} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}

// Tables

function fillTable(name, rows, emptyText) {
  const table = $(`[data-testid="table-${name}"]`);
  const body = table.tBodies[0];
  if (rows.length) {
    body.replaceChildren(...rows);
  } else {
    const span = table.tHead.rows[0].cells.length;
    body.replaceChildren(el("tr", {}, el("td", { colspan: span }, emptyText)));
  }
}

const row = (attributes, ...cells) =>
  el("tr", attributes, ...cells.map((cell) => el("td", {}, cell ?? "")));

// The server ensures every service has a Finnish or a Swedish name.
const serviceName = (service) => service.names.fi ?? service.names.sv;

function renderServices() {
  fillTable("services", services.map((service) => row(
    { "data-id": service.id, "data-testid": "service-row" },
    serviceName(service),
    service.slug,
    service.buffer_minutes
      ? `${service.duration_minutes} min (+${service.buffer_minutes} min buffer)`
      : `${service.duration_minutes} min`,
    service.channels.map((channel) => CHANNELS[channel] ?? channel).join(", "),
    organisations.get(service.organisation_id)?.name ?? "",
    service.active ? "yes" : "no",
  )), "No services yet.");
}

function staffToggle(member) {
  const button = el("button", { type: "button", "data-testid": "staff-toggle" },
    member.active ? "Deactivate" : "Activate");
  // Deactivating yourself would end your own access in the middle of the session.
  if (member.id === me.id) {
    button.disabled = true;
    button.title = "You cannot deactivate yourself";
  }
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const updated = await api("PATCH", `/api/v1/staff/${member.id}`, { active: !member.active });
      staff = staff.map((item) => (item.id === updated.id ? updated : item));
      renderStaff();
      notify(`${updated.display_name} is now ${updated.active ? "active" : "inactive"}.`);
    } catch (error) {
      button.disabled = false;
      report(error);
    }
  });
  return button;
}

function renderStaff() {
  fillTable("staff", staff.map((member) => {
    const tr = row(
      { "data-id": member.id, "data-testid": "staff-row" },
      member.display_name,
      member.email,
      member.roles.map(words).join(", "),
      member.languages.map(({ language, level }) => `${language} (${level})`).join(", "),
      member.active ? "yes" : "no",
    );
    if (isAdmin()) tr.append(el("td", {}, staffToggle(member)));
    return tr;
  }), "No staff yet.");
}

function renderAgreements() {
  const municipalityNames = new Map(municipalities.map((m) => [m.code, m.name_fi]));
  const serviceNames = new Map(services.map((s) => [s.id, serviceName(s)]));
  fillTable("agreements", agreements.map((agreement) => row(
    { "data-id": agreement.id, "data-testid": "agreement-row" },
    municipalityNames.get(agreement.municipality_code) ?? agreement.municipality_code,
    agreement.service_ids.map((id) => serviceNames.get(id) ?? id).join(", "),
    agreement.valid_from,
    agreement.valid_to ?? "open-ended",
    agreement.note,
  )), "No agreements yet.");
}

function renderMunicipalities() {
  fillTable("municipalities", municipalities.map((m) => row(
    { "data-code": m.code, "data-testid": "municipality-row" }, m.code, m.name_fi, m.name_sv, m.region,
  )), "No municipalities yet.");
}

// Tabs (WAI-ARIA tabs pattern; the chosen one is kept in the address, so a reload keeps it)

const visibleTabs = () => tabs.filter((tab) => !tab.hidden);

function selectTab(name) {
  const chosen = visibleTabs().find((tab) => tab.dataset.tab === name) ?? visibleTabs()[0];
  for (const tab of tabs) {
    const selected = tab === chosen;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(`#${tab.getAttribute("aria-controls")}`).hidden = !selected;
  }
  history.replaceState(null, "", `#${chosen.dataset.tab}`);
  return chosen;
}

for (const tab of tabs) {
  tab.addEventListener("click", () => {
    notify("");
    selectTab(tab.dataset.tab);
  });
}

$("#tabs").addEventListener("keydown", (event) => {
  const shown = visibleTabs();
  const index = shown.indexOf(document.activeElement);
  const target = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: shown.length - 1 }[event.key];
  if (index < 0 || target === undefined) return;
  event.preventDefault();
  selectTab(shown[(target + shown.length) % shown.length].dataset.tab).focus();
});

// Logging in and out

function showLogin(message = "") {
  me = null;
  setCsrfToken(null);
  header.hidden = true;
  app.hidden = true;
  // Leave no personal data on the page of a logged-out console.
  for (const body of app.querySelectorAll("tbody")) body.replaceChildren();
  loginForm.hidden = false;
  loginError.textContent = message;
  loginError.hidden = !message;
  notify("");
  loginForm.elements.email.focus();
}

async function enter({ staff: person, csrf_token: token }) {
  me = person;
  setCsrfToken(token);
  loginForm.hidden = true;
  header.hidden = false;
  app.hidden = false;
  document.body.classList.toggle("is-admin", isAdmin());
  for (const tab of tabs) {
    tab.hidden = ("admin" in tab.dataset && !isAdmin()) || ("outbox" in tab.dataset && !seesOutbox())
      || ("helper" in tab.dataset && !getsOffers()) || ("sessions" in tab.dataset && !hasSessions());
  }
  $("#user-name").textContent = me.display_name;
  $("#user-roles").textContent = me.roles.map(words).join(", ");
  selectTab(location.hash.slice(1));
  await loadAll();
}

async function loadAll() {
  notify("Loading…");
  try {
    let orgList;
    [orgList, municipalities, services, staff, agreements] = await Promise.all([
      api("GET", "/api/v1/organisations"),
      api("GET", "/api/v1/municipalities"),
      api("GET", "/api/v1/services?include_inactive=true"),
      api("GET", "/api/v1/staff"),
      isAdmin() ? api("GET", "/api/v1/agreements") : [],
    ]);
    organisations = new Map(orgList.map((org) => [org.id, org]));
  } catch (error) {
    report(error);
    return;
  }
  $("#organisation-name").textContent = organisations.get(me.organisation_id)?.name ?? "";
  renderServices();
  renderStaff();
  renderAgreements();
  renderMunicipalities();
  if (seesOutbox()) await loadMessages();
  if (getsOffers()) await loadOffers();
  if (hasSessions()) await loadSessions();
  notify("");
}

// The outbox

const HELSINKI_TIME = new Intl.DateTimeFormat("fi-FI", {
  timeZone: "Europe/Helsinki", dateStyle: "short", timeStyle: "short",
});

async function loadMessages() {
  const wanted = $("#message-filter").value;
  const query = wanted ? `?status=${encodeURIComponent(wanted)}` : "";
  let messages;
  try {
    messages = await api("GET", `/api/v1/messages${query}`);
  } catch (error) {
    report(error);
    return;
  }
  fillTable("messages", messages.map((message) => {
    const action = el("td");
    if (message.status === "failed" || message.status === "undeliverable") {
      const again = el("button", { type: "button", "data-testid": `send-again-${message.id}` }, "Send again");
      again.addEventListener("click", async () => {
        again.disabled = true;
        try {
          await api("POST", `/api/v1/messages/${message.id}/send-again`);
          notify("The message is queued again.");
          await loadMessages();
        } catch (error) {
          report(error);
          again.disabled = false;
        }
      });
      action.append(again);
    }
    const status = message.last_error ? `${words(message.status)}: ${message.last_error}` : words(message.status);
    const kind = `${words(message.kind)} (${message.channel}, ${message.language})`;
    const text = message.fallback ? `${message.text ?? ""} [${message.fallback}]` : message.text;
    const tr = row(
      { "data-testid": `message-${message.id}`, class: `message-${message.status}` },
      HELSINKI_TIME.format(new Date(message.due_at)), kind, message.recipient, status, text,
    );
    tr.append(action);
    return tr;
  }), "No messages.");
}

$("#message-filter").addEventListener("change", loadMessages);

// Offers to an interpreter or a peer counsellor

async function answerOffer(offer, verb, button) {
  button.disabled = true;
  try {
    await api("POST", `/api/v1/offers/${offer.id}/${verb}`, verb === "decline" ? {} : undefined);
    notify(verb === "accept" ? "The session is yours." : "You declined the offer.");
  } catch (error) {
    report(error); // 409: someone else was first, or the offer has closed
  }
  await loadOffers();
}

async function loadOffers() {
  let offers;
  try {
    offers = await api("GET", "/api/v1/offers");
  } catch (error) {
    report(error);
    return;
  }
  fillTable("offers", offers.map((offer) => {
    const action = el("td");
    if (offer.status === "open") {
      for (const [verb, label] of [["accept", "Accept"], ["decline", "Decline"]]) {
        const button = el("button", { type: "button", "data-testid": `${verb}-${offer.id}` }, label);
        button.addEventListener("click", () => answerOffer(offer, verb, button));
        action.append(button);
      }
    }
    const tr = row(
      { "data-testid": `offer-${offer.id}` },
      HELSINKI_TIME.format(new Date(offer.starts_at)), offer.language,
      CHANNELS[offer.channel] ?? offer.channel, words(offer.status),
    );
    tr.append(action);
    return tr;
  }), "No offers.");
}

// The day's sessions, and the way into their rooms

const helsinkiToday = () => new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Helsinki" }).format(new Date());

async function joinRoom(session, button) {
  button.disabled = true;
  try {
    const issued = await api("POST", `/api/v1/rooms/${session.id}/passes`);
    // The pass goes in the fragment: never sent to a server, never in a log.
    window.open(`${issued.room_url}#t=${encodeURIComponent(issued.token)}&lang=${document.documentElement.lang || "en"}`, "_blank", "noopener");
  } catch (error) {
    report(error); // 409: the session is over, cancelled, in person or moved to the phone
  } finally {
    button.disabled = false;
  }
}

async function loadSessions() {
  const day = $("#sessions-day");
  day.value ||= helsinkiToday();
  let sessions;
  try {
    sessions = await api("GET", `/api/v1/bookings?on=${day.value}`);
  } catch (error) {
    report(error);
    return;
  }
  const now = Date.now();
  const rows = await Promise.all(sessions.map(async (session) => {
    const action = el("td");
    const live = session.status === "confirmed" && session.channel !== "in_person" && Date.parse(session.ends_at) > now;
    if (live) {
      const button = el("button", { type: "button", "data-testid": `join-${session.id}` }, "Join");
      button.addEventListener("click", () => joinRoom(session, button));
      action.append(button);
    }
    let status = words(session.status);
    if (session.interpreter_missing) status += " · interpreter missing";
    if (session.status === "confirmed" && session.channel === "video" && Date.parse(session.starts_at) < now) {
      const facts = await api("GET", `/api/v1/rooms/${session.id}/facts`).catch(() => null);
      if (facts?.switched_to_phone_at) status += " · moved to phone";
      else if (facts?.suggest_no_show) status += " · client has not joined: no-show?";
    }
    const tr = row(
      { "data-testid": `session-${session.id}` },
      HELSINKI_TIME.format(new Date(session.starts_at)), session.language,
      CHANNELS[session.channel] ?? session.channel, status,
    );
    tr.append(action);
    return tr;
  }));
  fillTable("sessions", rows, "No sessions on this day.");
}

$("#sessions-day").addEventListener("change", loadSessions);

loginForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const submit = loginForm.querySelector('[type="submit"]');
  const fields = loginForm.elements;
  submit.disabled = true;
  loginError.hidden = true;
  try {
    const session = await api("POST", "/api/v1/auth/login", {
      email: fields.email.value,
      password: fields.password.value,
    });
    loginForm.reset();
    await enter(session);
  } catch (error) {
    loginError.textContent = error.status === 429
      ? `${error.message.replace(/\.?$/, ".")} Try again in ${waitText(error.retryAfter)}.`
      : error.message;
    loginError.hidden = false;
  } finally {
    submit.disabled = false;
  }
});

$("#logout").addEventListener("click", async () => {
  try {
    await api("POST", "/api/v1/auth/logout");
  } catch (error) {
    if (error.status !== 401) {
      report(error);
      return;
    }
  }
  showLogin("You have logged out.");
});

// Adding a service

/** The error slot nearest to a field path ("names.fi", "channels.0"), and the path it is for. */
function errorSlot(field) {
  for (let path = String(field ?? ""); path; path = path.slice(0, Math.max(path.lastIndexOf("."), 0))) {
    const slot = serviceForm.querySelector(`.field-error[data-error-for="${CSS.escape(path)}"]`);
    if (slot) return { slot, path };
  }
  return { slot: null, path: "" };
}

function showFieldErrors(errors) {
  const general = serviceForm.querySelector('[data-error-for=""]');
  const messages = [];
  for (const slot of serviceForm.querySelectorAll(".field-error")) slot.textContent = "";
  for (const input of serviceForm.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  for (const { field, reason } of errors) {
    const { slot, path } = errorSlot(field);
    if (slot) {
      slot.textContent = slot.textContent ? `${slot.textContent} ${reason}` : reason;
      serviceForm.querySelector(`[name="${CSS.escape(path)}"]`)?.setAttribute("aria-invalid", "true");
    } else {
      messages.push(field ? `${field}: ${reason}` : reason);
    }
  }
  general.textContent = messages.join(" ");
  general.hidden = !messages.length;
}

/** Light checks only; the server has the last word and its errors land in the same places. */
function checkService(form) {
  const errors = [];
  for (const input of form.querySelectorAll("input[name]:not([type=checkbox])")) {
    if (!input.checkValidity()) errors.push({ field: input.name, reason: input.validationMessage });
  }
  if (!form.elements["names.fi"].value.trim() && !form.elements["names.sv"].value.trim()) {
    errors.push({ field: "names", reason: "Give a name in Finnish or Swedish." });
  }
  if (!form.querySelector('[name="channels"]:checked')) {
    errors.push({ field: "channels", reason: "Choose at least one channel." });
  }
  return errors;
}

function serviceBody(form) {
  const data = new FormData(form);
  const names = {};
  for (const code of ["fi", "sv", "en"]) {
    const name = data.get(`names.${code}`).trim();
    if (name) names[code] = name;
  }
  return {
    slug: data.get("slug").trim(),
    names,
    duration_minutes: Number(data.get("duration_minutes")),
    buffer_minutes: Number(data.get("buffer_minutes")),
    channels: data.getAll("channels"),
    min_notice_minutes: Number(data.get("min_notice_minutes")),
    horizon_days: Number(data.get("horizon_days")),
    peer_guidance: data.has("peer_guidance"),
  };
}

serviceForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const errors = checkService(serviceForm);
  showFieldErrors(errors);
  if (errors.length) return;
  const submit = serviceForm.querySelector('[type="submit"]');
  submit.disabled = true;
  try {
    const created = await api("POST", "/api/v1/services", serviceBody(serviceForm));
    services = [...services, created];
    renderServices();
    serviceForm.reset();
    notify(`Service “${serviceName(created)}” added.`);
  } catch (error) {
    if (error.status === 401) report(error);
    else showFieldErrors(error.errors?.length ? error.errors : [{ field: "", reason: error.message }]);
  } finally {
    submit.disabled = false;
  }
});

// Start: a reload keeps the session, so ask who is logged in (and for a fresh CSRF token).
let current = null;
try {
  current = await api("GET", "/api/v1/auth/me");
} catch (error) {
  showLogin(error.status === 401 ? "" : `Could not check your session: ${error.message}`);
}
if (current) await enter(current);
