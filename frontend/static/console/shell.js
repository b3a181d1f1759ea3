// @ts-check
// The console's shell: log-in, the tab bar (WAI-ARIA tabs, the chosen tab kept in the address),
// the console language, and the tabs of tabs.js, each rendered the first time it is shown.
// What a role may do is enforced by the server; hiding a tab here only saves clicks.

import { $, el } from "../dom.js";
import { api, setCsrfToken } from "../http.js";
import { LANGUAGES, formatter, pickLanguage, problemText, translator } from "./i18n.js";
import TAB_IDS from "./tabs.js";
import { guide } from "./next-step.js";

const loginForm = $("login", HTMLFormElement);
const loginError = $("login-error");
/** The log-in form's inputs, by name. */
const loginFields = () => /** @type {HTMLFormControlsCollection & { email: HTMLInputElement, password: HTMLInputElement }} */ (loginForm.elements);
const header = /** @type {HTMLElement} */ (document.querySelector('[data-testid="header"]'));
const app = $("app");
const tabBar = $("tabs");
const panels = $("panels");
const status = $("status");

const ENDONYMS = { fi: "suomi", sv: "svenska", en: "English" };
let lang = pickLanguage(null);
let t = translator(lang);
let shown = []; // [{tab, button, panel, rendered, again}]: `again` brings a drawn tab up to date
let refreshGuide = async () => {}; // the first-run path (next-step.js)
const modules = await Promise.all(TAB_IDS.map(async (id) => (await import(`./${id}.js`)).default));

function notify(text, isError = false) {
  status.textContent = text;
  status.classList.toggle("error", isError);
}

/** The shell's own words, in the console language (the log-in form too). */
function applyWords() {
  document.documentElement.lang = lang;
  document.title = t("console");
  for (const node of document.querySelectorAll("[data-i18n]")) if (node instanceof HTMLElement) node.textContent = t(node.dataset.i18n);
  tabBar.setAttribute("aria-label", t("sections"));
}

function showLogin(message = "") {
  setCsrfToken(null);
  header.hidden = true;
  app.hidden = true;
  tabBar.replaceChildren();
  panels.replaceChildren(); // leave no personal data on a logged-out console
  shown = [];
  loginForm.hidden = false;
  loginError.textContent = message;
  loginError.hidden = !message;
  notify("");
  loginFields().email.focus();
}

/** Show what went wrong in the console language; a 401 asks for the log-in again. */
function report(error) {
  if (error.status === 401) showLogin(t("sessionEnded"));
  else notify(t("error", { error: problemText(t, error) }), true);
}

function cachedGets() {
  const cache = new Map();
  return (path) => {
    if (!cache.has(path)) cache.set(path, api("GET", path).catch((error) => { cache.delete(path); throw error; }));
    return cache.get(path);
  };
}

async function selectTab(id, focus = false) {
  const chosen = shown.find((entry) => entry.tab.id === id) ?? shown[0];
  if (!chosen) return;
  for (const entry of shown) {
    const selected = entry === chosen;
    entry.button.setAttribute("aria-selected", String(selected));
    entry.button.tabIndex = selected ? 0 : -1;
    entry.panel.hidden = !selected;
  }
  if (focus) chosen.button.focus();
  history.replaceState(null, "", `#${chosen.tab.id}`);
  refreshGuide();
  const first = !chosen.rendered;
  if (!first && !chosen.again) return;
  chosen.rendered = true;
  chosen.panel.setAttribute("aria-busy", "true");
  try {
    if (first) chosen.again = (await chosen.tab.render(chosen.panel, chosen.ctx)) || null;
    else await chosen.again?.();
  } catch (error) {
    report(error);
  } finally {
    chosen.panel.removeAttribute("aria-busy");
  }
}

tabBar.addEventListener("keydown", (event) => {
  const index = shown.findIndex((entry) => entry.button === document.activeElement);
  const target = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: shown.length - 1 }[event.key];
  if (index < 0 || target === undefined) return;
  event.preventDefault();
  selectTab(shown[(target + shown.length) % shown.length].tab.id, true);
});

