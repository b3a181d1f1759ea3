// The client page: pick a language by its own name, then see the services on offer.
// Speech first: every prompt has a speaker button, and is spoken on arrival after a tap.
// Booking comes later; the service cards only tell what is offered.

const STORAGE_KEY = "neuvo.language";

// Used when /api/v1/languages does not answer: the languages most asked for in Finland.
const FALLBACK_LANGUAGES = [
  ["fi", "suomi"], ["sv", "svenska"], ["en", "English"], ["ar", "العربية", "rtl"],
  ["so", "Soomaali"], ["prs", "دری", "rtl"], ["ckb", "کوردیی ناوەندی", "rtl"], ["ti", "ትግርኛ"],
  ["uk", "українська"], ["ru", "русский"],
].map(([code, endonym, direction = "ltr"]) => ({ code, endonym, direction }));

// Only fi, sv and en have been checked by a person. The others are machine translations,
// marked on the page (data-reviewed="false") until a native speaker has reviewed them.
const PROMPTS = {
  fi: { reviewed: true, text: {
    choose_language: "Valitse kieli", what_help: "Missä tarvitset apua?",
    change_language: "Vaihda kieli", minutes: "{n} min", listen: "Kuuntele",
    no_services: "Palveluja ei ole nyt.", load_failed: "Lataus ei onnistunut.",
    try_again: "Yritä uudelleen" } },
  sv: { reviewed: true, text: {
    choose_language: "Välj ditt språk", what_help: "Vad behöver du hjälp med?",
    change_language: "Byt språk", minutes: "{n} min", listen: "Lyssna",
    no_services: "Inga tjänster just nu.", load_failed: "Det gick inte att ladda.",
    try_again: "Försök igen" } },
  en: { reviewed: true, text: {
    choose_language: "Choose your language", what_help: "What do you need help with?",
    change_language: "Change language", minutes: "{n} min", listen: "Listen",
    no_services: "No services right now.", load_failed: "Could not load.",
    try_again: "Try again" } },
  ar: { reviewed: false, text: {
    choose_language: "اختر لغتك", what_help: "بماذا تحتاج المساعدة؟",
    change_language: "تغيير اللغة", minutes: "{n} دقيقة", listen: "استمع",
    no_services: "لا توجد خدمات الآن.", load_failed: "تعذّر التحميل.",
    try_again: "حاول مرة أخرى" } },
  so: { reviewed: false, text: {
    choose_language: "Dooro luqaddaada", what_help: "Maxaad caawimaad uga baahan tahay?",
    change_language: "Beddel luqadda", minutes: "{n} daqiiqo", listen: "Dhageyso",
    no_services: "Hadda ma jiraan adeegyo.", load_failed: "Lama soo dejin karin.",
    try_again: "Isku day mar kale" } },
  prs: { reviewed: false, text: {
    choose_language: "زبان تان را انتخاب کنید", what_help: "به چه کمک نیاز دارید؟",
    change_language: "تبدیل زبان", minutes: "{n} دقیقه", listen: "بشنوید",
    no_services: "فعلاً هیچ خدمتی موجود نیست.", load_failed: "بارگیری نشد.",
    try_again: "دوباره کوشش کنید" } },
  ckb: { reviewed: false, text: {
    choose_language: "زمانەکەت هەڵبژێرە", what_help: "پێویستت بە چ یارمەتییەک هەیە؟",
    change_language: "گۆڕینی زمان", minutes: "{n} خولەک", listen: "گوێ بگرە",
    no_services: "ئێستا هیچ خزمەتگوزارییەک نییە.", load_failed: "بار نەکرا.",
    try_again: "دووبارە هەوڵ بدەرەوە" } },
  ti: { reviewed: false, text: {
    choose_language: "ቋንቋኹም ምረጹ", what_help: "ብምንታይ ሓገዝ የድልየኩም?",
    change_language: "ቋንቋ ቀይሩ", minutes: "{n} ደቒቕ", listen: "ስምዑ",
    no_services: "ሕጂ ኣገልግሎት የለን።", load_failed: "ክጽዓን ኣይከኣለን።",
    try_again: "ደጊምኩም ፈትኑ" } },
  uk: { reviewed: false, text: {
    choose_language: "Оберіть мову", what_help: "З чим вам потрібна допомога?",
    change_language: "Змінити мову", minutes: "{n} хв", listen: "Слухати",
    no_services: "Зараз немає послуг.", load_failed: "Не вдалося завантажити.",
    try_again: "Спробувати знову" } },
  ru: { reviewed: false, text: {
    choose_language: "Выберите язык", what_help: "С чем вам нужна помощь?",
    change_language: "Сменить язык", minutes: "{n} мин", listen: "Слушать",
    no_services: "Сейчас нет услуг.", load_failed: "Не удалось загрузить.",
    try_again: "Попробовать снова" } },
};

