// @ts-check
// The volunteer's recording page (/record/{token}), from a recording invitation by e-mail or
// SMS: one text at a time, the booking path's first; the text in the invitation's language,
// its meaning in Finnish or English beside it (heard with a tap); record with the phone's
// microphone (MediaRecorder), listen back, send (the server checks and normalises it as the
// studio's takes), or skip. A link that has expired or is for another language is refused in
// the invitation's language. The API: /api/v1/recording/{token} (api/routes/recording.py).
import { $, el } from "./dom.js";
import { request, upload } from "./http.js";
import { RTL, word } from "./record-strings.js";

const MAX_SECONDS = 30;
const main = $("record-page");
const token = decodeURIComponent(location.pathname.split("/")[2] ?? "");
const api = `/api/v1/recording/${encodeURIComponent(token)}`;

/**
 * @typedef {{ kind: string, key: string, text: string, meaning: string | null,
 *   meaning_audio: string | null, booking: boolean, sent: boolean }} Item
 * @typedef {{ lang: string, meaning: string, name: string, expires_at: string, items: Item[] }} Invitation
 */

/** @param {string} lang */
function setLanguage(lang) {
  document.documentElement.lang = lang;
  document.documentElement.dir = RTL.has(lang) ? "rtl" : "ltr";
}

/** Words in the invitation's language, the reading language's beneath. */
function both(/** @type {string} */ lang, /** @type {string} */ meaning, /** @type {string} */ key, values = {}) {
  const first = word(lang, key, values);
  const second = word(meaning, key, values);
  return first === second ? [first] : [first, el("span", { class: "also", lang: meaning, dir: "ltr" }, second)];
}

/** The refusal of a link: in the invitation's language, with Finnish and English beneath. */
function refuse(/** @type {string} */ key, /** @type {string | null} */ lang) {
  const shown = lang ?? "en";
  setLanguage(shown);
  const others = ["fi", "en"].filter((code) => code !== shown);
  main.replaceChildren(el("div", { class: "refused", role: "alert", "data-testid": "record-refused", "data-reason": key },
    el("h1", {}, word(shown, key)),
    ...others.map((code) => el("p", { lang: code, dir: "ltr" }, word(code, key)))));
}

/** @param {Invitation} invitation */
function show(invitation) {
  const { lang, meaning } = invitation;
  setLanguage(lang);
  const items = invitation.items;
  const booking = items.filter((item) => item.booking);
  const status = el("p", { class: "status", role: "status", "data-testid": "record-status" });
  const card = el("section", { class: "item", "data-testid": "record-item" });
  const bar = el("span");
  const counted = el("p", { "data-testid": "record-booking" });
  const progress = () => {
    const sent = booking.filter((item) => item.sent).length;
    counted.replaceChildren(...both(lang, meaning, "booking", { heard: sent, total: booking.length }));
    counted.dataset.sent = String(sent);
    counted.dataset.total = String(booking.length);
    bar.style.inlineSize = `${booking.length ? Math.round((100 * sent) / booking.length) : 100}%`;
  };
  let at = items.findIndex((item) => !item.sent);
  const next = () => {
    const after = items.findIndex((item, index) => index > at && !item.sent);
    at = after >= 0 ? after : items.findIndex((item) => !item.sent);
    draw();
  };
  const draw = () => {
    progress();
    if (at < 0) {
      card.replaceChildren(el("p", { class: "said", "data-testid": "record-done" }, ...both(lang, meaning, "done")));
      return;
    }
    card.replaceChildren(...itemView(invitation, items[at], at, status, () => { items[at].sent = true; next(); }, next));
  };
  main.replaceChildren(
    el("h1", {}, ...both(lang, meaning, "title")),
    el("p", {}, word(lang, "hello", { name: invitation.name })),
    el("p", {}, ...both(lang, meaning, "intro")),
    counted,
    el("div", { class: "bar", "aria-hidden": "true" }, bar),
    card,
    status,
  );
  draw();
}

/**
 * One text: what to say, its meaning to read and hear, the recorder.
 * @param {Invitation} invitation
 * @param {Item} item
 * @param {number} index
 * @param {HTMLElement} status
 * @param {() => void} onSent
 * @param {() => void} onSkip
 */