function languagePicker() {
  // Each language by its own name, as people look for their own.
  const picker = el("select", { id: "console-language", "data-testid": "console-language", "data-endonyms": true },
    LANGUAGES.map((code) => el("option", { value: code, lang: code, selected: code === lang }, ENDONYMS[code])));
  picker.addEventListener("change", async () => {
    try {
      const changed = await api("PATCH", "/api/v1/auth/me", { console_language: picker.value });
      await enter({ staff: changed.staff, csrf_token: changed.csrf_token ?? null });
    } catch (error) {
      report(error);
    }
  });
  return el("label", { class: "language" }, el("span", {}, t("language")), picker);
}

async function enter({ staff: me, csrf_token: token }) {
  if (token) setCsrfToken(token);
  lang = pickLanguage(me.console_language);
  t = translator(lang);
  applyWords();
  loginForm.hidden = true;
  header.hidden = false;
  app.hidden = false;
  $("user-name").textContent = me.display_name;
  $("user-roles").textContent = me.roles.map((role) => t(`role_${role}`)).join(", ");
  $("language-slot").replaceChildren(languagePicker());
  const fmt = formatter(lang, me.timezone || "Europe/Helsinki");
  const get = cachedGets();
  const visible = modules.filter((tab) => !tab.roles.length || tab.roles.some((role) => me.roles.includes(role)));
  tabBar.replaceChildren();
  panels.replaceChildren();
  shown = visible.map((tab) => {
    const tabT = translator(lang, tab.strings);
    const button = el("button", {
      type: "button", role: "tab", id: `tab-${tab.id}`, "aria-controls": `panel-${tab.id}`,
      "data-testid": `tab-${tab.id}`, "aria-selected": "false", tabindex: "-1",
    }, tabT("title"));
    const panel = el("section", {
      role: "tabpanel", id: `panel-${tab.id}`, "aria-labelledby": `tab-${tab.id}`,
      "data-testid": `panel-${tab.id}`, tabindex: "0", hidden: true,
    });
    const ctx = { api, t: tabT, me, lang, fmt, notify, report, el, get, select: (id) => selectTab(id, true) };
    button.addEventListener("click", () => { notify(""); selectTab(tab.id); });
    tabBar.append(button);
    panels.append(panel);
    return { tab, button, panel, ctx, rendered: false, again: null };
  });
  refreshGuide = guide(panels, { api, me, lang, select: (id) => selectTab(id, true) });
  const organisations = await get("/api/v1/organisations").catch(() => []);
  $("organisation-name").textContent = organisations.find((org) => org.id === me.organisation_id)?.name ?? "";
  await selectTab(location.hash.slice(1));
}

loginForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const submit = /** @type {HTMLButtonElement} */ (loginForm.querySelector('button[type=\"submit\"]'));
  const fields = loginFields();
  submit.disabled = true;
  loginError.hidden = true;
  try {
    const session = await api("POST", "/api/v1/auth/login", {
      email: fields.email.value, password: fields.password.value,
    });
    loginForm.reset();
    await enter(session);
  } catch (error) {
    let text = problemText(t, error);
    if (error.status === 429) {
      const seconds = Number(error.retryAfter) || 0;
      const wait = !(seconds > 0) ? t("aMoment")
        : seconds < 90 ? t("seconds", { n: Math.ceil(seconds) }) : t("minutes", { n: Math.ceil(seconds / 60) });
      text = `${text} ${t("tryAgainIn", { wait })}`;
    }
    loginError.textContent = text;
    loginError.hidden = false;
  } finally {
    submit.disabled = false;
  }
});

$("logout").addEventListener("click", async () => {
  try {
    await api("POST", "/api/v1/auth/logout");
  } catch (error) {
    if (error.status !== 401) {
      report(error);
      return;
    }
  }
  showLogin(t("loggedOut"));
});

// Start: a reload keeps the session, so ask who is logged in (and for a fresh CSRF token).
applyWords();
let current = null;
try {
  current = await api("GET", "/api/v1/auth/me");
} catch (error) {
  showLogin(error.status === 401 ? "" : t("checkFailed", { error: error.message }));
}
if (current) await enter(current);