// Pictograms: stroke paths on a 24×24 grid, styled by neuvo.css.
const ICONS = {
  speaker: '<path d="M4 9h4l5-4v14l-5-4H4z"/><path d="M16.5 9a4 4 0 0 1 0 6M19 6.5a8 8 0 0 1 0 11"/>',
  globe: '<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3c3.5 4 3.5 14 0 18M12 3c-3.5 4-3.5 14 0 18"/>',
  retry: '<path d="M20 12a8 8 0 1 1-2.3-5.7M20 4v5h-5"/>',
  clock: '<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>',
  bubbles: '<path d="M3 4h12v9H8l-4 3v-3H3z"/><path d="M18 8h3v9h-1v3l-3-3h-6v-2"/>',
  clipboard: '<rect x="5" y="4" width="14" height="17" rx="2"/><path d="M9 2h6v4H9zM9 11l2 2 4-4M9 17h6"/>',
  document: '<path d="M6 3h8l4 4v14H6z"/><path d="M14 3v4h4M9 12h6M9 16h6"/>',
  people: '<circle cx="9" cy="8" r="3"/><circle cx="17" cy="9" r="2.5"/><path d="M3 20c0-4 3-6 6-6s6 2 6 6M16 14.5c3 0 5 2 5 5.5"/>',
  generic: '<circle cx="12" cy="12" r="9"/><path d="M12 11v6M12 7.5v.5"/>',
};

// Slugs are chosen by each organisation, in Finnish, Swedish or English: match on word stems.
const SERVICE_ICONS = [
  ["people", /peer|vertais|kamrat/],
  ["clipboard", /assess|arvio|kartoitus|kartläggning|bedömning/],
  ["document", /plan|suunnitelm/],
  ["bubbles", /guid|advice|advis|counsel|neuvon|ohjaus|rådgivning|vägledning/],
];

const $ = (id) => document.getElementById(id);
const screens = { pick: $("pick"), offer: $("offer") };
const languageList = $("language-list");
const serviceList = $("service-list");
const changeButton = $("change-language");
const retryButton = $("retry");
const status = $("status");

let language = recall();
let languagesRequest;
let servicesRequest;
let playing;
const audioChecks = new Map();

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function icon(name) {
  const span = el("span", { class: "icon", "aria-hidden": "true" });
  span.innerHTML = `<svg viewBox="0 0 24 24" focusable="false">${ICONS[name]}</svg>`;
  return span;
}

function directionOf(code) {
  return FALLBACK_LANGUAGES.find((item) => item.code === code)?.direction ?? "ltr";
}

/** The prompt `id` in `code`, or in English when there is no such translation yet. */
function prompt(code, id) {
  const lang = PROMPTS[code] ? code : "en";
  return { id, lang, text: PROMPTS[lang].text[id], reviewed: PROMPTS[lang].reviewed };
}

/** Mark `node` as written in the prompt's language, and as unreviewed where it is. */
function markLanguage(node, { lang, reviewed }) {
  node.lang = lang;
  node.dir = directionOf(lang);
  node.dataset.reviewed = reviewed;
  return node;
}

function recall() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY));
    return saved?.code ? { code: saved.code, direction: saved.direction === "rtl" ? "rtl" : "ltr" } : null;
  } catch {
    return null; // storage blocked or garbled: ask again
  }
}