function itemView(invitation, item, index, status, onSent, onSkip) {
  const { lang, meaning } = invitation;
  const label = new Intl.DisplayNames([meaning], { type: "language" }).of(meaning) ?? meaning;
  const hear = item.meaning_audio
    ? el("button", { type: "button", "data-testid": "record-meaning-listen", onclick: () => { new Audio(item.meaning_audio ?? "").play().catch(() => {}); } },
      word(meaning, "listen"))
    : null;
  return [
    el("div", { class: "count" }, el("span", {}, `${index + 1} / ${invitation.items.length}`),
      item.booking ? el("span", { class: "badge" }, word(lang, "for_booking")) : null),
    el("p", { class: "said", lang, dir: "auto", translate: "no", "data-testid": "record-text", "data-key": `${item.kind}:${item.key}` }, item.text),
    item.meaning ? el("p", { class: "meaning", lang: meaning, dir: "ltr" }, hear, el("span", {}, `${label}: `, el("span", { translate: "no" }, item.meaning))) : null,
    recorder(invitation, item, status, onSent, onSkip),
  ];
}

/**
 * @param {Invitation} invitation
 * @param {Item} item
 * @param {HTMLElement} status
 * @param {() => void} onSent
 * @param {() => void} onSkip
 */
function recorder(invitation, item, status, onSent, onSkip) {
  const { lang, meaning } = invitation;
  /** @type {Blob | null} */
  let take = null;
  /** @type {MediaRecorder | null} */
  let media = null;
  /** @type {BlobPart[]} */
  let chunks = [];
  const player = el("audio", { controls: true, hidden: true, "aria-label": word(lang, "take"), "data-testid": "record-take" });
  const record = el("button", { type: "button", class: "big", "data-testid": "record-button" }, ...both(lang, meaning, "record"));
  const send = el("button", { type: "button", class: "big primary", disabled: true, "data-testid": "record-send" }, ...both(lang, meaning, "send"));
  const skip = el("button", { type: "button", "data-testid": "record-skip", onclick: onSkip }, ...both(lang, meaning, "skip"));
  record.addEventListener("click", async () => {
    if (media?.state === "recording") { media.stop(); return; }
    /** @type {MediaStream} */
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true } });
    } catch {
      status.textContent = word(lang, "no_mic");
      return;
    }
    chunks = [];
    const made = new MediaRecorder(stream);
    media = made;
    made.addEventListener("dataavailable", (event) => chunks.push(event.data));
    made.addEventListener("stop", () => {
      stream.getTracks().forEach((track) => track.stop());
      take = new Blob(chunks, { type: made.mimeType });
      player.src = URL.createObjectURL(take);
      player.hidden = false;
      send.disabled = false;
      record.classList.remove("recording");
      record.dataset.state = "recorded";
      record.replaceChildren(...both(lang, meaning, "again"));
    });
    made.start();
    record.classList.add("recording");
    record.dataset.state = "recording";
    record.replaceChildren(...both(lang, meaning, "stop"));
    setTimeout(() => made.state === "recording" && made.stop(), MAX_SECONDS * 1000);
  });
  send.addEventListener("click", async () => {
    if (!take) return;
    send.disabled = true;
    const path = `${api}/${lang}/${item.kind}/${encodeURIComponent(item.key)}`;
    const answer = await upload(path, take).catch(() => null);
    if (answer?.ok) {
      status.textContent = word(lang, "sent");
      onSent();
      return;
    }
    const problem = answer?.data;
    if (answer && (answer.status === 410 || answer.status === 404 || answer.status === 403)) {
      refuse(reason(answer.status), problem?.lang ?? lang);
      return;
    }
    status.textContent = `${word(lang, "failed")} ${problem?.detail ?? ""}`;
    send.disabled = false;
  });
  return el("div", { class: "controls" }, record, player, send, skip);
}

/** @param {number} code */
const reason = (code) => (code === 410 ? "expired" : code === 403 ? "wrong_language" : "unknown");

async function start() {
  const answer = await request(api).catch(() => null);
  if (!answer) { refuse("failed", null); return; }
  const body = answer.data;
  if (!answer.ok) { refuse(reason(answer.status), body?.lang ?? null); return; }
  const invitation = /** @type {Invitation} */ (body);
  const wanted = new URLSearchParams(location.search).get("lang");
  if (wanted && wanted !== invitation.lang) { refuse("wrong_language", invitation.lang); return; }
  show(invitation);
}

start();