function remember(choice) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(choice));
  } catch {
    // Private modes may refuse storage; the choice then lasts for this visit only.
  }
}

/** A first guess at the reader's language, for the "choose your language" prompt. */
function guessLanguage() {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const lower = String(tag).toLowerCase();
    const code = lower === "fa-af" ? "prs" : lower.split("-")[0]; // fa-AF is Dari
    if (PROMPTS[code]) return code;
  }
  return "fi";
}

async function getJSON(url) {
  // A stalled mobile link must not leave the page waiting for ever.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 15000);
  try {
    const response = await fetch(url, { signal: abort.signal, headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return await response.json();
  } finally {
    clearTimeout(timer);
  }
}

/** Whether a recorded prompt exists; asked once per file, early, so a tap plays at once. */
function hasAudio(url) {
  if (!audioChecks.has(url)) {
    audioChecks.set(url, fetch(url, { method: "HEAD" }).then((r) => r.ok, () => false));
  }
  return audioChecks.get(url);
}

const audioUrl = (lang, id) => `/static/audio/${lang}/${id}.mp3`;

/** Say `text`: the recording of prompt `id` if there is one, else a synthetic voice of `lang`. */
async function speak(lang, text, id) {
  if (playing) playing.pause();
  window.speechSynthesis?.cancel();
  if (id && (await hasAudio(audioUrl(lang, id)))) {
    playing = new Audio(audioUrl(lang, id));
    playing.play().catch(() => {}); // refused autoplay: the speaker button still works
    return;
  }
  const voice = window.speechSynthesis
    ?.getVoices()
    .find((v) => v.lang.toLowerCase().split(/[-_]/)[0] === lang);
  // No voice for the language: stay silent rather than read it with a wrong one.
  if (!voice) return;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.voice = voice;
  utterance.lang = voice.lang;
  window.speechSynthesis.speak(utterance);
}

function speakerButton(lang, text, id, testid) {
  const label = prompt(lang, "listen");
  const button = markLanguage(el("button", { type: "button", class: "speak", "aria-label": label.text }), label);
  if (testid) button.dataset.testid = testid;
  button.append(icon("speaker"));
  button.addEventListener("click", () => speak(lang, text, id));
  return button;
}

/** Fill `slot` with prompt `id` as a heading, its speaker button and any machine-translation note. */
function renderPrompt(slot, id, code) {
  const found = prompt(code, id);
  hasAudio(audioUrl(found.lang, id)); // ask now, so that a tap or an arrival can play at once
  const heading = el("h1", { id: `prompt-${id}`, tabindex: "-1" }, found.text);
  slot.replaceChildren(heading, speakerButton(found.lang, found.text, id, `speak-${id}`));
  if (!found.reviewed) {
    // English for the reviewer, but laid out in the page's direction like everything else.
    const note = el("small", { class: "machine", lang: "en" }, "⚙ machine translation");
    note.title = "Machine translation, not yet reviewed by a person";
    slot.append(note);
  }
  markLanguage(slot, found).dataset.prompt = id;
  return found;
}

/** Put prompt `id` in the status line (read out by screen readers), or clear it. */
function say(code, id) {
  status.replaceChildren();
  if (id) markLanguage(status, prompt(code, id)).textContent = prompt(code, id).text;
}

/** Show one screen; when a tap led here, focus its prompt and speak it (sound is allowed now). */
function show(name, byTap, found) {
  for (const [key, screen] of Object.entries(screens)) screen.hidden = key !== name;
  if (!byTap) return;
  screens[name].querySelector("h1").focus();
  speak(found.lang, found.text, found.id);
}

function loadLanguages() {
  languagesRequest ??= getJSON("/api/v1/languages").then(
    (list) => (Array.isArray(list) && list.length ? list : FALLBACK_LANGUAGES),
    () => FALLBACK_LANGUAGES,
  );
  return languagesRequest;
}

function languageButton(item) {
  const direction = item.direction === "rtl" ? "rtl" : "ltr";
  const button = el("button", {
    type: "button", lang: item.code, dir: direction, "data-testid": `language-${item.code}`,
  }, item.endonym);
  if (language?.code === item.code) button.setAttribute("aria-current", "true");
  button.addEventListener("click", () => choose({ code: item.code, direction }));
  return button;
}

async function showLanguages(byTap) {
  const code = language?.code ?? guessLanguage();
  const found = renderPrompt($("pick-prompt"), "choose_language", code);
  say();
  show("pick", byTap, found);
  languageList.setAttribute("aria-busy", "true");
  const languages = await loadLanguages();
  languageList.replaceChildren(...languages.map(languageButton));
  languageList.removeAttribute("aria-busy");
}

/** Make `choice` the page's language: its `lang`, and its direction, which mirrors the layout. */
function applyLanguage(choice) {
  language = choice;
  document.documentElement.lang = choice.code;
  document.documentElement.dir = choice.direction;
}

function choose(choice) {
  applyLanguage(choice);
  remember(choice);
  showServices(true);
}

function iconFor(service) {
  if (service.peer_guidance) return "people";
  return SERVICE_ICONS.find(([, pattern]) => pattern.test(service.slug))?.[0] ?? "generic";
}

/** The service's name in `code`, else English, else Finnish (the server ensures fi or sv). */
function serviceName(service, code) {
  const lang = [code, "en", "fi", "sv"].find((c) => service.names[c]);
  return { lang, text: service.names[lang] };
}

function formatMinutes(code, minutes) {
  // CLDR knows each language's plural forms; fa-AF is CLDR's Dari. Fall back to "{n} min".
  const locale = code === "prs" ? "fa-AF" : code;
  try {
    const format = new Intl.NumberFormat(locale, { style: "unit", unit: "minute", unitDisplay: "long" });
    if (format.resolvedOptions().locale.split("-")[0] === locale.split("-")[0]) {
      return format.format(minutes);
    }
  } catch {
    // An older browser without unit formatting, or a tag it rejects.
  }
  return prompt(code, "minutes").text.replace("{n}", minutes);
}

function serviceCard(service, code) {
  const name = serviceName(service, code);
  const duration = formatMinutes(code, service.duration_minutes);
  const heading = el("h2", { lang: name.lang, dir: "auto" }, name.text);
  const time = el("p", { class: "duration" }, icon("clock"), el("span", {}, duration));
  return el("li", { class: "card", "data-testid": "service", "data-slug": service.slug },
    icon(iconFor(service)),
    el("div", {}, heading, time),
    speakerButton(name.lang, `${name.text}. ${duration}`));
}

async function renderServices() {
  retryButton.hidden = true;
  serviceList.replaceChildren();
  serviceList.setAttribute("aria-busy", "true");
  servicesRequest ??= getJSON("/api/v1/services");
  let services;
  try {
    services = await servicesRequest;
  } catch {
    servicesRequest = undefined; // let "try again" ask anew
    say(language.code, "load_failed");
    retryButton.hidden = false;
    return;
  } finally {
    serviceList.removeAttribute("aria-busy");
  }
  // The public list holds active services only.
  serviceList.replaceChildren(...services.map((service) => serviceCard(service, language.code)));
  say(language.code, services.length ? null : "no_services");
}

function labelButton(button, iconName, code, id) {
  const found = prompt(code, id);
  markLanguage(button, found).replaceChildren(icon(iconName), el("span", {}, found.text));
}

async function showServices(byTap) {
  const { code } = language;
  const found = renderPrompt($("offer-prompt"), "what_help", code);
  labelButton(changeButton, "globe", code, "change_language");
  labelButton(retryButton, "retry", code, "try_again");
  say();
  show("offer", byTap, found);
  await renderServices();
}

window.speechSynthesis?.getVoices(); // Chrome loads its voices only once first asked
changeButton.addEventListener("click", () => showLanguages(true));
retryButton.addEventListener("click", () => renderServices());

if (language) {
  applyLanguage(language);
  showServices(false);
} else {
  showLanguages(false);
}
